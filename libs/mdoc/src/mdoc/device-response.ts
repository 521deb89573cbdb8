import { decodeCbor, encodeCbor } from '../cbor/cbor';
import { asArray, asMap, asText, asUint, invalid, required } from '../cbor/structure';
import { MdocDocument } from './document';

/** DeviceResponse status codes (ISO/IEC 18013-5:2021 §8.3.2.1.2.3, table 8). */
export const DeviceResponseStatus = {
  OK: 0,
  GENERAL_ERROR: 10,
  CBOR_DECODING_ERROR: 11,
  CBOR_VALIDATION_ERROR: 12,
} as const;

/** DocumentError = `{ DocType => ErrorCode }` (§8.3.2.1.2.2); 0 = data not returned. */
export type DocumentError = ReadonlyMap<string, number>;

/**
 * DeviceResponse (ISO/IEC 18013-5:2021 §8.3.2.1.2.2):
 * `{ "version": tstr, ? "documents": [+ Document], ? "documentErrors": [+ DocumentError], "status": uint }`.
 */
export class DeviceResponse {
  constructor(
    readonly version: string,
    readonly documents: readonly MdocDocument[],
    readonly documentErrors: readonly DocumentError[],
    readonly status: number,
  ) {}

  static fromBytes(bytes: Uint8Array): DeviceResponse {
    return DeviceResponse.fromCbor(decodeCbor(bytes, 'DeviceResponse'));
  }

  static fromCbor(value: unknown): DeviceResponse {
    const what = 'DeviceResponse';
    const map = asMap(value, what);
    const version = asText(required(map, 'version', what), `${what} version`);
    if (!/^1\.\d+$/.test(version)) throw invalid(what, `unsupported version ${version}`);
    const documents = map.has('documents') ? asArray(map.get('documents'), `${what} documents`).map((doc, index) => MdocDocument.fromCbor(doc, `Document[${index}]`)) : [];
    const documentErrors = map.has('documentErrors')
      ? asArray(map.get('documentErrors'), `${what} documentErrors`).map((entry) => new Map([...asMap(entry, 'DocumentError')].map(([docType, code]) => [asText(docType, 'DocumentError docType'), asUint(code, 'ErrorCode')])))
      : [];
    return new DeviceResponse(version, documents, documentErrors, asUint(required(map, 'status', what), `${what} status`));
  }

  toCbor(): Map<string, unknown> {
    const map = new Map<string, unknown>([['version', this.version]]);
    if (this.documents.length > 0) map.set('documents', this.documents.map((doc) => doc.toCbor()));
    if (this.documentErrors.length > 0) map.set('documentErrors', this.documentErrors.map((entry) => new Map(entry)));
    map.set('status', this.status);
    return map;
  }

  toBytes(): Uint8Array {
    return encodeCbor(this.toCbor());
  }
}
