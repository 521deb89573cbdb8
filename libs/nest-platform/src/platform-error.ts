import { CitizenZeroError } from '@citizen-zero/errors';

/** Failures every Citizen Zero service reports the same way, whatever its domain. */
export type PlatformErrorCode = 'VALIDATION_FAILED' | 'AUTH_TOKEN_MISSING' | 'AUTH_TOKEN_INVALID' | 'AUTH_API_KEY_INVALID' | 'PERMISSION_DENIED' | 'RATE_LIMITED';

export const PLATFORM_STATUS_BY_CODE: Readonly<Record<PlatformErrorCode, number>> = {
  VALIDATION_FAILED: 400,
  AUTH_TOKEN_MISSING: 401,
  AUTH_TOKEN_INVALID: 401,
  AUTH_API_KEY_INVALID: 401,
  PERMISSION_DENIED: 403,
  RATE_LIMITED: 429,
};

export class PlatformError extends CitizenZeroError<PlatformErrorCode> {
  constructor(
    readonly code: PlatformErrorCode,
    message: string,
    details: Record<string, string | number | boolean> = {},
    options?: { cause?: unknown },
  ) {
    super(message, details, options);
  }
}

/** A field that failed validation, named as the client sent it. */
export interface FieldProblem {
  readonly field: string;
  readonly message: string;
}

export class ValidationFailedError extends PlatformError {
  constructor(readonly fields: readonly FieldProblem[]) {
    super('VALIDATION_FAILED', `the request is invalid: ${fields.map((field) => `${field.field}: ${field.message}`).join('; ')}`, { fields: fields.length });
  }
}

/** Too many requests: answered 429 with `Retry-After` (RFC 9110 §10.2.3) in whole seconds. */
export class RateLimitedError extends PlatformError {
  constructor(
    readonly retryAfterSeconds: number,
    message: string,
  ) {
    super('RATE_LIMITED', message, { retryAfterSeconds });
  }
}
