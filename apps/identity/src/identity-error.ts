import { CitizenZeroError } from '@citizen-zero/errors';

/** Every failure the identity service reports, by stable code. HTTP statuses are assigned in one place: http/problem-details.filter.ts. */
export type IdentityErrorCode =
  | 'VALIDATION_FAILED'
  | 'PERSON_NOT_FOUND'
  | 'PERSON_ALREADY_REGISTERED'
  | 'RECORD_DECRYPTION_FAILED'
  | 'APPLICATION_NOT_FOUND'
  | 'APPLICATION_TRANSITION_INVALID'
  | 'APPLICATION_CONFLICT'
  | 'MAKER_CHECKER_VIOLATION'
  | 'DEAD_LETTER_NOT_FOUND'
  | 'KEY_ROTATION_IN_PROGRESS'
  | 'PORTRAIT_MISSING'
  | 'DOCUMENT_NOT_FOUND'
  | 'DOCUMENT_NOT_ISSUED'
  | 'WEBHOOK_NOT_FOUND'
  /** The BBS issuer key of the zero-knowledge credentials is not configured or cannot be read (ADR 10). */
  | 'ZK_ISSUER_KEY_UNAVAILABLE';

export class IdentityError extends CitizenZeroError<IdentityErrorCode> {
  constructor(
    readonly code: IdentityErrorCode,
    message: string,
    details: Record<string, string | number | boolean> = {},
    options?: { cause?: unknown },
  ) {
    super(message, details, options);
  }
}
