import { randomUUID } from 'node:crypto';
import { Injectable, type NestMiddleware } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';

const HEADER = 'x-correlation-id';
const VALID = /^[A-Za-z0-9._:-]{1,128}$/;

/**
 * Every request carries a correlation id — the caller's, when it sends a well-formed one, or a
 * new one — echoed in the response so one enrolment can be followed across services.
 */
@Injectable()
export class CorrelationIdMiddleware implements NestMiddleware {
  use(request: Request, response: Response, next: NextFunction): void {
    const given = request.header(HEADER);
    const id = given && VALID.test(given) ? given : randomUUID();
    request.headers[HEADER] = id;
    response.setHeader(HEADER, id);
    next();
  }
}
