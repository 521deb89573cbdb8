import { isTag } from '../cbor/cbor';
import { EncodedCbor } from '../cbor/encoded-cbor';
import { asArray, asMap, asText, invalid, required } from '../cbor/structure';
import { CoseSign1 } from '../cose/cose-sign1';
import { MdocError } from '../mdoc-error';
import { parseMobileSecurityObject, type MobileSecurityObject } from './mobile-security-object';
import { parseIssuerSignedItem, type IssuerSignedItemBytes } from './issuer-signed-item';

/**
 * IssuerSigned (ISO/IEC 18013-5:2021 §8.3.2.1.2.2):
 * `{ ? "nameSpaces": IssuerNameSpaces, "issuerAuth": IssuerAuth }` where
 * IssuerNameSpaces = `{ + NameSpace => [ + IssuerSignedItemBytes ] }` and IssuerAuth is a
 * COSE_Sign1 over MobileSecurityObjectBytes (§9.1.2.4).
 */
export class IssuerSigned {
  private constructor(
    readonly nameSpaces: ReadonlyMap<string, readonly IssuerSignedItemBytes[]>,
    readonly issuerAuth: CoseSign1,
    /** MobileSecurityObjectBytes: the issuerAuth payload, kept as received. */
    readonly msoBytes: EncodedCbor<unknown>,
    readonly mso: MobileSecurityObject,
  ) {}

  static create(nameSpaces: ReadonlyMap<string, readonly IssuerSignedItemBytes[]>, issuerAuth: CoseSign1): IssuerSigned {
    const { msoBytes, mso } = IssuerSigned.readPayload(issuerAuth);
    return new IssuerSigned(nameSpaces, issuerAuth, msoBytes, mso);
  }

  static fromCbor(value: unknown, what = 'IssuerSigned'): IssuerSigned {
    const map = asMap(value, what);
    const issuerAuth = CoseSign1.fromCbor(required(map, 'issuerAuth', what), `${what} issuerAuth`);
    const nameSpaces = new Map<string, IssuerSignedItemBytes[]>();
    if (map.has('nameSpaces')) {
      for (const [ns, items] of asMap(map.get('nameSpaces'), `${what} nameSpaces`)) {
        const namespace = asText(ns, `${what} namespace`);
        const list = asArray(items, `${what} nameSpaces[${namespace}]`);
        if (list.length === 0) throw invalid(`${what} nameSpaces[${namespace}]`, 'must hold at least one IssuerSignedItemBytes');
        nameSpaces.set(namespace, list.map((item, index) => parseIssuerSignedItem(item, `IssuerSignedItem ${namespace}[${index}]`)));
      }
    }
    const { msoBytes, mso } = IssuerSigned.readPayload(issuerAuth);
    return new IssuerSigned(nameSpaces, issuerAuth, msoBytes, mso);
  }

  private static readPayload(issuerAuth: CoseSign1): { msoBytes: EncodedCbor<unknown>; mso: MobileSecurityObject } {
    if (!issuerAuth.payload) throw new MdocError('MSO_INVALID', 'issuerAuth has no payload (MobileSecurityObjectBytes must be attached)');
    const outer = EncodedCbor.fromItemBytes<unknown>(issuerAuth.payload, 'MobileSecurityObjectBytes');
    if (!isTag(outer.value, 24)) throw new MdocError('MSO_INVALID', 'issuerAuth payload must be MobileSecurityObjectBytes (#6.24)');
    const msoBytes = EncodedCbor.fromTag<unknown>(outer.value, 'MobileSecurityObjectBytes');
    return { msoBytes, mso: parseMobileSecurityObject(msoBytes.value) };
  }

  /** A copy holding only the chosen items (selective disclosure); the issuerAuth is unchanged. */
  select(keep: (namespace: string, elementIdentifier: string) => boolean): IssuerSigned {
    const nameSpaces = new Map<string, IssuerSignedItemBytes[]>();
    for (const [namespace, items] of this.nameSpaces) {
      const chosen = items.filter((entry) => keep(namespace, entry.item.elementIdentifier));
      if (chosen.length > 0) nameSpaces.set(namespace, chosen);
    }
    return new IssuerSigned(nameSpaces, this.issuerAuth, this.msoBytes, this.mso);
  }

  toCbor(): Map<string, unknown> {
    const map = new Map<string, unknown>();
    if (this.nameSpaces.size > 0) {
      map.set('nameSpaces', new Map([...this.nameSpaces].map(([ns, items]) => [ns, items.map((entry) => entry.encoded.toTag())])));
    }
    map.set('issuerAuth', this.issuerAuth.toCbor());
    return map;
  }
}
