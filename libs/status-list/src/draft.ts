/**
 * The revision of the IETF OAuth "Token Status List" draft this library implements.
 *
 * Section numbers cited in this library (§4.1 compressed byte array, §4.2/§4.3 JSON/CBOR Status
 * List, §5.1/§5.2 JWT/CWT Status List Token, §6 Referenced Token, §7 Status Types, §8.3 validation
 * rules, §11.1 decoding, §13.7 update interval and caching, §14 IANA) are those of this revision.
 * See the README for how the text was checked.
 */
export const TOKEN_STATUS_LIST_DRAFT = 'draft-ietf-oauth-status-list-21';

/** Media types of a Status List Token (§8.1, §14.7). */
export const STATUS_LIST_JWT_MEDIA_TYPE = 'application/statuslist+jwt';
export const STATUS_LIST_CWT_MEDIA_TYPE = 'application/statuslist+cwt';

/** The JWT `typ` header value (§5.1): the media type without its `application/` prefix (RFC 7515 §4.1.9). */
export const STATUS_LIST_JWT_TYP = 'statuslist+jwt';

/** COSE header parameter `typ` (RFC 9596 §2), label 16: carries {@link STATUS_LIST_CWT_MEDIA_TYPE} (§5.2). */
export const COSE_HEADER_TYPE = 16;

/**
 * CWT claim keys (RFC 8392 §3.1 for 1–6; §14.3 of the draft for the three it registers: "requested
 * assignment" values, which the draft's examples and the CWT claims registry use).
 */
export const CwtClaim = {
  iss: 1,
  sub: 2,
  exp: 4,
  nbf: 5,
  iat: 6,
  /** `status_list`: the Status List in a Status List Token (§5.2). */
  statusList: 65533,
  /** `ttl`: time to live in seconds (§5.2). */
  ttl: 65534,
  /** `status`: the status claim of a Referenced Token that is a CWT (§6.3). */
  status: 65535,
} as const;

/** COSE_Sign1_Tagged (RFC 9052 §2): a CWT Status List Token MUST be tagged 18 and MUST NOT carry the CWT tag 61 (§5.2). */
export const COSE_SIGN1_TAG = 18;
export const CWT_TAG = 61;
