import { type ArgumentsHost, Catch, type ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import type { Request, Response } from 'express';
import { CitizenZeroError } from '@citizen-zero/errors';
import { PLATFORM_STATUS_BY_CODE, RateLimitedError, ValidationFailedError } from './platform-error';

export interface ProblemDetails {
  type: string;
  title: string;
  status: number;
  code: string;
  detail: string;
  instance: string;
  correlationId?: string;
  errors?: readonly { field: string; message: string }[];
}

/**
 * A service-specific answer for an exception the standard mapping does not cover (e.g. OAuth
 * error bodies on protocol endpoints). Returns true when it has written the response.
 */
export type ExceptionResponder = (exception: unknown, response: Response) => boolean;

export interface ProblemDetailsOptions {
  /** HTTP status of each of the service's domain error codes: the one place codes become statuses. */
  readonly statusByCode: Readonly<Record<string, number>>;
  /** Error codes of infrastructure that is unavailable (HSM, …): 503 without details. */
  readonly unavailableCodePrefixes?: readonly string[];
  readonly responders?: readonly ExceptionResponder[];
}

/** Maps every exception to RFC 9457 problem details with a stable `code` and the correlation id. */
@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  private readonly logger = new Logger(ProblemDetailsFilter.name);

  constructor(private readonly options: ProblemDetailsOptions) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<Request>();
    const response = http.getResponse<Response>();
    for (const responder of this.options.responders ?? []) if (responder(exception, response)) return;
    const problem = this.toProblem(exception, request);
    if (problem.status >= 500) this.logger.error(`${problem.code} on ${request.method} ${request.route?.path ?? 'unknown route'}`, exception instanceof Error ? exception.stack : undefined);
    if (exception instanceof RateLimitedError) response.setHeader('retry-after', String(exception.retryAfterSeconds));
    response.status(problem.status).type('application/problem+json').json(problem);
  }

  private toProblem(exception: unknown, request: Request): ProblemDetails {
    const base = { instance: request.originalUrl.split('?')[0] ?? '', correlationId: request.header('x-correlation-id') };
    if (exception instanceof CitizenZeroError) {
      const code = exception.code;
      if (this.options.unavailableCodePrefixes?.some((prefix) => code.startsWith(prefix))) {
        return { ...base, type: `urn:citizen-zero:problem:${code}`, title: titleOf(503), status: 503, code, detail: 'a platform dependency is not available' };
      }
      const status = (PLATFORM_STATUS_BY_CODE as Record<string, number>)[code] ?? this.options.statusByCode[code] ?? 422;
      return { ...base, type: `urn:citizen-zero:problem:${code}`, title: titleOf(status), status, code, detail: exception.message, ...(exception instanceof ValidationFailedError && { errors: exception.fields }) };
    }
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      const code = status === 404 ? 'ROUTE_NOT_FOUND' : status === 413 ? 'PAYLOAD_TOO_LARGE' : status === 400 ? 'MALFORMED_REQUEST' : `HTTP_${status}`;
      return { ...base, type: `urn:citizen-zero:problem:${code}`, title: titleOf(status), status, code, detail: exception.message };
    }
    // body-parser's errors (raised before any route runs) carry their status and a type.
    const bodyError = exception as { type?: unknown; status?: unknown } | undefined;
    if (bodyError?.type === 'entity.too.large' && bodyError.status === 413) {
      return { ...base, type: 'urn:citizen-zero:problem:PAYLOAD_TOO_LARGE', title: titleOf(413), status: 413, code: 'PAYLOAD_TOO_LARGE', detail: 'the request body is larger than this endpoint accepts' };
    }
    if (typeof bodyError?.type === 'string' && bodyError.type.startsWith('entity.') && bodyError.status === 400) {
      return { ...base, type: 'urn:citizen-zero:problem:MALFORMED_REQUEST', title: titleOf(400), status: 400, code: 'MALFORMED_REQUEST', detail: 'the request body could not be parsed' };
    }
    return { ...base, type: 'urn:citizen-zero:problem:INTERNAL_ERROR', title: titleOf(500), status: 500, code: 'INTERNAL_ERROR', detail: 'an unexpected error occurred; it has been logged with the correlation id' };
  }
}

function titleOf(status: number): string {
  return ({ 400: 'Bad Request', 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found', 409: 'Conflict', 413: 'Payload Too Large', 422: 'Unprocessable Content', 429: 'Too Many Requests', 500: 'Internal Server Error', 503: 'Service Unavailable' } as Record<number, string>)[status] ?? 'Error';
}
