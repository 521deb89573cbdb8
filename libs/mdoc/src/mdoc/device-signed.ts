import { EncodedCbor } from '../cbor/encoded-cbor';
import { asMap, asText, invalid, required } from '../cbor/structure';
import { CoseMac0 } from '../cose/cose-mac0';
import { CoseSign1 } from '../cose/cose-sign1';

/**
 * DeviceSigned (ISO/IEC 18013-5:2021 §8.3.2.1.2.2):
 * `{ "nameSpaces": DeviceNameSpacesBytes, "deviceAuth": { "deviceSignature": COSE_Sign1 } / { "deviceMac": COSE_Mac0 } }`
 * with DeviceNameSpacesBytes = `#6.24(bstr .cbor { * NameSpace => { + DataElementIdentifier => DataElementValue } })`.
 */
export class DeviceSigned {
  constructor(
    readonly nameSpaces: EncodedCbor<unknown>,
    readonly deviceAuth: { readonly deviceSignature: CoseSign1 } | { readonly deviceMac: CoseMac0 },
  ) {}

  static fromCbor(value: unknown, what = 'DeviceSigned'): DeviceSigned {
    const map = asMap(value, what);
    const nameSpaces = EncodedCbor.fromTag<unknown>(required(map, 'nameSpaces', what), 'DeviceNameSpacesBytes');
    const elements = asMap(nameSpaces.value, 'DeviceNameSpaces');
    for (const [ns, items] of elements) {
      const namespace = asText(ns, 'DeviceNameSpaces namespace');
      for (const id of asMap(items, `DeviceNameSpaces[${namespace}]`).keys()) asText(id, 'device-signed data element identifier');
    }
    const auth = asMap(required(map, 'deviceAuth', what), `${what} deviceAuth`);
    if (auth.has('deviceSignature') === auth.has('deviceMac')) throw invalid(`${what} deviceAuth`, 'must hold exactly one of deviceSignature or deviceMac');
    return auth.has('deviceSignature')
      ? new DeviceSigned(nameSpaces, { deviceSignature: CoseSign1.fromCbor(auth.get('deviceSignature'), 'DeviceSignature') })
      : new DeviceSigned(nameSpaces, { deviceMac: CoseMac0.fromCbor(auth.get('deviceMac'), 'DeviceMac') });
  }

  /** namespace → element → value, as signed by the device. */
  elements(): Map<string, Map<string, unknown>> {
    const out = new Map<string, Map<string, unknown>>();
    for (const [ns, items] of asMap(this.nameSpaces.value, 'DeviceNameSpaces')) {
      out.set(ns as string, new Map([...asMap(items, 'DeviceNameSpaces')].map(([id, value]) => [id as string, value])));
    }
    return out;
  }

  toCbor(): Map<string, unknown> {
    const deviceAuth = 'deviceSignature' in this.deviceAuth ? new Map([['deviceSignature', this.deviceAuth.deviceSignature.toCbor()]]) : new Map([['deviceMac', this.deviceAuth.deviceMac.toCbor()]]);
    return new Map<string, unknown>([
      ['nameSpaces', this.nameSpaces.toTag()],
      ['deviceAuth', deviceAuth],
    ]);
  }
}
