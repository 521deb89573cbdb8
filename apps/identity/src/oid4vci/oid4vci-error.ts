/**
 * Errors of the OpenID4VCI endpoints, answered in the OAuth shape the wallet expects
 * (`{ "error", "error_description" }`, RFC 6749 §5.2; OpenID4VCI 1.0 §6.3, §8.3.1.2), not as
 * problem details.
 */
export type Oid4vciErrorCode = 'invalid_request' | 'invalid_grant' | 'unsupported_grant_type' | 'invalid_token' | 'invalid_proof' | 'invalid_nonce' | 'unknown_credential_configuration' | 'credential_request_denied';

export class Oid4vciError extends Error {
  constructor(
    readonly error: Oid4vciErrorCode,
    readonly description: string,
    readonly status = error === 'invalid_token' ? 401 : 400,
  ) {
    super(description);
  }
}
