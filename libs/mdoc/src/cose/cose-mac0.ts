import { decodeCbor, encodeCbor, isTag, type CborMap } from '../cbor/cbor';
import { asArray, asBytes, asMap, invalid } from '../cbor/structure';
import { MdocError } from '../mdoc-error';
import { CoseAlgorithm, CoseHeader } from './cose-header';

const EMPTY = new Uint8Array(0);

/**
 * COSE_Mac0 (RFC 9052 §6.2): `[protected, unprotected, payload / nil, tag]`, optionally tagged 17.
 * ISO/IEC 18013-5:2021 §9.1.3.5 uses it for DeviceMac with HMAC 256/256 (alg 5) keyed by
 * EMacKey, over the detached DeviceAuthenticationBytes.
 */
export class CoseMac0 {
  readonly protectedHeaders: CborMap;

  private constructor(
    readonly protectedHeaderBytes: Uint8Array,
    readonly unprotectedHeaders: CborMap,
    readonly payload: Uint8Array | null,
    readonly tag: Uint8Array,
  ) {
    this.protectedHeaders = protectedHeaderBytes.length === 0 ? new Map() : asMap(decodeCbor(protectedHeaderBytes, 'COSE protected header'), 'COSE protected header');
  }

  static fromCbor(value: unknown, what = 'COSE_Mac0'): CoseMac0 {
    const untagged = isTag(value, 17) ? value.value : value;
    const parts = asArray(untagged, what);
    if (parts.length !== 4) throw invalid(what, 'must be an array of 4 elements', 'COSE_STRUCTURE_INVALID');
    const [protectedBytes, unprotected, payload, tag] = parts;
    return new CoseMac0(
      asBytes(protectedBytes, `${what} protected header`),
      asMap(unprotected, `${what} unprotected header`),
      payload === null || payload === undefined ? null : asBytes(payload, `${what} payload`),
      asBytes(tag, `${what} tag`),
    );
  }

  static async create(params: { macKey: Uint8Array; payload: Uint8Array; detached?: boolean; externalAad?: Uint8Array }): Promise<CoseMac0> {
    const protectedHeaderBytes = encodeCbor(new Map([[CoseHeader.alg, CoseAlgorithm.HMAC_256_256]]));
    const tag = await hmacSha256(params.macKey, macStructure(protectedHeaderBytes, params.externalAad ?? EMPTY, params.payload));
    return new CoseMac0(protectedHeaderBytes, new Map(), params.detached ? null : params.payload, tag);
  }

  async verify(macKey: Uint8Array, detachedPayload?: Uint8Array, externalAad: Uint8Array = EMPTY): Promise<boolean> {
    if (this.protectedHeaders.get(CoseHeader.alg) !== CoseAlgorithm.HMAC_256_256) {
      throw new MdocError('COSE_ALGORITHM_UNSUPPORTED', `COSE_Mac0 algorithm ${String(this.protectedHeaders.get(CoseHeader.alg))} is not supported (5, HMAC 256/256)`);
    }
    const payload = this.payload ?? detachedPayload;
    if (!payload) throw new MdocError('COSE_STRUCTURE_INVALID', 'COSE_Mac0 has a detached payload and none was supplied');
    const key = await crypto.subtle.importKey('raw', macKey as BufferSource, { name: 'HMAC', hash: 'SHA-256' }, false, ['verify']);
    return crypto.subtle.verify('HMAC', key, this.tag as BufferSource, macStructure(this.protectedHeaderBytes, externalAad, payload) as BufferSource);
  }

  toCbor(): unknown[] {
    return [this.protectedHeaderBytes, this.unprotectedHeaders, this.payload, this.tag];
  }
}

/** `MAC_structure = ["MAC0", protected, external_aad, payload]` (RFC 9052 §6.3). */
export function macStructure(protectedHeaderBytes: Uint8Array, externalAad: Uint8Array, payload: Uint8Array): Uint8Array {
  return encodeCbor(['MAC0', protectedHeaderBytes, externalAad, payload]);
}

async function hmacSha256(keyBytes: Uint8Array, data: Uint8Array): Promise<Uint8Array> {
  const key = await crypto.subtle.importKey('raw', keyBytes as BufferSource, { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
  return new Uint8Array(await crypto.subtle.sign('HMAC', key, data as BufferSource));
}
