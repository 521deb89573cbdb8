import { CitizenZeroError } from '@citizen-zero/errors';

/**
 * Stable codes for everything that can be wrong with an mdoc. Verification reports
 * them per check; parsers and generators throw {@link MdocError} with them.
 */
export const MDOC_ERROR_CODES = [
  'CBOR_DECODING_FAILED',
  'CBOR_STRUCTURE_INVALID',
  'COSE_STRUCTURE_INVALID',
  'COSE_ALGORITHM_UNSUPPORTED',
  'COSE_KEY_INVALID',
  'ISSUER_SIGNATURE_INVALID',
  'ISSUER_CERTIFICATE_MISSING',
  'CERT_CHAIN_UNTRUSTED',
  'MSO_INVALID',
  'MSO_DIGEST_MISMATCH',
  'MSO_DIGEST_MISSING',
  'MSO_DIGEST_ALGORITHM_UNSUPPORTED',
  'MSO_EXPIRED',
  'MSO_NOT_YET_VALID',
  'MSO_SIGNED_OUTSIDE_CERTIFICATE_VALIDITY',
  'DOCTYPE_MISMATCH',
  'DEVICE_SIGNATURE_INVALID',
  'DEVICE_MAC_INVALID',
  'DEVICE_AUTH_MISSING',
  'DEVICE_KEY_NOT_AUTHORIZED',
  'SESSION_TRANSCRIPT_MISSING',
  'READER_KEY_REQUIRED',
  'DEVICE_RESPONSE_STATUS_ERROR',
  'ELEMENT_INVALID',
  'ELEMENT_MISSING',
  'SALT_TOO_SHORT',
  'DOCUMENT_NOT_FOUND',
] as const;

export type MdocErrorCode = (typeof MDOC_ERROR_CODES)[number];

export class MdocError extends CitizenZeroError<MdocErrorCode> {
  constructor(
    readonly code: MdocErrorCode,
    message: string,
    details: Record<string, string | number | boolean> = {},
    options?: { cause?: unknown },
  ) {
    super(message, details, options);
  }
}
