import { CitizenZeroError } from '@citizen-zero/errors';

/**
 * Stable codes for what can be wrong in an OpenID4VP exchange, on either side. Each names the
 * OAuth error a wallet sends back (OpenID4VP 1.0 §8.5) in {@link OID4VP_OAUTH_ERRORS}.
 */
export const OID4VP_ERROR_CODES = [
  /** The request or response follows another OpenID4VP version or ISO/IEC 18013-7 draft than the one configured. */
  'OID4VP_PROFILE_UNSUPPORTED',
  /** A response mode other than `direct_post` (e.g. `direct_post.jwt`, `dc_api`), which this implementation does not offer. */
  'OID4VP_RESPONSE_MODE_UNSUPPORTED',
  /** The Request Object is not a well-formed compact JWS with a JSON header and payload. */
  'OID4VP_REQUEST_OBJECT_MALFORMED',
  /** The JOSE header `typ` is not `oauth-authz-req+jwt` (§5), or `alg` is not an allowed ECDSA algorithm. */
  'OID4VP_REQUEST_OBJECT_HEADER_INVALID',
  /** The Request Object signature does not verify with the leaf key of `x5c`. */
  'OID4VP_REQUEST_SIGNATURE_INVALID',
  /** The `x5c` chain does not validate to a trusted verifier (reader/RP) root; the path validation code is in `details.pathCode`. */
  'OID4VP_VERIFIER_UNTRUSTED',
  /** The Client Identifier Prefix is not `x509_san_dns` (the only one supported). */
  'OID4VP_CLIENT_ID_PREFIX_UNSUPPORTED',
  /** The `client_id` does not match the leaf certificate's dNSName, the URI's `client_id`, or the `response_uri` host (§5.9.3). */
  'OID4VP_CLIENT_ID_MISMATCH',
  /** A required request parameter is missing or malformed (`response_type`, `nonce`, `response_uri`, …). */
  'OID4VP_REQUEST_INVALID',
  /** The Request Object's `exp` has passed (or `nbf` not reached). */
  'OID4VP_REQUEST_EXPIRED',
  /** The DCQL query is malformed (§6) or asks for something other than `mso_mdoc`. */
  'OID4VP_DCQL_INVALID',
  /** DCQL features this wallet does not evaluate (`credential_sets`, `claim_sets`, `values`, `trusted_authorities`), or `transaction_data`. */
  'OID4VP_DCQL_UNSUPPORTED',
  /** The wallet holds no credential, or not every requested claim, for a Credential Query (§6.4.1: then it returns none). */
  'OID4VP_CREDENTIAL_UNAVAILABLE',
  /** The Authorization Response is malformed (parameters missing, repeated or of the wrong type). */
  'OID4VP_RESPONSE_INVALID',
  /** The response's `state` is not the one of the Authorization Request. */
  'OID4VP_STATE_MISMATCH',
  /** `vp_token` is not the §8.1 JSON object of Credential Query ids to arrays of base64url DeviceResponses. */
  'OID4VP_VP_TOKEN_INVALID',
  /** The presentations do not satisfy the DCQL query (wrong doctype, claims missing, queries unanswered). */
  'OID4VP_DCQL_NOT_SATISFIED',
] as const;

export type Oid4vpErrorCode = (typeof OID4VP_ERROR_CODES)[number];

/** Authorization Error Response codes (RFC 6749 §4.1.2.1, OpenID4VP 1.0 §8.5). */
export type Oid4vpOAuthError = 'invalid_request' | 'invalid_client' | 'access_denied' | 'vp_formats_not_supported' | 'invalid_request_uri_method' | 'invalid_transaction_data';

/** The OAuth error that reports each code to the other party. */
export const OID4VP_OAUTH_ERRORS: Readonly<Record<Oid4vpErrorCode, Oid4vpOAuthError>> = {
  OID4VP_PROFILE_UNSUPPORTED: 'invalid_request',
  OID4VP_RESPONSE_MODE_UNSUPPORTED: 'invalid_request',
  OID4VP_REQUEST_OBJECT_MALFORMED: 'invalid_request',
  OID4VP_REQUEST_OBJECT_HEADER_INVALID: 'invalid_request',
  OID4VP_REQUEST_SIGNATURE_INVALID: 'invalid_client',
  OID4VP_VERIFIER_UNTRUSTED: 'invalid_client',
  OID4VP_CLIENT_ID_PREFIX_UNSUPPORTED: 'invalid_request',
  OID4VP_CLIENT_ID_MISMATCH: 'invalid_request',
  OID4VP_REQUEST_INVALID: 'invalid_request',
  OID4VP_REQUEST_EXPIRED: 'invalid_request',
  OID4VP_DCQL_INVALID: 'invalid_request',
  OID4VP_DCQL_UNSUPPORTED: 'invalid_request',
  OID4VP_CREDENTIAL_UNAVAILABLE: 'access_denied',
  OID4VP_RESPONSE_INVALID: 'invalid_request',
  OID4VP_STATE_MISMATCH: 'invalid_request',
  OID4VP_VP_TOKEN_INVALID: 'invalid_request',
  OID4VP_DCQL_NOT_SATISFIED: 'invalid_request',
};

export class Oid4vpError extends CitizenZeroError<Oid4vpErrorCode> {
  constructor(
    readonly code: Oid4vpErrorCode,
    message: string,
    details: Record<string, string | number | boolean> = {},
    options?: { cause?: unknown },
  ) {
    super(message, details, options);
  }

  /** The OAuth `error` to send for this failure (OpenID4VP 1.0 §8.5). */
  get oauthError(): Oid4vpOAuthError {
    return OID4VP_OAUTH_ERRORS[this.code];
  }
}
