import { CitizenZeroError } from '@citizen-zero/errors';

/** Every failure the identity service reports, by stable code. HTTP statuses are assigned in one place: http/problem-details.filter.ts. */
export type IdentityErrorCode =
  | 'VALIDATION_FAILED'
  | 'PERSON_NOT_FOUND'
  | 'PERSON_ALREADY_REGISTERED'
  | 'RECORD_DECRYPTION_FAILED'
  | 'APPLICATION_NOT_FOUND'
  | 'APPLICATION_TRANSITION_INVALID'
  /** Deduplication candidates are shown only while their application waits in adjudication. */
  | 'APPLICATION_NOT_IN_ADJUDICATION'
  | 'APPLICATION_CONFLICT'
  | 'MAKER_CHECKER_VIOLATION'
  | 'DEAD_LETTER_NOT_FOUND'
  | 'KEY_ROTATION_IN_PROGRESS'
  | 'PORTRAIT_MISSING'
  | 'DOCUMENT_NOT_FOUND'
  | 'DOCUMENT_NOT_ISSUED'
  /** A lifecycle action the document's status does not allow (e.g. reinstating a valid or revoked document). */
  | 'DOCUMENT_TRANSITION_INVALID'
  /** The document is suspended, revoked or expired, so it cannot be offered to a wallet. */
  | 'DOCUMENT_NOT_VALID'
  /** The person is recorded as deceased: their documents are revoked and their record takes no lifecycle action. */
  | 'PERSON_DECEASED'
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
