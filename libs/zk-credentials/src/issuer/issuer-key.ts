import { bbsKeyGen, bbsSkToPk } from '../bbs/bbs';
import { BBS_DRAFT, BBS_KEY_ALGORITHM, BBS_SIZES } from '../draft';
import { base64UrlDecode, base64UrlEncode, equalBytes, randomBytes, sha256 } from '../encoding/bytes';
import { ZkCredentialError } from '../zk-error';

/** An issuer's BBS public key as verifiers hold it: the compressed G2 point and its key id. */
export interface IssuerPublicKey {
  /** `bbs-` + base64url of the first 16 bytes of SHA-256 over the public key: derived, never chosen. */
  readonly kid: string;
  /** point_to_octets_E2(W), 96 bytes (the draft's SkToPk). */
  readonly publicKey: Uint8Array;
}

/**
 * The published form of an issuer key (`GET /zk/issuer-keys`, the verification service's trusted
 * key file). Our own JSON, not a JWK: draft-ietf-cose-bls-key-representations (-04 and later)
 * represents BLS12-381 G2 keys as `kty: EC` with uncompressed x and y, which needs point
 * decompression this library does not do; the compressed point is what BBS uses.
 */
export interface PublishedIssuerKey {
  readonly kid: string;
  readonly alg: typeof BBS_KEY_ALGORITHM;
  readonly spec: typeof BBS_DRAFT;
  readonly crv: 'BLS12381G2';
  /** base64url of the 96-byte compressed public key. */
  readonly pk: string;
  /** Claim-set schemas this key signs. */
  readonly schemas: readonly string[];
}

export interface PublishedIssuerKeySet {
  readonly keys: readonly PublishedIssuerKey[];
}

/** The key id of a public key (see {@link IssuerPublicKey.kid}). */
export async function issuerKeyId(publicKey: Uint8Array): Promise<string> {
  return `bbs-${base64UrlEncode((await sha256(publicKey)).subarray(0, 16))}`;
}

/**
 * A new issuer key pair (the draft's KeyGen over 32 fresh random bytes, then SkToPk). For
 * the key ceremony only: the secret key must be sealed under an HSM key at once (see ADR 10).
 */
export async function generateIssuerKeyPair(): Promise<{ secretKey: Uint8Array; publicKey: IssuerPublicKey }> {
  const keyMaterial = randomBytes(32);
  try {
    const { secretKey, publicKey } = await bbsKeyGen(keyMaterial);
    return { secretKey, publicKey: { kid: await issuerKeyId(publicKey), publicKey } };
  } finally {
    keyMaterial.fill(0);
  }
}

/** The public key of a secret key; ZK_SECRET_KEY_INVALID when it is not a scalar in [1, r). */
export async function issuerPublicKeyOf(secretKey: Uint8Array): Promise<IssuerPublicKey> {
  if (secretKey.length !== BBS_SIZES.secretKey) throw new ZkCredentialError('ZK_SECRET_KEY_INVALID', `a BBS secret key is ${BBS_SIZES.secretKey} bytes`);
  let publicKey: Uint8Array;
  try {
    publicKey = await bbsSkToPk(secretKey);
  } catch (error) {
    throw new ZkCredentialError('ZK_SECRET_KEY_INVALID', 'not a BBS secret key (zero scalar)', {}, { cause: error });
  }
  return { kid: await issuerKeyId(publicKey), publicKey };
}

export function publishIssuerKey(key: IssuerPublicKey, schemas: readonly string[]): PublishedIssuerKey {
  return { kid: key.kid, alg: BBS_KEY_ALGORITHM, spec: BBS_DRAFT, crv: 'BLS12381G2', pk: base64UrlEncode(key.publicKey), schemas: [...schemas] };
}

/**
 * Reads a published key (or a set of them, `{ keys: [...] }`), checking the algorithm, the draft
 * revision, the length and compression flag of the point, and that `kid` is the key's own id.
 * Throws ZK_ISSUER_KEY_INVALID.
 */
export async function parsePublishedIssuerKey(value: unknown): Promise<IssuerPublicKey & { readonly schemas: readonly string[] }> {
  const invalid = (message: string): never => {
    throw new ZkCredentialError('ZK_ISSUER_KEY_INVALID', message);
  };
  if (typeof value !== 'object' || value === null) return invalid('an issuer key must be an object');
  const key = value as Record<string, unknown>;
  if (key['alg'] !== BBS_KEY_ALGORITHM || key['crv'] !== 'BLS12381G2') return invalid(`only ${BBS_KEY_ALGORITHM} keys on BLS12381G2 are supported`);
  if (key['spec'] !== BBS_DRAFT) return invalid(`the key is for ${String(key['spec'])}, this verifier implements ${BBS_DRAFT}`);
  const publicKey = typeof key['pk'] === 'string' ? base64UrlDecode(key['pk']) : undefined;
  // A compressed G2 point: 96 bytes, compression flag (0x80) set, infinity flag (0x40) clear.
  if (!publicKey || publicKey.length !== BBS_SIZES.publicKey || (publicKey[0]! & 0xc0) !== 0x80) return invalid(`pk must be a base64url ${BBS_SIZES.publicKey}-byte compressed G2 point`);
  const schemas = key['schemas'];
  if (!Array.isArray(schemas) || !schemas.every((schema) => typeof schema === 'string')) return invalid('schemas must be a list of strings');
  const kid = await issuerKeyId(publicKey);
  if (key['kid'] !== kid) return invalid('kid is not the key id of pk');
  return { kid, publicKey, schemas: schemas as string[] };
}

export async function parsePublishedIssuerKeySet(value: unknown): Promise<Array<IssuerPublicKey & { readonly schemas: readonly string[] }>> {
  const keys = (value as { keys?: unknown } | null)?.keys;
  if (!Array.isArray(keys)) throw new ZkCredentialError('ZK_ISSUER_KEY_INVALID', 'an issuer key set must be { "keys": [...] }');
  return Promise.all(keys.map((key) => parsePublishedIssuerKey(key)));
}

export function sameIssuerKey(a: IssuerPublicKey, b: IssuerPublicKey): boolean {
  return a.kid === b.kid && equalBytes(a.publicKey, b.publicKey);
}
