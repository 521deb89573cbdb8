import { digest } from '@citizen-zero/signing';
import type { SessionTranscript } from './session-transcript';

/**
 * Session key derivation (ISO/IEC 18013-5:2021 §9.1.1.5 and §9.1.3.5): HKDF-SHA256 (RFC 5869)
 * over the ECDH shared secret Zab, with salt = SHA-256(SessionTranscriptBytes) and
 * info = "EMacKey" | "SKDevice" | "SKReader", 32 bytes.
 */
export type SessionKeyLabel = 'EMacKey' | 'SKDevice' | 'SKReader';

export async function ecdhSharedSecret(privateKey: CryptoKey, publicKey: CryptoKey): Promise<Uint8Array> {
  const curve = (privateKey.algorithm as EcKeyAlgorithm).namedCurve;
  const bits = curve === 'P-521' ? 528 : curve === 'P-384' ? 384 : 256;
  return new Uint8Array(await crypto.subtle.deriveBits({ name: 'ECDH', public: publicKey }, privateKey, bits));
}

export async function deriveSessionKey(sharedSecret: Uint8Array, transcript: SessionTranscript, label: SessionKeyLabel): Promise<Uint8Array> {
  const salt = await digest('SHA-256', transcript.taggedBytes());
  const ikm = await crypto.subtle.importKey('raw', sharedSecret as BufferSource, 'HKDF', false, ['deriveBits']);
  const info = new TextEncoder().encode(label);
  return new Uint8Array(await crypto.subtle.deriveBits({ name: 'HKDF', hash: 'SHA-256', salt: salt as BufferSource, info }, ikm, 256));
}
