/**
 * Online presentation of mdocs with OpenID for Verifiable Presentations 1.0 (final), redirect flow
 * (Response Mode `direct_post`, signed Request Objects, `x509_san_dns`, DCQL): both the verifier's and
 * the wallet's side, HTTP-free. The profile is named in {@link OPENID4VP_PROFILES}.
 */
export { OPENID4VP_PROFILES, OPENID4VP_1_0, isOpenId4VpProfile, assertOpenId4VpProfile, type OpenId4VpProfile } from './profile';
export { Oid4vpError, OID4VP_ERROR_CODES, OID4VP_OAUTH_ERRORS, type Oid4vpErrorCode, type Oid4vpOAuthError } from './oid4vp-error';
export { OPENID4VP_HANDOVER_IDENTIFIER, openId4VpHandoverInfoBytes, openId4VpHandoverBytes, openId4VpSessionTranscript, type OpenId4VpHandoverInput } from './handover';
export {
  MSO_MDOC_FORMAT,
  createMdocDcqlQuery,
  parseDcqlQuery,
  itemsRequestFor,
  checkDcqlSatisfied,
  type DcqlQuery,
  type DcqlMdocCredentialQuery,
  type DcqlMdocClaimQuery,
  type RequestedMdocElement,
  type DisclosedDocument,
  type Oid4vpCheck,
} from './dcql';
export { X509_SAN_DNS_PREFIX, parseX509SanDnsClientId, x509SanDnsClientId, certificateDnsNames } from './client-id';
export { signCompactJws, parseCompactJws, type CompactJws } from './jws';
// Verifier side
export {
  REQUEST_OBJECT_TYPE,
  REQUEST_OBJECT_MEDIA_TYPE,
  STATIC_DISCOVERY_AUDIENCE,
  OPENID4VP_SCHEME,
  MSO_MDOC_VP_FORMATS,
  createNonce,
  createRequestObjectPayload,
  signRequestObject,
  authorizationRequestUri,
  type AuthorizationRequestParams,
} from './authorization-request';
export { parseAuthorizationResponse, verifyAuthorizationResponse, type ParsedAuthorizationResponse, type SentAuthorizationRequest, type Oid4vpVerdict } from './authorization-response';
// Wallet side
export {
  parseAuthorizationRequestUri,
  verifyRequestObject,
  type AuthorizationRequestReference,
  type VerifierTrust,
  type VerifierIdentity,
  type VerifiedAuthorizationRequest,
  type VerifyRequestObjectOptions,
} from './request-object-verification';
export { createAuthorizationResponse, createAuthorizationErrorResponse, type HeldMdoc, type WalletAuthorizationResponse } from './wallet-response';
