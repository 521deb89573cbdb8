import { digest } from '@citizen-zero/signing';
import type { SessionTranscript } from './session-transcript';

/**
 * Session key derivation (ISO/IEC 18013-5:2021 §9.1.1.5 for SKReader and SKDevice, §9.1.3.5 for
 * EMacKey): HKDF (RFC 5869) with
 *
 * - Hash: SHA-256;
 * - IKM: the ECKA-DH shared secret Zab (BSI TR-03111), here Web Crypto ECDH's x-coordinate;
 * - salt: SHA-256(SessionTranscriptBytes), the hash of the tag-24 encoding of the transcript, as the
 *   clause writes it. (Readings that pass SessionTranscriptBytes itself as the salt get the same keys:
 *   HKDF-Extract is HMAC keyed by the salt, HMAC hashes keys longer than its 64-byte block (RFC 2104
 *   §2), and a SessionTranscript, which holds EDeviceKey, is always longer. The Annex D session
 *   vectors decrypt with these keys.)
 * - info: "SKReader" | "SKDevice" | "EMacKey" as UTF-8;
 * - L: 32 octets (an AES-256 key for the session keys, an HMAC-SHA-256 key for EMacKey).
 */
export type SessionKeyLabel = 'EMacKey' | 'SKDevice' | 'SKReader';

/** Zab: ECDH between one party's private key and the other's public key, the full x-coordinate. */
export async function ecdhSharedSecret(privateKey: CryptoKey, publicKey: CryptoKey): Promise<Uint8Array> {
  const curve = (privateKey.algorithm as EcKeyAlgorithm).namedCurve;
  const bits = curve === 'P-521' ? 528 : curve === 'P-384' ? 384 : 256;
  return new Uint8Array(await crypto.subtle.deriveBits({ name: 'ECDH', public: publicKey }, privateKey, bits));
}

function hkdfParams(salt: Uint8Array, label: SessionKeyLabel): HkdfParams {
  return { name: 'HKDF', hash: 'SHA-256', salt: salt as BufferSource, info: new TextEncoder().encode(label) };
}

/** The 32 key bytes for `label`; EMacKey is used this way (an HMAC key for COSE_Mac0). */
export async function deriveSessionKey(sharedSecret: Uint8Array, transcript: SessionTranscript, label: SessionKeyLabel): Promise<Uint8Array> {
  const salt = await digest('SHA-256', transcript.taggedBytes());
  const ikm = await crypto.subtle.importKey('raw', sharedSecret as BufferSource, 'HKDF', false, ['deriveBits']);
  return new Uint8Array(await crypto.subtle.deriveBits(hkdfParams(salt, label), ikm, 256));
}

/**
 * SKReader or SKDevice as a non-extractable AES-256-GCM key (§9.1.1.5): the same HKDF output as
 * {@link deriveSessionKey}, but the key bytes never leave Web Crypto.
 */
export async function deriveSessionEncryptionKey(sharedSecret: Uint8Array, transcript: SessionTranscript, label: 'SKDevice' | 'SKReader'): Promise<CryptoKey> {
  const salt = await digest('SHA-256', transcript.taggedBytes());
  const ikm = await crypto.subtle.importKey('raw', sharedSecret as BufferSource, 'HKDF', false, ['deriveKey']);
  return crypto.subtle.deriveKey(hkdfParams(salt, label), ikm, { name: 'AES-GCM', length: 256 }, false, ['encrypt', 'decrypt']);
}
