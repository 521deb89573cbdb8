import { signatureAlgorithmInfo, type HashName, type NamedCurve, type Signer } from '@citizen-zero/signing';
import { bytesEqual, toArrayBuffer } from './bytes';
import { PkiError } from './pki-error';
import { parsePublicKeyInfo } from './public-key';

/**
 * A Web Crypto facade over a {@link Signer}, for the @peculiar/x509 generators.
 *
 * The generators (`X509CertificateGenerator.create`, `Pkcs10CertificateRequestGenerator.create`,
 * `X509CrlGenerator.create`) DER-encode the to-be-signed structure themselves and then call
 * `crypto.subtle.sign(algorithm, signingKey, tbs)` on the `Crypto` they are given. This facade
 * answers that call with `signer.sign(tbs)` — so the private key stays wherever the Signer keeps
 * it (an HSM in production) — and returns the IEEE P1363 r‖s value, which the library's ECDSA
 * formatter turns into the DER `Ecdsa-Sig-Value` X.509 needs (RFC 5480 §2.2 / RFC 3279 §2.2.3).
 * Every other `Crypto` operation (digest for key identifiers, getRandomValues for serials,
 * exportKey, …) goes to `globalThis.crypto`.
 */
export interface SignerCrypto {
  /** The `Crypto` to pass to the generators. */
  readonly crypto: Crypto;
  /** The handle to pass as `signingKey` / `keys.privateKey`; only meaningful to {@link crypto}. */
  readonly signingKey: CryptoKey;
  /** The signer's public key, imported as an extractable Web Crypto ECDSA key. */
  readonly publicKey: CryptoKey;
  /** The signer's public key as DER SubjectPublicKeyInfo. */
  readonly spki: Uint8Array;
  /** `signingAlgorithm` for the generators: ECDSA with the signer's hash. */
  readonly signingAlgorithm: { readonly name: 'ECDSA'; readonly hash: HashName };
  readonly curve: NamedCurve;
}

/**
 * Builds the facade for `signer`. Checks that the signer's public key is on the curve its
 * algorithm names (ES256↔P-256, ES384↔P-384, ES512↔P-521); throws {@link PkiError}
 * `SIGNER_MISMATCH` otherwise.
 */
export async function createSignerCrypto(signer: Signer): Promise<SignerCrypto> {
  const info = signatureAlgorithmInfo(signer.algorithm);
  const spki = await signer.publicKeySpki();
  let keyCurve: string | undefined;
  try {
    const key = parsePublicKeyInfo(spki);
    keyCurve = key.curve ?? key.curveOid;
  } catch (error) {
    throw new PkiError('SIGNER_MISMATCH', `signer ${signer.keyId} returned a public key that is not a DER SubjectPublicKeyInfo`, { keyId: signer.keyId }, { cause: error });
  }
  if (keyCurve !== info.curve) {
    throw new PkiError('SIGNER_MISMATCH', `signer ${signer.keyId} is ${signer.algorithm} but its public key is on ${keyCurve ?? 'no named curve'}, not ${info.curve}`, { keyId: signer.keyId });
  }
  const real = globalThis.crypto;
  const publicKey = await real.subtle.importKey('spki', toArrayBuffer(spki), { name: 'ECDSA', namedCurve: info.curve }, true, ['verify']);
  const signingKey: CryptoKey = Object.freeze({
    type: 'private' as const,
    extractable: false,
    algorithm: Object.freeze({ name: 'ECDSA', namedCurve: info.curve }),
    usages: ['sign' as const],
  });

  const sign = async (algorithm: AlgorithmIdentifier | EcdsaParams, key: CryptoKey, data: BufferSource): Promise<ArrayBuffer> => {
    if (key !== signingKey) return real.subtle.sign(algorithm, key, data);
    const name = typeof algorithm === 'string' ? algorithm : algorithm.name;
    const hash = typeof algorithm === 'object' && 'hash' in algorithm ? hashName(algorithm.hash) : undefined;
    if (name.toUpperCase() !== 'ECDSA' || hash !== info.hash) {
      throw new PkiError('SIGNER_MISMATCH', `asked to sign with ${name}/${hash ?? 'no hash'} but signer ${signer.keyId} is ${signer.algorithm} (ECDSA/${info.hash})`, { keyId: signer.keyId });
    }
    const signature = await signer.sign(bufferSourceBytes(data));
    if (signature.length !== info.coordinateLength * 2) {
      throw new PkiError('SIGNER_MISMATCH', `signer ${signer.keyId} returned a ${signature.length}-byte signature; ${signer.algorithm} r‖s is ${info.coordinateLength * 2} bytes`, { keyId: signer.keyId });
    }
    return toArrayBuffer(signature);
  };

  const subtle = new Proxy(real.subtle, {
    get(target, property) {
      if (property === 'sign') return sign;
      const value: unknown = Reflect.get(target, property, target);
      // Node's SubtleCrypto methods check their receiver, so they must stay bound to the real object.
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
  const crypto: Crypto = {
    subtle,
    getRandomValues: real.getRandomValues.bind(real),
    randomUUID: real.randomUUID.bind(real),
  };
  return { crypto, signingKey, publicKey, spki, signingAlgorithm: { name: 'ECDSA', hash: info.hash }, curve: info.curve };
}

/** Whether `spki` is the public key of `signer`. */
export function isSignerKey(signerCrypto: SignerCrypto, spki: Uint8Array | ArrayBuffer): boolean {
  return bytesEqual(signerCrypto.spki, spki);
}

function hashName(hash: AlgorithmIdentifier): string {
  return (typeof hash === 'string' ? hash : hash.name).toUpperCase();
}

function bufferSourceBytes(data: BufferSource): Uint8Array {
  if (data instanceof ArrayBuffer) return new Uint8Array(data.slice(0));
  return new Uint8Array(data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength));
}
