import { asMap, asText, asUint, required } from '../cbor/structure';
import { DeviceSigned } from './device-signed';
import { IssuerSigned } from './issuer-signed';

/** Errors = `{ + NameSpace => { + DataElementIdentifier => ErrorCode } }` (§8.3.2.1.2.2). */
export type DocumentElementErrors = ReadonlyMap<string, ReadonlyMap<string, number>>;

/**
 * Document (ISO/IEC 18013-5:2021 §8.3.2.1.2.2):
 * `{ "docType": DocType, "issuerSigned": IssuerSigned, ? "deviceSigned": DeviceSigned, ? "errors": Errors }`.
 * 18013-5 makes deviceSigned mandatory in a DeviceResponse; it is optional here so the
 * same type holds an issued credential before presentation.
 */
export class MdocDocument {
  constructor(
    readonly docType: string,
    readonly issuerSigned: IssuerSigned,
    readonly deviceSigned?: DeviceSigned,
    readonly errors?: DocumentElementErrors,
  ) {}

  static fromCbor(value: unknown, what = 'Document'): MdocDocument {
    const map = asMap(value, what);
    const docType = asText(required(map, 'docType', what), `${what} docType`);
    const issuerSigned = IssuerSigned.fromCbor(required(map, 'issuerSigned', what), `${what} issuerSigned`);
    const deviceSigned = map.has('deviceSigned') ? DeviceSigned.fromCbor(map.get('deviceSigned'), `${what} deviceSigned`) : undefined;
    let errors: Map<string, Map<string, number>> | undefined;
    if (map.has('errors')) {
      errors = new Map();
      for (const [ns, items] of asMap(map.get('errors'), `${what} errors`)) {
        errors.set(
          asText(ns, 'errors namespace'),
          new Map([...asMap(items, 'errors')].map(([id, code]) => [asText(id, 'errors element'), asUint(code, 'ErrorCode')])),
        );
      }
    }
    return new MdocDocument(docType, issuerSigned, deviceSigned, errors);
  }

  toCbor(): Map<string, unknown> {
    const map = new Map<string, unknown>([
      ['docType', this.docType],
      ['issuerSigned', this.issuerSigned.toCbor()],
    ]);
    if (this.deviceSigned) map.set('deviceSigned', this.deviceSigned.toCbor());
    if (this.errors && this.errors.size > 0) map.set('errors', new Map([...this.errors].map(([ns, items]) => [ns, new Map(items)])));
    return map;
  }
}
