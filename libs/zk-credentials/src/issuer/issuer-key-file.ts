import { AGE_NATIONALITY_SCHEMA } from '../claim-set/age-nationality-v1';
import { BBS_CIPHERSUITE, BBS_DRAFT, BBS_SIZES } from '../draft';
import { base64UrlDecode, base64UrlEncode } from '../encoding/bytes';
import { ZkCredentialError } from '../zk-error';
import { type IssuerPublicKey, issuerKeyId } from './issuer-key';

/**
 * The issuer's BBS key as the key ceremony leaves it in the data dir: the public key in clear,
 * the secret key only sealed — AES-256-GCM under a data key that an AES key-encryption key in
 * the HSM wraps (envelope encryption, libs/hsm). PKCS#11 has no BBS mechanism, so this is the
 * nearest thing to an HSM-held key (ADR 10). The sealing itself is done by the caller with the
 * HSM; this module only defines the file and the GCM additional data that binds the sealed key
 * to its key id.
 */
export interface IssuerKeyFile {
  readonly format: 'cz-bbs-issuer-key';
  readonly version: 1;
  readonly spec: typeof BBS_DRAFT;
  readonly suite: typeof BBS_CIPHERSUITE;
  readonly kid: string;
  /** base64url of the 96-byte public key. */
  readonly publicKey: string;
  readonly schemas: readonly string[];
  readonly createdAt: string;
  /** The sealed secret key: ciphertext (`0x01 ‖ nonce ‖ ciphertext ‖ tag`), wrapped data key and the KEK's label, base64url. */
  readonly sealedSecretKey: { readonly keyLabel: string; readonly wrappedKey: string; readonly ciphertext: string };
}

/** GCM additional data of the sealed secret key: a sealed key moved under another kid does not open. */
export function issuerKeySealContext(kid: string): string {
  return `cz:bbs-issuer-secret-key:${kid}:v1`;
}

export function createIssuerKeyFile(publicKey: IssuerPublicKey, sealed: { keyLabel: string; wrappedKey: Uint8Array; ciphertext: Uint8Array }, createdAt: Date): IssuerKeyFile {
  return {
    format: 'cz-bbs-issuer-key',
    version: 1,
    spec: BBS_DRAFT,
    suite: BBS_CIPHERSUITE,
    kid: publicKey.kid,
    publicKey: base64UrlEncode(publicKey.publicKey),
    schemas: [AGE_NATIONALITY_SCHEMA],
    createdAt: createdAt.toISOString(),
    sealedSecretKey: { keyLabel: sealed.keyLabel, wrappedKey: base64UrlEncode(sealed.wrappedKey), ciphertext: base64UrlEncode(sealed.ciphertext) },
  };
}

/** Reads a key file (JSON text): its public key (kid checked) and the sealed secret key as bytes. Throws ZK_ISSUER_KEY_INVALID. */
export async function parseIssuerKeyFile(text: string): Promise<{ publicKey: IssuerPublicKey; schemas: readonly string[]; sealed: { keyLabel: string; wrappedKey: Uint8Array; ciphertext: Uint8Array } }> {
  const invalid = (message: string): never => {
    throw new ZkCredentialError('ZK_ISSUER_KEY_INVALID', `issuer key file: ${message}`);
  };
  let file: Partial<IssuerKeyFile>;
  try {
    file = JSON.parse(text) as Partial<IssuerKeyFile>;
  } catch {
    return invalid('not JSON');
  }
  if (file.format !== 'cz-bbs-issuer-key' || file.version !== 1) return invalid('not a cz-bbs-issuer-key v1 file');
  if (file.spec !== BBS_DRAFT || file.suite !== BBS_CIPHERSUITE) return invalid(`made for ${String(file.spec)} ${String(file.suite)}, not ${BBS_DRAFT} ${BBS_CIPHERSUITE}`);
  const publicKey = typeof file.publicKey === 'string' ? base64UrlDecode(file.publicKey) : undefined;
  if (!publicKey || publicKey.length !== BBS_SIZES.publicKey) return invalid('publicKey is not a base64url 96-byte key');
  const kid = await issuerKeyId(publicKey);
  if (file.kid !== kid) return invalid('kid is not the id of publicKey');
  const sealed = file.sealedSecretKey;
  const wrappedKey = typeof sealed?.wrappedKey === 'string' ? base64UrlDecode(sealed.wrappedKey) : undefined;
  const ciphertext = typeof sealed?.ciphertext === 'string' ? base64UrlDecode(sealed.ciphertext) : undefined;
  if (!sealed || typeof sealed.keyLabel !== 'string' || !wrappedKey || !ciphertext) return invalid('sealedSecretKey must hold keyLabel, wrappedKey and ciphertext');
  const schemas = Array.isArray(file.schemas) && file.schemas.every((schema) => typeof schema === 'string') ? file.schemas : invalid('schemas must be a list of strings');
  return { publicKey: { kid, publicKey }, schemas, sealed: { keyLabel: sealed.keyLabel, wrappedKey, ciphertext } };
}
