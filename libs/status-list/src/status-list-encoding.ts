import { base64UrlEncode, decodeBase64Url, isAbsoluteUri } from './encoding';
import { StatusList, isStatusBits, type StatusBits } from './status-list';
import { StatusListError } from './status-list-error';

/** The JSON Status List (§4.2): `lst` is the base64url of the compressed byte array. */
export interface StatusListJson {
  readonly bits: StatusBits;
  readonly lst: string;
  /** URI of the Status List Aggregation (§9.2). */
  readonly aggregation_uri?: string;
}

/** The CBOR Status List (§4.3): a map with text keys; `lst` is a byte string. */
export type StatusListCbor = Map<string, unknown>;

export interface DecodedStatusList {
  readonly statusList: StatusList;
  readonly aggregationUri?: string;
}

export interface DecodeStatusListOptions {
  /** Largest decompressed byte array to accept (default 16 MiB). */
  readonly maxBytes?: number;
}

/** `{ bits, lst, aggregation_uri? }` of §4.2. */
export function encodeStatusListJson(statusList: StatusList, options: { aggregationUri?: string } = {}): StatusListJson {
  return {
    bits: statusList.bits,
    lst: base64UrlEncode(statusList.compress()),
    ...(options.aggregationUri !== undefined && { aggregation_uri: checkAggregationUri(options.aggregationUri, 'STATUS_LIST_ISSUANCE_INVALID') }),
  };
}

/** Reads the JSON Status List of §4.2 and decompresses its `lst`. Other members are ignored. */
export function decodeStatusListJson(value: unknown, options: DecodeStatusListOptions = {}): DecodedStatusList {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw malformed('status_list must be a JSON object (§4.2)');
  const { bits, lst, aggregation_uri: aggregationUri } = value as Record<string, unknown>;
  if (!isStatusBits(bits)) throw new StatusListError('STATUS_LIST_BITS_INVALID', `status_list.bits must be 1, 2, 4 or 8 (§4.2), not ${JSON.stringify(bits) ?? 'missing'}`);
  if (typeof lst !== 'string' || lst.length === 0) throw malformed('status_list.lst must be a non-empty base64url string (§4.2)');
  const statusList = StatusList.decompress(decodeBase64Url(lst, 'status_list.lst'), bits, options);
  return { statusList, ...(aggregationUri !== undefined && { aggregationUri: checkAggregationUri(aggregationUri, 'STATUS_LIST_MALFORMED') }) };
}

/** The CBOR map of §4.3: `{ "bits": uint, "lst": bstr, ? "aggregation_uri": tstr }`. */
export function encodeStatusListCbor(statusList: StatusList, options: { aggregationUri?: string } = {}): StatusListCbor {
  const map: StatusListCbor = new Map<string, unknown>([
    ['bits', statusList.bits],
    ['lst', statusList.compress()],
  ]);
  if (options.aggregationUri !== undefined) map.set('aggregation_uri', checkAggregationUri(options.aggregationUri, 'STATUS_LIST_ISSUANCE_INVALID'));
  return map;
}

/** Reads the CBOR Status List of §4.3 and decompresses its `lst`. Other entries are ignored. */
export function decodeStatusListCbor(value: unknown, options: DecodeStatusListOptions = {}): DecodedStatusList {
  if (!(value instanceof Map)) throw malformed('the status list claim must be a CBOR map (§4.3)');
  const bits: unknown = value.get('bits');
  const lst: unknown = value.get('lst');
  const aggregationUri: unknown = value.get('aggregation_uri');
  if (!isStatusBits(bits)) throw new StatusListError('STATUS_LIST_BITS_INVALID', `StatusList bits must be 1, 2, 4 or 8 (§4.3), not ${String(bits)}`);
  if (!(lst instanceof Uint8Array) || lst.length === 0) throw malformed('StatusList lst must be a non-empty byte string (§4.3)');
  const statusList = StatusList.decompress(lst, bits, options);
  return { statusList, ...(aggregationUri !== undefined && { aggregationUri: checkAggregationUri(aggregationUri, 'STATUS_LIST_MALFORMED') }) };
}

function checkAggregationUri(value: unknown, code: 'STATUS_LIST_MALFORMED' | 'STATUS_LIST_ISSUANCE_INVALID'): string {
  if (!isAbsoluteUri(value)) throw new StatusListError(code, 'aggregation_uri must be an absolute URI (§9.2)');
  return value;
}

function malformed(message: string): StatusListError {
  return new StatusListError('STATUS_LIST_MALFORMED', message);
}
