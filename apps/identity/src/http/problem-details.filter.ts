import { type ArgumentsHost, Catch, type ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import type { Request, Response } from 'express';
import { CitizenZeroError } from '@citizen-zero/errors';
import { HsmError } from '@citizen-zero/hsm';
import { type IdentityErrorCode, IdentityError, ValidationFailedError } from '../identity-error';
import { Oid4vciError } from '../oid4vci/oid4vci-error';

/** The one place domain error codes become HTTP statuses (RFC 9457 problem details). */
const STATUS_BY_CODE: Record<IdentityErrorCode, number> = {
  VALIDATION_FAILED: 400,
  AUTH_TOKEN_MISSING: 401,
  AUTH_TOKEN_INVALID: 401,
  PERMISSION_DENIED: 403,
  MAKER_CHECKER_VIOLATION: 403,
  PERSON_NOT_FOUND: 404,
  APPLICATION_NOT_FOUND: 404,
  DEAD_LETTER_NOT_FOUND: 404,
  PERSON_ALREADY_REGISTERED: 409,
  APPLICATION_TRANSITION_INVALID: 409,
  APPLICATION_CONFLICT: 409,
  KEY_ROTATION_IN_PROGRESS: 409,
  RECORD_DECRYPTION_FAILED: 500,
  PORTRAIT_MISSING: 409,
  DOCUMENT_NOT_FOUND: 404,
  DOCUMENT_NOT_ISSUED: 409,
};

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

@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  private readonly logger = new Logger(ProblemDetailsFilter.name);

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<Request>();
    const response = http.getResponse<Response>();
    if (exception instanceof Oid4vciError) {
      response.status(exception.status).setHeader('cache-control', 'no-store');
      if (exception.status === 401) response.setHeader('www-authenticate', `Bearer error="${exception.error}"`);
      response.json({ error: exception.error, error_description: exception.description });
      return;
    }
    const problem = this.toProblem(exception, request);
    if (problem.status >= 500) this.logger.error(`${problem.code} on ${request.method} ${request.route?.path ?? 'unknown route'}`, exception instanceof Error ? exception.stack : undefined);
    response.status(problem.status).type('application/problem+json').json(problem);
  }

  private toProblem(exception: unknown, request: Request): ProblemDetails {
    const base = { instance: request.originalUrl.split('?')[0] ?? '', correlationId: request.header('x-correlation-id') };
    if (exception instanceof IdentityError) {
      const status = STATUS_BY_CODE[exception.code];
      return { ...base, type: `urn:citizen-zero:problem:${exception.code}`, title: titleOf(status), status, code: exception.code, detail: exception.message, ...(exception instanceof ValidationFailedError && { errors: exception.fields }) };
    }
    if (exception instanceof HsmError) {
      // The HSM being unreachable or locked is the platform's fault, not the caller's.
      return { ...base, type: `urn:citizen-zero:problem:${exception.code}`, title: titleOf(503), status: 503, code: exception.code, detail: 'the hardware security module is not available' };
    }
    if (exception instanceof CitizenZeroError) {
      return { ...base, type: `urn:citizen-zero:problem:${exception.code}`, title: titleOf(422), status: 422, code: exception.code, detail: exception.message };
    }
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      const code = status === 404 ? 'ROUTE_NOT_FOUND' : status === 413 ? 'PAYLOAD_TOO_LARGE' : status === 400 ? 'MALFORMED_REQUEST' : `HTTP_${status}`;
      return { ...base, type: `urn:citizen-zero:problem:${code}`, title: titleOf(status), status, code, detail: exception.message };
    }
    return { ...base, type: 'urn:citizen-zero:problem:INTERNAL_ERROR', title: titleOf(500), status: 500, code: 'INTERNAL_ERROR', detail: 'an unexpected error occurred; it has been logged with the correlation id' };
  }
}

function titleOf(status: number): string {
  return ({ 400: 'Bad Request', 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found', 409: 'Conflict', 413: 'Payload Too Large', 422: 'Unprocessable Content', 500: 'Internal Server Error', 503: 'Service Unavailable' } as Record<number, string>)[status] ?? 'Error';
}
