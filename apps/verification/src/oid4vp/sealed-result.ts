import { Oid4vpEndpointError } from './oid4vp-endpoint-error';

/**
 * The disclosed element values of a completed transaction wait in PostgreSQL until the relying
 * party collects them — sealed to a key only the relying party holds, so the database never holds
 * them (or a key to them) in clear. At creation the service makes an ECDH P-256 key pair, keeps the
 * public key in the transaction and gives the private key to the relying party (`resultKey`, shown
 * once). When the wallet's response is verified, the values are sealed like HPKE base mode
 * (RFC 9180: an ephemeral ECDH key, HKDF-SHA256 bound to the transaction, AES-256-GCM):
 * `0x01 ‖ ephemeral public key (65) ‖ nonce (12) ‖ ciphertext ‖ tag (16)`.
 */
const FORMAT = 0x01;
const ECDH = { name: 'ECDH', namedCurve: 'P-256' } as const;

export interface ResultKeyPair {
  /** Uncompressed P-256 point, kept with the transaction. */
  readonly publicKey: Uint8Array;
  /** PKCS #8 of the private key, base64url: the relying party's to keep. */
  readonly resultKey: string;
}

export async function createResultKeyPair(): Promise<ResultKeyPair> {
  const pair = await crypto.subtle.generateKey(ECDH, true, ['deriveBits']);
  return { publicKey: new Uint8Array(await crypto.subtle.exportKey('raw', pair.publicKey)), resultKey: Buffer.from(await crypto.subtle.exportKey('pkcs8', pair.privateKey)).toString('base64url') };
}

export async function sealResult(publicKey: Uint8Array, transactionId: string, plaintext: Uint8Array): Promise<Uint8Array> {
  const recipient = await crypto.subtle.importKey('raw', publicKey as BufferSource, ECDH, false, []);
  const ephemeral = await crypto.subtle.generateKey(ECDH, true, ['deriveBits']);
  const ephemeralPublic = new Uint8Array(await crypto.subtle.exportKey('raw', ephemeral.publicKey));
  const key = await sealingKey(await crypto.subtle.deriveBits({ name: 'ECDH', public: recipient }, ephemeral.privateKey, 256), ephemeralPublic, transactionId, 'encrypt');
  const nonce = crypto.getRandomValues(new Uint8Array(12));
  const ciphertext = new Uint8Array(await crypto.subtle.encrypt({ name: 'AES-GCM', iv: nonce }, key, plaintext as BufferSource));
  return Uint8Array.from([FORMAT, ...ephemeralPublic, ...nonce, ...ciphertext]);
}

/** @throws {Oid4vpEndpointError} `OID4VP_RESULT_KEY_INVALID` when the key is not this transaction's. */
export async function openResult(resultKey: string, transactionId: string, sealed: Uint8Array): Promise<Uint8Array> {
  try {
    if (sealed[0] !== FORMAT || sealed.length < 1 + 65 + 12 + 16) throw new Error('unknown sealed result format');
    const privateKey = await crypto.subtle.importKey('pkcs8', Buffer.from(resultKey, 'base64url'), ECDH, false, ['deriveBits']);
    const ephemeralPublic = sealed.subarray(1, 66);
    const ephemeral = await crypto.subtle.importKey('raw', ephemeralPublic as BufferSource, ECDH, false, []);
    const key = await sealingKey(await crypto.subtle.deriveBits({ name: 'ECDH', public: ephemeral }, privateKey, 256), ephemeralPublic, transactionId, 'decrypt');
    return new Uint8Array(await crypto.subtle.decrypt({ name: 'AES-GCM', iv: sealed.subarray(66, 78) as BufferSource }, key, sealed.subarray(78) as BufferSource));
  } catch (error) {
    throw new Oid4vpEndpointError('OID4VP_RESULT_KEY_INVALID', 'the result key does not open this transaction\'s values: send the resultKey given when the request was created', undefined, { cause: error });
  }
}

async function sealingKey(sharedSecret: ArrayBuffer, ephemeralPublic: Uint8Array, transactionId: string, usage: 'encrypt' | 'decrypt'): Promise<CryptoKey> {
  const ikm = await crypto.subtle.importKey('raw', sharedSecret, 'HKDF', false, ['deriveKey']);
  return crypto.subtle.deriveKey({ name: 'HKDF', hash: 'SHA-256', salt: ephemeralPublic as BufferSource, info: new TextEncoder().encode(`cz-oid4vp-result:v1\u0000${transactionId}`) }, ikm, { name: 'AES-GCM', length: 256 }, false, [usage]);
}
