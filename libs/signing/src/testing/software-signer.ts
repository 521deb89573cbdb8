import type { Signer } from '../signer';
import { signatureAlgorithmInfo, type SignatureAlgorithm } from '../signature-algorithm';

/**
 * A Signer over a Web Crypto key pair held in process memory.
 *
 * For unit tests and for simulating the wallet's device key only: it is exported
 * from `@citizen-zero/signing/testing`, which production code may not import
 * (lint rule in eslint.config.mjs). Issuing keys live in the HSM.
 */
export class SoftwareSigner implements Signer {
  private constructor(
    readonly algorithm: SignatureAlgorithm,
    readonly keyId: string,
    readonly keyPair: CryptoKeyPair,
  ) {}

  static async generate(algorithm: SignatureAlgorithm = 'ES256', keyId = `software-${algorithm.toLowerCase()}`, extractable = false): Promise<SoftwareSigner> {
    const info = signatureAlgorithmInfo(algorithm);
    const keyPair = await crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: info.curve }, extractable, ['sign', 'verify']);
    return new SoftwareSigner(algorithm, keyId, keyPair);
  }

  static fromKeyPair(algorithm: SignatureAlgorithm, keyPair: CryptoKeyPair, keyId = `software-${algorithm.toLowerCase()}`): SoftwareSigner {
    return new SoftwareSigner(algorithm, keyId, keyPair);
  }

  async sign(toBeSigned: Uint8Array): Promise<Uint8Array> {
    const info = signatureAlgorithmInfo(this.algorithm);
    const signature = await crypto.subtle.sign({ name: 'ECDSA', hash: info.hash }, this.keyPair.privateKey, toBeSigned as BufferSource);
    return new Uint8Array(signature);
  }

  async publicKeySpki(): Promise<Uint8Array> {
    return new Uint8Array(await crypto.subtle.exportKey('spki', this.keyPair.publicKey));
  }
}
