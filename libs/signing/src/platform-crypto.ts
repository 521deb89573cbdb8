import type { HashName } from './signature-algorithm';

/**
 * Hashing and ECDSA verification on the fastest primitive the platform has. In Node the
 * native `node:crypto` is reached through `process.getBuiltinModule` (no static import, so the
 * browser bundles of the wallet and verifier are unaffected) and runs synchronously, avoiding
 * Web Crypto's per-call job dispatch; elsewhere Web Crypto is used. Results are identical.
 */
type NodeCrypto = typeof import('node:crypto');

const nodeCrypto: NodeCrypto | undefined = (() => {
  const processLike = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process;
  try {
    return processLike?.getBuiltinModule?.('node:crypto') as NodeCrypto | undefined;
  } catch {
    return undefined;
  }
})();

const NODE_HASH: Record<HashName, string> = { 'SHA-256': 'sha256', 'SHA-384': 'sha384', 'SHA-512': 'sha512' };

export async function digest(hash: HashName, data: Uint8Array): Promise<Uint8Array> {
  if (nodeCrypto) {
    // crypto.hash (Node ≥ 20.12) is the one-shot form, without a Hash object per call.
    if (typeof nodeCrypto.hash === 'function') return new Uint8Array(nodeCrypto.hash(NODE_HASH[hash], data, 'buffer'));
    return new Uint8Array(nodeCrypto.createHash(NODE_HASH[hash]).update(data).digest());
  }
  return new Uint8Array(await crypto.subtle.digest(hash, data as BufferSource));
}

/** ECDSA verification of a raw (IEEE P1363, r‖s) signature over `data` with `hash`. */
export async function verifyEcdsa(publicKey: CryptoKey, hash: HashName, signature: Uint8Array, data: Uint8Array): Promise<boolean> {
  if (nodeCrypto) {
    try {
      return nodeCrypto.verify(NODE_HASH[hash], data, { key: nodeCrypto.KeyObject.from(publicKey), dsaEncoding: 'ieee-p1363' }, signature);
    } catch {
      return false;
    }
  }
  return crypto.subtle.verify({ name: 'ECDSA', hash }, publicKey, signature as BufferSource, data as BufferSource);
}
