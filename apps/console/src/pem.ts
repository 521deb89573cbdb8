import { signatureAlgorithmInfo, type Signer } from '@citizen-zero/signing';
import { UsageError } from './exit-codes';

export function pemToDer(pem: string): Uint8Array {
  const match = /-----BEGIN CERTIFICATE-----([\s\S]+?)-----END CERTIFICATE-----/.exec(pem);
  if (!match) throw new UsageError('expected a PEM certificate (-----BEGIN CERTIFICATE-----)');
  return new Uint8Array(Buffer.from(match[1]!.replace(/\s+/g, ''), 'base64'));
}

/**
 * A Signer over the holder's Web Crypto device key. The console uses it only to act as the
 * holder's wallet in a demo; issuing keys are always HSM signers.
 */
export function webCryptoDeviceSigner(privateKey: CryptoKey, publicKey: CryptoKey): Signer {
  return {
    algorithm: 'ES256',
    keyId: 'holder-device-key',
    async sign(toBeSigned) {
      return new Uint8Array(await crypto.subtle.sign({ name: 'ECDSA', hash: signatureAlgorithmInfo('ES256').hash }, privateKey, toBeSigned as BufferSource));
    },
    async publicKeySpki() {
      return new Uint8Array(await crypto.subtle.exportKey('spki', publicKey));
    },
  };
}
