import { CwtClaim } from './draft';
import { isAbsoluteUri } from './encoding';
import { StatusListError } from './status-list-error';

/**
 * A Referenced Token's pointer into a Status List (§6.2, §6.3): the index of its entry and the URI
 * of the Status List Token that holds it.
 */
export interface StatusListReference {
  /** `idx`: a non-negative integer, the entry's index in the Status List. */
  readonly idx: number;
  /** `uri`: the URI of the Status List Token (RFC 3986), equal to that token's `sub`. */
  readonly uri: string;
}

/** The JSON `status` claim of a JOSE Referenced Token (§6.2): `{ "status_list": { "idx", "uri" } }`. */
export interface StatusClaimJson {
  readonly status_list: { readonly idx: number; readonly uri: string };
  readonly [mechanism: string]: unknown;
}

/**
 * The Status CBOR structure of a COSE Referenced Token (§6.3): a map with text-string keys naming
 * the status mechanism, here `"status_list"` → StatusListInfo `{ "idx": uint, "uri": tstr }`. The
 * draft gives these maps text keys only (no integer labels); in a CWT the map is the value of claim
 * 65535 ({@link CwtClaim}.status), and an ISO mdoc carries it the same way (§6.3).
 */
export type StatusClaimCbor = Map<string, Map<string, unknown>>;

/** Builds the value of the JSON `status` claim (§6.2), for a JWT, SD-JWT or SD-JWT VC. */
export function createStatusClaim(reference: StatusListReference): StatusClaimJson {
  const { idx, uri } = checkReference(reference, 'STATUS_LIST_ISSUANCE_INVALID');
  return { status_list: { idx, uri } };
}

/** Builds the Status CBOR structure (§6.3), for a CWT (claim 65535) or an ISO mdoc. */
export function createStatusClaimCbor(reference: StatusListReference): StatusClaimCbor {
  const { idx, uri } = checkReference(reference, 'STATUS_LIST_ISSUANCE_INVALID');
  return new Map([
    [
      'status_list',
      new Map<string, unknown>([
        ['idx', idx],
        ['uri', uri],
      ]),
    ],
  ]);
}

/**
 * Reads the `status_list` reference from the value of a JSON `status` claim (§6.2; §8.3 step 1).
 * Other status mechanisms in the object are ignored; extra members of `status_list` too.
 */
export function parseStatusClaim(status: unknown): StatusListReference {
  if (typeof status !== 'object' || status === null || Array.isArray(status)) throw malformed('the status claim must be a JSON object (§6.2)');
  const statusList = (status as Record<string, unknown>)['status_list'];
  if (typeof statusList !== 'object' || statusList === null || Array.isArray(statusList)) throw malformed('the status claim has no status_list object (§6.2)');
  const { idx, uri } = statusList as Record<string, unknown>;
  return checkReference({ idx: idx as number, uri: uri as string }, 'STATUS_REFERENCE_MALFORMED');
}

/** Reads the `status_list` reference from a JWT claims set's `status` claim (§6.2). */
export function statusReferenceFromJwtClaims(claims: Readonly<Record<string, unknown>>): StatusListReference {
  if (claims['status'] === undefined) throw malformed('the Referenced Token has no status claim (§6.2, §8.3 step 1)');
  return parseStatusClaim(claims['status']);
}

/** Reads the `status_list` reference from a Status CBOR structure (§6.3), e.g. from an mdoc. */
export function parseStatusClaimCbor(status: unknown): StatusListReference {
  if (!(status instanceof Map)) throw malformed('the Status CBOR structure must be a map (§6.3)');
  const statusList: unknown = status.get('status_list');
  if (!(statusList instanceof Map)) throw malformed('the Status CBOR structure has no "status_list" StatusListInfo map (§6.3)');
  const idx: unknown = statusList.get('idx');
  const uri: unknown = statusList.get('uri');
  return checkReference({ idx: typeof idx === 'bigint' && idx <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(idx) : (idx as number), uri: uri as string }, 'STATUS_REFERENCE_MALFORMED');
}

/** Reads the `status_list` reference from a CWT claims set (claim 65535, §6.3). */
export function statusReferenceFromCwtClaims(claims: ReadonlyMap<unknown, unknown>): StatusListReference {
  if (!claims.has(CwtClaim.status)) throw malformed('the Referenced Token has no status claim (65535; §6.3, §8.3 step 1)');
  return parseStatusClaimCbor(claims.get(CwtClaim.status));
}

function checkReference(reference: StatusListReference, code: 'STATUS_REFERENCE_MALFORMED' | 'STATUS_LIST_ISSUANCE_INVALID'): StatusListReference {
  const { idx, uri } = reference;
  if (typeof idx !== 'number' || !Number.isSafeInteger(idx) || idx < 0) throw new StatusListError(code, `status_list.idx must be a non-negative integer (§6.2), not ${JSON.stringify(idx) ?? 'missing'}`);
  if (!isAbsoluteUri(uri)) throw new StatusListError(code, `status_list.uri must be a URI (RFC 3986; §6.2), not ${JSON.stringify(uri) ?? 'missing'}`);
  return { idx, uri };
}

function malformed(message: string): StatusListError {
  return new StatusListError('STATUS_REFERENCE_MALFORMED', message);
}
