import { randomUUID } from 'node:crypto';
import { Injectable, type NestMiddleware } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { PlatformMetrics } from './platform-metrics';
import { requestContext } from './request-context';

const HEADER = 'x-correlation-id';
const VALID = /^[A-Za-z0-9._:-]{1,128}$/;

/**
 * Every request carries a correlation id — the caller's when well-formed, else a new one — echoed
 * in the response and present in every log line written while handling it; and its latency is
 * observed per route pattern (never per concrete path, which would carry ids).
 */
@Injectable()
export class ObservabilityMiddleware implements NestMiddleware {
  constructor(private readonly metrics: PlatformMetrics) {}

  use(request: Request, response: Response, next: NextFunction): void {
    const given = request.header(HEADER);
    const correlationId = given && VALID.test(given) ? given : randomUUID();
    request.headers[HEADER] = correlationId;
    response.setHeader(HEADER, correlationId);
    const started = process.hrtime.bigint();
    response.once('finish', () => {
      const route = (request.route as { path?: string } | undefined)?.path ?? 'unmatched';
      this.metrics.httpDuration.observe({ method: request.method, route: `${request.baseUrl}${route}`, status: String(response.statusCode) }, Number(process.hrtime.bigint() - started) / 1e9);
    });
    requestContext.run({ correlationId }, next);
  }
}
