import { CitizenZeroError } from '@citizen-zero/errors';

/**
 * Stable codes for everything that can be wrong with a Status List, a Status List Token or a
 * Referenced Token's status claim. Verification reports them per problem; constructors, parsers
 * and generators throw {@link StatusListError} with them.
 */
export const STATUS_LIST_ERROR_CODES = [
  /** Not a well-formed Status List, Status List Token or compressed byte array (§4, §5, RFC 1950). */
  'STATUS_LIST_MALFORMED',
  /** `bits` is not one of 1, 2, 4, 8 (§4.1 step 1). */
  'STATUS_LIST_BITS_INVALID',
  /** The decompressed byte array is larger than the verifier accepts (§11.1: a decompression bomb). */
  'STATUS_LIST_TOO_LARGE',
  /** A status value does not fit in `bits` bits, or is not an integer (§7). */
  'STATUS_VALUE_INVALID',
  /** The index is not within the Status List: no statement about the status can be made (§8.3 step 6). */
  'STATUS_INDEX_OUT_OF_RANGE',
  /** The JWT `typ` is not `statuslist+jwt` (§5.1) or the COSE `typ` (16) is not `application/statuslist+cwt` (§5.2). */
  'STATUS_LIST_TYPE_INVALID',
  /** The token is not signed with ES256, ES384 or ES512 (MAC and `none` are refused; §5.1 rule 2, §11.6). */
  'STATUS_LIST_ALGORITHM_UNSUPPORTED',
  /** No key to verify with: the token carries no certificate chain, or the key resolver knows no key (§11.3). */
  'STATUS_LIST_KEY_MISSING',
  /** The signer's certificate does not chain to a trust anchor, is expired, revoked, … (RFC 5280 §6; §11.3). */
  'STATUS_LIST_CERTIFICATE_INVALID',
  /** The signature does not verify with the key (§5.1 rule 2, §5.2 rule 2). */
  'STATUS_LIST_SIGNATURE_INVALID',
  /** The token's subject (`sub` / 2) is not the URI the Referenced Token points to (§8.3 step 4a). */
  'STATUS_LIST_URI_MISMATCH',
  /** Stale: the token is past its expiration time (`exp` / 4; §8.3 step 4c, RFC 7519 §4.1.4). */
  'STATUS_LIST_EXPIRED',
  /** Stale: more than `ttl` seconds have passed since the token was resolved (§8.3 step 4d, §13.7). */
  'STATUS_LIST_TTL_ELAPSED',
  /** The token was issued (`iat`) or becomes valid (`nbf`) after the verification time (RFC 7519 §4.1.5, §8.4). */
  'STATUS_LIST_NOT_YET_VALID',
  /** The Referenced Token's `status` claim is missing or not a valid `status_list` reference (§6.2, §6.3, §8.3 step 1). */
  'STATUS_REFERENCE_MALFORMED',
  /** A token could not be issued as asked: bad URI, times or ttl, or a Signer that does not match its certificate. */
  'STATUS_LIST_ISSUANCE_INVALID',
] as const;

export type StatusListErrorCode = (typeof STATUS_LIST_ERROR_CODES)[number];

/** The codes that mean "the status information is stale" (§13.7): the list itself verified. */
export const STALE_STATUS_LIST_CODES: readonly StatusListErrorCode[] = ['STATUS_LIST_EXPIRED', 'STATUS_LIST_TTL_ELAPSED'];

export class StatusListError extends CitizenZeroError<StatusListErrorCode> {
  constructor(
    readonly code: StatusListErrorCode,
    message: string,
    details: Record<string, string | number | boolean> = {},
    options?: { cause?: unknown },
  ) {
    super(message, details, options);
  }
}
