import { tdate, type CborMap } from '../cbor/cbor';
import { EncodedCbor } from '../cbor/encoded-cbor';
import { asArray, asBytes, asDate, asMap, asText, asUint, invalid, required } from '../cbor/structure';
import { coseKeyToJwk, type CoseKey } from '../cose/cose-key';
import { MdocError } from '../mdoc-error';
import { asDigestAlgorithm, type DigestAlgorithm } from './digest';

/**
 * KeyAuthorizations (ISO/IEC 18013-5:2021 §9.1.2.4): which namespaces or data elements the
 * device key may sign or MAC in DeviceSigned.
 */
export interface KeyAuthorizations {
  readonly nameSpaces?: readonly string[];
  readonly dataElements?: ReadonlyMap<string, readonly string[]>;
}

export interface DeviceKeyInfo {
  readonly deviceKey: CoseKey;
  readonly keyAuthorizations?: KeyAuthorizations;
  readonly keyInfo?: CborMap;
}

/** ValidityInfo (§9.1.2.4): every instant is a tdate. */
export interface ValidityInfo {
  readonly signed: Date;
  readonly validFrom: Date;
  readonly validUntil: Date;
  readonly expectedUpdate?: Date;
}

/**
 * Where a verifier finds the credential's revocation status: `status = { "status_list": { "idx":
 * uint, "uri": tstr } }` — the MSO member added by ISO/IEC 18013-5 second edition, pointing into an
 * IETF Token Status List (draft-ietf-oauth-status-list §6.3).
 */
export interface MsoStatus {
  readonly statusList: { readonly idx: number; readonly uri: string };
}

/**
 * MobileSecurityObject (ISO/IEC 18013-5:2021 §9.1.2.4): the issuer-signed digests of every
 * data element, the device key, the doctype and the validity of the credential.
 */
export interface MobileSecurityObject {
  readonly version: string;
  readonly digestAlgorithm: DigestAlgorithm;
  /** namespace → digestID → digest */
  readonly valueDigests: ReadonlyMap<string, ReadonlyMap<number, Uint8Array>>;
  readonly deviceKeyInfo: DeviceKeyInfo;
  readonly docType: string;
  readonly validityInfo: ValidityInfo;
  readonly status?: MsoStatus;
}

export const MSO_VERSION = '1.0';

export function encodeMobileSecurityObject(mso: MobileSecurityObject): EncodedCbor<unknown> {
  const deviceKeyInfo = new Map<string, unknown>([['deviceKey', mso.deviceKeyInfo.deviceKey]]);
  const authorizations = mso.deviceKeyInfo.keyAuthorizations;
  if (authorizations) {
    const map = new Map<string, unknown>();
    if (authorizations.nameSpaces) map.set('nameSpaces', [...authorizations.nameSpaces]);
    if (authorizations.dataElements) map.set('dataElements', new Map([...authorizations.dataElements].map(([ns, ids]) => [ns, [...ids]])));
    deviceKeyInfo.set('keyAuthorizations', map);
  }
  if (mso.deviceKeyInfo.keyInfo) deviceKeyInfo.set('keyInfo', mso.deviceKeyInfo.keyInfo);
  const validity = new Map<string, unknown>([
    ['signed', tdate(mso.validityInfo.signed)],
    ['validFrom', tdate(mso.validityInfo.validFrom)],
    ['validUntil', tdate(mso.validityInfo.validUntil)],
  ]);
  if (mso.validityInfo.expectedUpdate) validity.set('expectedUpdate', tdate(mso.validityInfo.expectedUpdate));
  const encoded = new Map<string, unknown>([
    ['version', mso.version],
    ['digestAlgorithm', mso.digestAlgorithm],
    ['valueDigests', new Map([...mso.valueDigests].map(([ns, digests]) => [ns, new Map(digests)]))],
    ['deviceKeyInfo', deviceKeyInfo],
    ['docType', mso.docType],
    ['validityInfo', validity],
  ]);
  if (mso.status) {
    encoded.set('status', new Map([['status_list', new Map<string, unknown>([['idx', mso.status.statusList.idx], ['uri', mso.status.statusList.uri]])]]));
  }
  return EncodedCbor.fromValue<unknown>(encoded);
}

export function parseMobileSecurityObject(value: unknown): MobileSecurityObject {
  const what = 'MobileSecurityObject';
  try {
    const map = asMap(value, what);
    const version = asText(required(map, 'version', what), `${what} version`);
    const valueDigests = new Map<string, Map<number, Uint8Array>>();
    for (const [ns, digests] of asMap(required(map, 'valueDigests', what), `${what} valueDigests`)) {
      const namespace = asText(ns, `${what} valueDigests namespace`);
      const byId = new Map<number, Uint8Array>();
      for (const [id, digestValue] of asMap(digests, `${what} valueDigests[${namespace}]`)) {
        byId.set(asUint(id, `${what} digestID`), asBytes(digestValue, `${what} digest`));
      }
      valueDigests.set(namespace, byId);
    }
    const deviceKeyInfoMap = asMap(required(map, 'deviceKeyInfo', what), `${what} deviceKeyInfo`);
    const deviceKey = asMap(required(deviceKeyInfoMap, 'deviceKey', 'deviceKeyInfo'), 'deviceKey');
    coseKeyToJwk(deviceKey, 'MSO deviceKey');
    const validityMap = asMap(required(map, 'validityInfo', what), `${what} validityInfo`);
    const keyAuthorizations = deviceKeyInfoMap.has('keyAuthorizations') ? parseKeyAuthorizations(deviceKeyInfoMap.get('keyAuthorizations')) : undefined;
    const keyInfo = deviceKeyInfoMap.has('keyInfo') ? asMap(deviceKeyInfoMap.get('keyInfo'), 'keyInfo') : undefined;
    return {
      version,
      digestAlgorithm: asDigestAlgorithm(required(map, 'digestAlgorithm', what)),
      valueDigests,
      deviceKeyInfo: { deviceKey, ...(keyAuthorizations && { keyAuthorizations }), ...(keyInfo && { keyInfo }) },
      docType: asText(required(map, 'docType', what), `${what} docType`),
      validityInfo: {
        signed: asDate(required(validityMap, 'signed', 'validityInfo'), 'validityInfo signed'),
        validFrom: asDate(required(validityMap, 'validFrom', 'validityInfo'), 'validityInfo validFrom'),
        validUntil: asDate(required(validityMap, 'validUntil', 'validityInfo'), 'validityInfo validUntil'),
        ...(validityMap.has('expectedUpdate') && { expectedUpdate: asDate(validityMap.get('expectedUpdate'), 'validityInfo expectedUpdate') }),
      },
      ...(map.has('status') && { status: parseMsoStatus(map.get('status')) }),
    };
  } catch (error) {
    if (error instanceof MdocError && error.code === 'CBOR_STRUCTURE_INVALID') throw new MdocError('MSO_INVALID', error.message, {}, { cause: error });
    throw error;
  }
}

function parseKeyAuthorizations(value: unknown): KeyAuthorizations {
  const map = asMap(value, 'keyAuthorizations');
  const nameSpaces = map.has('nameSpaces') ? asArray(map.get('nameSpaces'), 'keyAuthorizations nameSpaces').map((ns) => asText(ns, 'authorized namespace')) : undefined;
  let dataElements: Map<string, string[]> | undefined;
  if (map.has('dataElements')) {
    dataElements = new Map();
    for (const [ns, ids] of asMap(map.get('dataElements'), 'keyAuthorizations dataElements')) {
      const namespace = asText(ns, 'authorized namespace');
      if (nameSpaces?.includes(namespace)) throw invalid('keyAuthorizations', `namespace ${namespace} is in both nameSpaces and dataElements (§9.1.2.4 forbids it)`);
      dataElements.set(namespace, asArray(ids, 'authorized data elements').map((id) => asText(id, 'authorized data element')));
    }
  }
  return { ...(nameSpaces && { nameSpaces }), ...(dataElements && { dataElements }) };
}

/** Whether DeviceSigned may carry `namespace`/`element` under these authorizations (§9.1.2.4). */
export function isDeviceSignedElementAuthorized(authorizations: KeyAuthorizations | undefined, namespace: string, element: string): boolean {
  if (!authorizations) return false;
  if (authorizations.nameSpaces?.includes(namespace)) return true;
  return authorizations.dataElements?.get(namespace)?.includes(element) ?? false;
}

function parseMsoStatus(value: unknown): MsoStatus | undefined {
  const status = asMap(value, 'MSO status');
  if (!status.has('status_list')) return undefined; // e.g. only an identifier_list, which Citizen Zero does not use
  const list = asMap(status.get('status_list'), 'MSO status_list');
  return { statusList: { idx: asUint(required(list, 'idx', 'status_list'), 'status_list idx'), uri: asText(required(list, 'uri', 'status_list'), 'status_list uri') } };
}
