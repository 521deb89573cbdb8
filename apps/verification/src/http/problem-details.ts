import type { MdocErrorCode } from '@citizen-zero/mdoc';
import type { ProblemDetailsOptions } from '@citizen-zero/nest-platform';
import { OID4VP_STATUS_BY_CODE, oid4vpWalletErrors } from '../oid4vp/oid4vp-endpoint-error';
import type { VerificationErrorCode } from '../verification-error';

/** The one place the verification service's error codes become HTTP statuses. */
const STATUS_BY_CODE: Record<VerificationErrorCode, number> = {
  TRUST_ANCHOR_INVALID: 400,
  PRESENTATION_MALFORMED: 400,
  TRUST_ANCHOR_NOT_FOUND: 404,
  TRUST_BUNDLE_NOT_CONFIGURED: 404,
  TRUST_ANCHOR_EXISTS: 409,
  RELYING_PARTY_EXISTS: 409,
  RELYING_PARTY_NOT_FOUND: 404,
  API_KEY_NOT_FOUND: 404,
  PURPOSE_REQUIRED: 400,
  PURPOSE_NOT_ALLOWED: 403,
  REQUEST_REQUIRED: 400,
  ZK_NOT_CONFIGURED: 404,
  READER_CA_NOT_CONFIGURED: 404,
  READER_REQUEST_INVALID: 400,
};

/** A DeviceResponse that cannot be parsed is the caller's error: its libs/mdoc code, 400. */
const MALFORMED_PRESENTATION_CODES = ['CBOR_DECODING_FAILED', 'CBOR_STRUCTURE_INVALID', 'CBOR_TRUNCATED', 'CBOR_RESERVED_VALUE', 'CBOR_INVALID_UTF8', 'CBOR_TOO_DEEP', 'CBOR_TOO_MANY_ITEMS', 'CBOR_UNKNOWN_TAG', 'CBOR_TRAILING_BYTES', 'COSE_STRUCTURE_INVALID', 'COSE_ALGORITHM_UNSUPPORTED', 'COSE_KEY_INVALID', 'MSO_INVALID', 'MSO_DIGEST_ALGORITHM_UNSUPPORTED', 'ELEMENT_INVALID'] as const satisfies readonly MdocErrorCode[];

export const VERIFICATION_PROBLEM_DETAILS: ProblemDetailsOptions = {
  statusByCode: { ...Object.fromEntries(MALFORMED_PRESENTATION_CODES.map((code) => [code, 400])), ...STATUS_BY_CODE, ...OID4VP_STATUS_BY_CODE },
  unavailableCodePrefixes: ['HSM_'],
  // The OpenID4VP endpoints the wallet calls answer in the OAuth error shape (OpenID4VP 1.0 §8.5).
  responders: [oid4vpWalletErrors],
};
