import { curveForOid, type NamedCurve } from '@citizen-zero/signing';
import { AsnConvert } from '@peculiar/asn1-schema';
import { SubjectPublicKeyInfo } from '@peculiar/asn1-x509';
import { toArrayBuffer } from './bytes';
import { decodeDerOid } from './der';
import { OID_EC_PUBLIC_KEY } from './oids';

/** What a SubjectPublicKeyInfo (RFC 5280 §4.1.2.7) says about its key. */
export interface PublicKeyInfo {
  /** Algorithm OID of the SPKI (1.2.840.10045.2.1 for EC keys, RFC 5480 §2.1.1). */
  readonly algorithmOid: string;
  /** Named-curve OID from the EC parameters, if the key is an EC key with a named curve. */
  readonly curveOid?: string;
  /** The Web Crypto curve name, when the curve is one this platform signs with (P-256/P-384/P-521). */
  readonly curve?: NamedCurve;
  /** The subjectPublicKey BIT STRING contents (for EC: the point, 0x04‖X‖Y when uncompressed). */
  readonly publicKey: Uint8Array;
}

/** Parses a DER SubjectPublicKeyInfo. Throws on malformed input. */
export function parsePublicKeyInfo(spki: Uint8Array | ArrayBuffer): PublicKeyInfo {
  const bytes = spki instanceof Uint8Array ? toArrayBuffer(spki) : spki;
  const asn = AsnConvert.parse(bytes, SubjectPublicKeyInfo);
  const algorithmOid = asn.algorithm.algorithm;
  const publicKey = new Uint8Array(asn.subjectPublicKey);
  if (algorithmOid !== OID_EC_PUBLIC_KEY || !asn.algorithm.parameters) return { algorithmOid, publicKey };
  let curveOid: string | undefined;
  try {
    curveOid = decodeDerOid(new Uint8Array(asn.algorithm.parameters));
  } catch {
    // implicitCurve / specifiedCurve parameters: not a named curve (RFC 5480 §2.1.1 forbids them).
    return { algorithmOid, publicKey };
  }
  const curve = curveForOid(curveOid);
  return { algorithmOid, curveOid, publicKey, ...(curve && { curve }) };
}

/** Imports an EC SPKI as a Web Crypto ECDSA verification key. Throws if it is not a supported EC key. */
export async function importEcdsaPublicKey(spki: Uint8Array | ArrayBuffer): Promise<{ key: CryptoKey; curve: NamedCurve }> {
  const info = parsePublicKeyInfo(spki);
  if (!info.curve) throw new RangeError(`public key is not an EC key on P-256, P-384 or P-521 (algorithm ${info.algorithmOid}${info.curveOid ? `, curve ${info.curveOid}` : ''})`);
  const bytes = spki instanceof Uint8Array ? toArrayBuffer(spki) : spki;
  const key = await globalThis.crypto.subtle.importKey('spki', bytes, { name: 'ECDSA', namedCurve: info.curve }, true, ['verify']);
  return { key, curve: info.curve };
}
