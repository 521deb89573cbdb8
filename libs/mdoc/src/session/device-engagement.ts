import { decodeCbor, encodeCbor } from '../cbor/cbor';
import { EncodedCbor } from '../cbor/encoded-cbor';
import { asArray, asMap, asText, asUint, invalid, required } from '../cbor/structure';
import { base64UrlDecode, base64UrlEncode, coseKeyToJwk, type CoseKey } from '../cose/cose-key';
import { MdocError } from '../mdoc-error';

/** Device retrieval method types (ISO/IEC 18013-5:2021 §8.2.1.1, table 2). */
export const DeviceRetrievalType = { NFC: 1, BLE: 2, WIFI_AWARE: 3 } as const;

export interface DeviceRetrievalMethod {
  readonly type: number;
  readonly version: number;
  readonly options: ReadonlyMap<unknown, unknown>;
}

/**
 * DeviceEngagement (ISO/IEC 18013-5:2021 §8.2.1.1):
 * `{ 0: "1.0", 1: Security, ? 2: DeviceRetrievalMethods, ? 5: OriginInfos, ... }` with
 * Security = `[cipherSuiteIdentifier: 1, EDeviceKeyBytes]`. Kept as received bytes because
 * the SessionTranscript embeds DeviceEngagementBytes.
 */
export class DeviceEngagement {
  private constructor(
    readonly bytes: Uint8Array,
    readonly version: string,
    readonly eDeviceKey: CoseKey,
    readonly retrievalMethods: readonly DeviceRetrievalMethod[],
    readonly extra: ReadonlyMap<unknown, unknown>,
  ) {}

  static create(params: { eDeviceKey: CoseKey; retrievalMethods?: readonly DeviceRetrievalMethod[]; extra?: ReadonlyMap<number, unknown> }): DeviceEngagement {
    const map = new Map<number, unknown>([
      [0, '1.0'],
      [1, [1, EncodedCbor.fromValue(params.eDeviceKey).toTag()]],
    ]);
    if (params.retrievalMethods && params.retrievalMethods.length > 0) {
      map.set(2, params.retrievalMethods.map((method) => [method.type, method.version, new Map(method.options)]));
    }
    for (const [key, value] of params.extra ?? []) map.set(key, value);
    return DeviceEngagement.fromBytes(encodeCbor(map));
  }

  static fromBytes(bytes: Uint8Array): DeviceEngagement {
    const what = 'DeviceEngagement';
    const map = asMap(decodeCbor(bytes, what), what);
    const version = asText(required(map, 0, what), `${what} version`);
    if (!version.startsWith('1.')) throw invalid(what, `unsupported version ${version}`);
    const security = asArray(required(map, 1, what), `${what} Security`);
    if (security.length !== 2 || asUint(security[0], 'cipherSuiteIdentifier') !== 1) throw invalid(`${what} Security`, 'cipher suite 1 is the only one defined');
    const eDeviceKey = EncodedCbor.fromTag<unknown>(security[1], 'EDeviceKeyBytes');
    coseKeyToJwk(eDeviceKey.value, 'EDeviceKey');
    const retrievalMethods = map.has(2)
      ? asArray(map.get(2), `${what} DeviceRetrievalMethods`).map((entry) => {
          const [type, methodVersion, options] = asArray(entry, 'DeviceRetrievalMethod');
          return { type: asUint(type, 'retrieval type'), version: asUint(methodVersion, 'retrieval version'), options: asMap(options, 'retrieval options') };
        })
      : [];
    const extra = new Map([...map].filter(([key]) => key !== 0 && key !== 1 && key !== 2));
    return new DeviceEngagement(bytes, version, eDeviceKey.value as CoseKey, retrievalMethods, extra);
  }

  /** The QR code payload: `"mdoc:" + base64url(DeviceEngagement)` without padding (§8.2.2.3). */
  toQrUri(): string {
    return `mdoc:${base64UrlEncode(this.bytes)}`;
  }

  static fromQrUri(uri: string): DeviceEngagement {
    if (!uri.startsWith('mdoc:')) throw new MdocError('CBOR_STRUCTURE_INVALID', 'a device engagement QR code starts with "mdoc:"');
    return DeviceEngagement.fromBytes(base64UrlDecode(uri.slice(5)));
  }
}
