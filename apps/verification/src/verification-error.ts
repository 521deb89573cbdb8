import { CitizenZeroError } from '@citizen-zero/errors';

/** Failures of the verification service, by stable code; HTTP statuses in http/problem-details.ts. */
export type VerificationErrorCode =
  | 'TRUST_ANCHOR_INVALID'
  | 'TRUST_ANCHOR_EXISTS'
  | 'TRUST_ANCHOR_NOT_FOUND'
  | 'PRESENTATION_MALFORMED'
  | 'TRUST_BUNDLE_NOT_CONFIGURED'
  | 'RELYING_PARTY_EXISTS'
  | 'RELYING_PARTY_NOT_FOUND'
  | 'API_KEY_NOT_FOUND'
  | 'PURPOSE_REQUIRED'
  | 'PURPOSE_NOT_ALLOWED'
  | 'REQUEST_REQUIRED'
  /** Zero-knowledge proofs are not configured here (no trusted BBS issuer keys), or the key file cannot be read. */
  | 'ZK_NOT_CONFIGURED'
  /** This deployment has no reader CA (readers/): it issues no reader certificates. */
  | 'READER_CA_NOT_CONFIGURED'
  /** A reader certificate request that cannot be certified (no proof of possession, unsupported key). */
  | 'READER_REQUEST_INVALID';

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
