import { CitizenZeroError } from '@citizen-zero/errors';

/**
 * Stable codes for everything that can be wrong with an mdoc. Verification reports
 * them per check; parsers and generators throw {@link MdocError} with them.
 */
export const MDOC_ERROR_CODES = [
  'CBOR_DECODING_FAILED',
  'CBOR_STRUCTURE_INVALID',
  // Untrusted CBOR refused before decoding (cbor/well-formedness.ts, RFC 8949 §3, Appendix C).
  'CBOR_TRUNCATED',
  'CBOR_RESERVED_VALUE',
  'CBOR_INVALID_UTF8',
  'CBOR_TOO_DEEP',
  'CBOR_TOO_MANY_ITEMS',
  'CBOR_UNKNOWN_TAG',
  'CBOR_TRAILING_BYTES',
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
  // Session protocol (ISO/IEC 18013-5:2021 §9.1.1); each names the SessionData status to send, if any.
  /** SessionEstablishment or SessionData is not well-formed CBOR or not that structure: send status 11. */
  'SESSION_MESSAGE_INVALID',
  /** AES-256-GCM authentication failed under the expected message counter: send status 10. */
  'SESSION_DECRYPTION_FAILED',
  /** The message authenticates under an earlier message counter (a replay): send status 10. */
  'SESSION_MESSAGE_REPLAYED',
  /** The message authenticates under a later message counter (reordered or one lost): send status 10. */
  'SESSION_MESSAGE_OUT_OF_ORDER',
  /** ECDH with the peer's ephemeral key failed (not a point on the curve, other curve): send status 10. */
  'SESSION_KEY_AGREEMENT_FAILED',
  /** The 32-bit message counter is used up (§9.1.1.5). */
  'SESSION_COUNTER_EXHAUSTED',
  /** The peer sent status 10 (error: session encryption). */
  'SESSION_PEER_ENCRYPTION_ERROR',
  /** The peer sent status 11 (error: CBOR decoding). */
  'SESSION_PEER_DECODING_ERROR',
  /** The peer sent a status that Table 20 does not define. */
  'SESSION_STATUS_UNKNOWN',
  /** The session was terminated (status 20, sent or received). */
  'SESSION_TERMINATED',
  /** A well-formed message that the session cannot take in its current state. */
  'SESSION_MESSAGE_UNEXPECTED',
  /** A method called in a state that does not allow it (e.g. a second request while one is pending). */
  'SESSION_STATE_INVALID',
  /** The transport closed before the session ended. */
  'SESSION_TRANSPORT_CLOSED',
  // Reader authentication (§9.1.4), reported per DocRequest to the mdoc holder.
  'READER_AUTH_INVALID',
  'READER_CERTIFICATE_MISSING',
  'READER_CERTIFICATE_INVALID',
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
