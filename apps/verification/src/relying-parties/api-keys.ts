import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * API keys: `czrp_<key id>_<secret>`, the id (12 bytes) to find the key, the secret (32 random
 * bytes, base64url) to prove it. Only SHA-256 of the secret is stored: the secret has 256 bits
 * of entropy, so a slow password hash (Argon2id) would add cost without adding security — nothing
 * can be guessed. The key is shown once, when it is made.
 */
export interface IssuedApiKey {
  readonly keyId: string;
  readonly key: string;
  readonly secretHash: Buffer;
}

const KEY_PATTERN = /^czrp_([A-Za-z0-9_-]{16})_([A-Za-z0-9_-]{43})$/;

export function issueApiKey(): IssuedApiKey {
  const keyId = randomBytes(12).toString('base64url');
  const secret = randomBytes(32).toString('base64url');
  return { keyId, key: `czrp_${keyId}_${secret}`, secretHash: hashSecret(secret) };
}

/** The key's id and secret, or undefined when the text is not an API key of this format. */
export function parseApiKey(key: string): { keyId: string; secret: string } | undefined {
  const match = KEY_PATTERN.exec(key);
  return match ? { keyId: match[1]!, secret: match[2]! } : undefined;
}

export function secretMatches(secret: string, storedHash: Uint8Array): boolean {
  const hash = hashSecret(secret);
  return hash.length === storedHash.length && timingSafeEqual(hash, storedHash);
}

function hashSecret(secret: string): Buffer {
  return createHash('sha256').update(`cz-relying-party-key:v1\u0000${secret}`).digest();
}
