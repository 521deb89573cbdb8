import { signatureAlgorithmForCose, signatureAlgorithmInfo, verifyEcdsa, type Signer, type SignatureAlgorithmInfo } from '@citizen-zero/signing';
import { decodeCbor, encodeCbor, isTag, type CborMap } from '../cbor/cbor';
import { asArray, asBytes, asMap, invalid } from '../cbor/structure';
import { MdocError } from '../mdoc-error';
import { CoseHeader } from './cose-header';

const EMPTY = new Uint8Array(0);

/**
 * COSE_Sign1 (RFC 9052 §4.2): `[protected: bstr, unprotected: map, payload: bstr / nil, signature: bstr]`,
 * optionally tagged 18. ISO/IEC 18013-5:2021 §9.1.2.4 uses it untagged for IssuerAuth
 * (payload MobileSecurityObjectBytes, `x5chain` in the unprotected header) and §9.1.3.6
 * for DeviceSignature (detached payload DeviceAuthenticationBytes).
 *
 * The protected header is kept as the received bstr and signed/verified as such.
 */
export class CoseSign1 {
  readonly protectedHeaders: CborMap;

  private constructor(
    readonly protectedHeaderBytes: Uint8Array,
    readonly unprotectedHeaders: CborMap,
    readonly payload: Uint8Array | null,
    readonly signature: Uint8Array,
  ) {
    this.protectedHeaders = protectedHeaderBytes.length === 0 ? new Map() : asMap(decodeCbor(protectedHeaderBytes, 'COSE protected header'), 'COSE protected header');
  }

  static fromCbor(value: unknown, what = 'COSE_Sign1'): CoseSign1 {
    const untagged = isTag(value, 18) ? value.value : value;
    const parts = asArray(untagged, what);
    if (parts.length !== 4) throw invalid(what, 'must be an array of 4 elements', 'COSE_STRUCTURE_INVALID');
    const [protectedBytes, unprotected, payload, signature] = parts;
    try {
      return new CoseSign1(
        asBytes(protectedBytes, `${what} protected header`),
        asMap(unprotected, `${what} unprotected header`),
        payload === null || payload === undefined ? null : asBytes(payload, `${what} payload`),
        asBytes(signature, `${what} signature`),
      );
    } catch (error) {
      if (error instanceof MdocError) throw new MdocError('COSE_STRUCTURE_INVALID', error.message, {}, { cause: error });
      throw error;
    }
  }

  /**
   * Signs `payload` through the Signer port. With `detached`, the payload is signed but
   * carried as nil (RFC 9052 §2), as 18013-5 requires for DeviceSignature and ReaderAuth.
   */
  static async sign(params: {
    signer: Signer;
    payload: Uint8Array;
    detached?: boolean;
    unprotectedHeaders?: CborMap;
    externalAad?: Uint8Array;
  }): Promise<CoseSign1> {
    const info = signatureAlgorithmInfo(params.signer.algorithm);
    const protectedHeaderBytes = encodeCbor(new Map([[CoseHeader.alg, info.coseAlgorithm]]));
    const toBeSigned = sigStructure(protectedHeaderBytes, params.externalAad ?? EMPTY, params.payload);
    const signature = await params.signer.sign(toBeSigned);
    if (signature.length !== info.coordinateLength * 2) {
      throw new MdocError('COSE_STRUCTURE_INVALID', `signer ${params.signer.keyId} returned a ${signature.length}-byte signature; ${params.signer.algorithm} needs ${info.coordinateLength * 2} (raw r‖s)`);
    }
    return new CoseSign1(protectedHeaderBytes, params.unprotectedHeaders ?? new Map(), params.detached ? null : params.payload, signature);
  }

  /** The COSE algorithm of the signature, from the protected header (RFC 9052 §3.1: alg must be protected). */
  get algorithm(): SignatureAlgorithmInfo {
    const alg = this.protectedHeaders.get(CoseHeader.alg);
    const info = typeof alg === 'number' ? signatureAlgorithmForCose(alg) : undefined;
    if (!info) throw new MdocError('COSE_ALGORITHM_UNSUPPORTED', `COSE algorithm ${String(alg)} is not supported (ES256, ES384, ES512)`);
    return info;
  }

  /**
   * The certificate chain from the `x5chain` header (RFC 9360 §2): a single bstr or an
   * array of bstr, leaf first. 18013-5 §9.1.2.4 places it in the unprotected header.
   */
  x5chain(): Uint8Array[] {
    const value = this.unprotectedHeaders.get(CoseHeader.x5chain) ?? this.protectedHeaders.get(CoseHeader.x5chain);
    if (value === undefined) return [];
    if (value instanceof Uint8Array) return [value];
    return asArray(value, 'x5chain').map((certificate, index) => asBytes(certificate, `x5chain[${index}]`));
  }

  /** Sig_structure for this message (RFC 9052 §4.4), with the detached payload if the message carries none. */
  toBeSigned(detachedPayload?: Uint8Array, externalAad: Uint8Array = EMPTY): Uint8Array {
    const payload = this.payload ?? detachedPayload;
    if (!payload) throw new MdocError('COSE_STRUCTURE_INVALID', 'COSE_Sign1 has a detached payload and none was supplied');
    return sigStructure(this.protectedHeaderBytes, externalAad, payload);
  }

  async verify(publicKey: CryptoKey, detachedPayload?: Uint8Array, externalAad?: Uint8Array): Promise<boolean> {
    const info = this.algorithm;
    if (this.signature.length !== info.coordinateLength * 2) return false;
    const keyCurve = (publicKey.algorithm as EcKeyAlgorithm).namedCurve;
    if (keyCurve !== info.curve) return false;
    return verifyEcdsa(publicKey, info.hash, this.signature, this.toBeSigned(detachedPayload, externalAad));
  }

  /** The untagged array form embedded in 18013-5 structures. */
  toCbor(): unknown[] {
    return [this.protectedHeaderBytes, this.unprotectedHeaders, this.payload, this.signature];
  }
}

/** `Sig_structure = ["Signature1", body_protected, external_aad, payload]` (RFC 9052 §4.4). */
export function sigStructure(protectedHeaderBytes: Uint8Array, externalAad: Uint8Array, payload: Uint8Array): Uint8Array {
  return encodeCbor(['Signature1', protectedHeaderBytes, externalAad, payload]);
}
