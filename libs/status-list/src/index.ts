/**
 * @citizen-zero/status-list — the IETF OAuth Token Status List ({@link TOKEN_STATUS_LIST_DRAFT}):
 * the compressed status bit array, Status List Tokens as JWT and CWT (signed through the `Signer`
 * port, so keys stay in the HSM), their verification for offline verifiers, and the `status` claim
 * of Referenced Tokens (JWT, CWT, ISO mdoc). Framework-free; runs in Node and in browsers.
 */
export { TOKEN_STATUS_LIST_DRAFT, STATUS_LIST_JWT_MEDIA_TYPE, STATUS_LIST_CWT_MEDIA_TYPE, STATUS_LIST_JWT_TYP, COSE_HEADER_TYPE, CwtClaim } from './draft';

// Errors
export { StatusListError, STATUS_LIST_ERROR_CODES, STALE_STATUS_LIST_CODES, type StatusListErrorCode } from './status-list-error';

// The Status List (§4, §7)
export { StatusList, STATUS_BITS, isStatusBits, type StatusBits } from './status-list';
export { StatusType, APPLICATION_SPECIFIC_STATUS_VALUES, statusTypeName, isApplicationSpecificStatus, type StatusTypeName } from './status-type';
export {
  encodeStatusListJson,
  decodeStatusListJson,
  encodeStatusListCbor,
  decodeStatusListCbor,
  type StatusListJson,
  type StatusListCbor,
  type DecodedStatusList,
  type DecodeStatusListOptions,
} from './status-list-encoding';
export { DEFAULT_MAX_STATUS_LIST_BYTES } from './zlib';

// Status List Tokens (§5)
export { createStatusListJwt } from './token/status-list-jwt';
export { createStatusListCwt } from './token/status-list-cwt';
export type { IssueStatusListTokenParams, StatusListTokenClaims, StatusListTokenFormat } from './token/status-list-token';

// Verification (§8.3)
export { verifyStatusListToken, type VerifyStatusListTokenOptions, type StatusListTokenVerdict, type StatusListProblem } from './verification/verify-status-list-token';
export type { StatusListVerificationKey, StatusListKeyHint } from './verification/verification-key';
export {
  statusOf,
  checkReferencedTokenStatus,
  type ReferencedTokenStatus,
  type ReferencedTokenStatusCheck,
  type CheckReferencedTokenStatusOptions,
  type StatusOfOptions,
} from './verification/referenced-token-status';

// Referenced Tokens (§6)
export {
  createStatusClaim,
  createStatusClaimCbor,
  parseStatusClaim,
  parseStatusClaimCbor,
  statusReferenceFromJwtClaims,
  statusReferenceFromCwtClaims,
  type StatusListReference,
  type StatusClaimJson,
  type StatusClaimCbor,
} from './referenced-token';
