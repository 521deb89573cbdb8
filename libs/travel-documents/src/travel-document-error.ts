import { CitizenZeroError } from '@citizen-zero/errors';

/**
 * Stable codes for everything that can be wrong with a machine readable zone, a visible digital
 * seal or a document to render. Generators and parsers throw {@link TravelDocumentError} with them;
 * seal verification reports them per check.
 */
export const TRAVEL_DOCUMENT_ERROR_CODES = [
  /** An MRZ (or one of its lines) does not have the length of its format (ICAO Doc 9303 Part 4 §4.2, Part 5 §4.2). */
  'MRZ_INVALID_LENGTH',
  /** A character outside the MRZ set A–Z, 0–9, `<` (Doc 9303 Part 3 §4.3), or a name character that cannot be transliterated (Part 3 §6). */
  'MRZ_INVALID_CHARACTER',
  /** A check digit does not match its field (Doc 9303 Part 3 §4.9). */
  'MRZ_CHECK_DIGIT_MISMATCH',
  /** A value does not fit its MRZ field (document number, optional data, issuing State…). */
  'MRZ_FIELD_TOO_LONG',
  /** A field has the right characters but a meaningless value (document code, date, sex). */
  'MRZ_INVALID_FIELD',
  /** The seal text or bytes are not a well-formed seal (prefix, RFC 9285 Base45, CBOR, COSE_Sign1). */
  'SEAL_MALFORMED',
  /** The signed payload is not a valid seal payload (unknown version, missing or ill-typed field). */
  'SEAL_PAYLOAD_INVALID',
  /** The COSE algorithm is not one of ES256, ES384, ES512 (RFC 9053 §2.1). */
  'SEAL_ALGORITHM_UNSUPPORTED',
  /** The COSE_Sign1 signature does not verify with the document signer key (RFC 9052 §4.4). */
  'SEAL_SIGNATURE_INVALID',
  /** The seal carries no document signer certificate (RFC 9360 §2 x5chain). */
  'SEAL_CERTIFICATE_MISSING',
  /** The document signer certificate does not chain to a trusted anchor at the verification time (RFC 5280 §6). */
  'SEAL_CHAIN_UNTRUSTED',
  /** The document signer certificate may not sign documents (keyUsage lacks digitalSignature, or it is a CA). */
  'SEAL_CERTIFICATE_USAGE_INVALID',
  /** The seal was signed outside the validity period of its document signer certificate, or after the verification time. */
  'SEAL_SIGNED_OUTSIDE_CERTIFICATE_VALIDITY',
  /** The sealed document has expired at the verification time (its date of expiry is past). */
  'SEAL_DOCUMENT_EXPIRED',
  /** The Signer does not hold the key of the leaf certificate, or its algorithm does not match the key. */
  'SEAL_SIGNER_MISMATCH',
  /** A record to render is incomplete or inconsistent (e.g. portrait not a JPEG). */
  'DOCUMENT_RECORD_INVALID',
] as const;

export type TravelDocumentErrorCode = (typeof TRAVEL_DOCUMENT_ERROR_CODES)[number];
export type MrzErrorCode = Extract<TravelDocumentErrorCode, `MRZ_${string}`>;
export type SealErrorCode = Extract<TravelDocumentErrorCode, `SEAL_${string}`>;

export class TravelDocumentError extends CitizenZeroError<TravelDocumentErrorCode> {
  constructor(
    readonly code: TravelDocumentErrorCode,
    message: string,
    details: Record<string, string | number | boolean> = {},
    options?: { cause?: unknown },
  ) {
    super(message, details, options);
  }
}
