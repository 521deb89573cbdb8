import { CitizenZeroError } from '@citizen-zero/errors';

/** Failures of the verification service, by stable code; HTTP statuses in http/problem-details.ts. */
export type VerificationErrorCode = 'TRUST_ANCHOR_INVALID' | 'TRUST_ANCHOR_EXISTS' | 'TRUST_ANCHOR_NOT_FOUND' | 'PRESENTATION_MALFORMED' | 'TRUST_BUNDLE_NOT_CONFIGURED';

export class VerificationError extends CitizenZeroError<VerificationErrorCode> {
  constructor(
    readonly code: VerificationErrorCode,
    message: string,
    details: Record<string, string | number | boolean> = {},
    options?: { cause?: unknown },
  ) {
    super(message, details, options);
  }
}
