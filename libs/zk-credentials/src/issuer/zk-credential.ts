import { bbsVerify } from '../bbs/bbs';
import { AGE_NATIONALITY_HEADER, AGE_NATIONALITY_SCHEMA, type AgeNationalityClaims, checkClaims, claimMessages } from '../claim-set/age-nationality-v1';
import { BBS_CIPHERSUITE, BBS_DRAFT, BBS_SIZES, ZK_CREDENTIAL_FORMAT, ZK_CREDENTIAL_FORMAT_VERSION } from '../draft';
import { base64UrlDecode, base64UrlEncode } from '../encoding/bytes';
import { ZkCredentialError } from '../zk-error';
import type { BbsSigner } from './bbs-signer';
import { type IssuerPublicKey, issuerKeyId } from './issuer-key';

/**
 * The credential a holder keeps: the claims in clear (the holder may read its own credential),
 * the issuer's BBS signature over their messages, and the issuer key, so the wallet can derive
 * proofs offline. Sent to the wallet as this JSON object (OpenID4VCI format `cz_zk_bbs`); never
 * shown to a verifier — only proofs derived from it are.
 */
export interface ZkCredential {
  readonly fmt: typeof ZK_CREDENTIAL_FORMAT;
  readonly v: typeof ZK_CREDENTIAL_FORMAT_VERSION;
  readonly spec: typeof BBS_DRAFT;
  readonly suite: typeof BBS_CIPHERSUITE;
  readonly schema: typeof AGE_NATIONALITY_SCHEMA;
  readonly kid: string;
  /** base64url of the issuer's 96-byte public key. */
  readonly pk: string;
  readonly claims: AgeNationalityClaims;
  /** base64url of the BBS signature `A ‖ e` (80 bytes). */
  readonly signature: string;
}

/** Signs a claim set (the draft's Sign; header = the schema header, messages in schema order). */
export async function issueZkCredential(signer: BbsSigner, claims: AgeNationalityClaims): Promise<ZkCredential> {
  const checked = checkClaims(claims);
  const signature = await signer.sign(AGE_NATIONALITY_HEADER, claimMessages(checked));
  return {
    fmt: ZK_CREDENTIAL_FORMAT,
    v: ZK_CREDENTIAL_FORMAT_VERSION,
    spec: BBS_DRAFT,
    suite: BBS_CIPHERSUITE,
    schema: AGE_NATIONALITY_SCHEMA,
    kid: signer.publicKey.kid,
    pk: base64UrlEncode(signer.publicKey.publicKey),
    claims: { ...checked },
    signature: base64UrlEncode(signature),
  };
}

/** A credential as received (JSON text or a parsed object), checked for shape; ZK_CREDENTIAL_INVALID otherwise. */
export function parseZkCredential(value: unknown): ZkCredential {
  const invalid = (message: string, cause?: unknown): never => {
    throw new ZkCredentialError('ZK_CREDENTIAL_INVALID', message, {}, cause === undefined ? undefined : { cause });
  };
  let object = value;
  if (typeof value === 'string') {
    try {
      object = JSON.parse(value);
    } catch (error) {
      return invalid('the credential is not JSON', error);
    }
  }
  if (typeof object !== 'object' || object === null || Array.isArray(object)) return invalid('the credential must be an object');
  const record = object as Record<string, unknown>;
  const expected = ['fmt', 'v', 'spec', 'suite', 'schema', 'kid', 'pk', 'claims', 'signature'];
  if (Object.keys(record).sort().join() !== [...expected].sort().join()) return invalid(`the credential must have exactly: ${expected.join(', ')}`);
  if (record['fmt'] !== ZK_CREDENTIAL_FORMAT || record['v'] !== ZK_CREDENTIAL_FORMAT_VERSION) throw new ZkCredentialError('ZK_FORMAT_UNSUPPORTED', `not a ${ZK_CREDENTIAL_FORMAT} v${ZK_CREDENTIAL_FORMAT_VERSION} credential`);
  if (record['spec'] !== BBS_DRAFT || record['suite'] !== BBS_CIPHERSUITE) throw new ZkCredentialError('ZK_FORMAT_UNSUPPORTED', `the credential is for ${String(record['spec'])} ${String(record['suite'])}; this library implements ${BBS_DRAFT} ${BBS_CIPHERSUITE}`);
  if (record['schema'] !== AGE_NATIONALITY_SCHEMA) throw new ZkCredentialError('ZK_SCHEMA_UNKNOWN', `unknown claim-set schema ${String(record['schema'])}`);
  if (typeof record['kid'] !== 'string') return invalid('kid must be a string');
  const pk = typeof record['pk'] === 'string' ? base64UrlDecode(record['pk']) : undefined;
  if (!pk || pk.length !== BBS_SIZES.publicKey) return invalid('pk must be a base64url 96-byte public key');
  const signature = typeof record['signature'] === 'string' ? base64UrlDecode(record['signature']) : undefined;
  if (!signature || signature.length !== BBS_SIZES.signature) return invalid('signature must be a base64url 80-byte BBS signature');
  try {
    checkClaims(record['claims']);
  } catch (error) {
    return invalid(error instanceof Error ? error.message : 'the claims are invalid', error);
  }
  return record as unknown as ZkCredential;
}

/**
 * The holder's check on receipt (the draft's Verify): the issuer signature over the claims
 * verifies with the credential's key, the key id is that key's, and — when the wallet knows the
 * issuer's published key — it is that key. Returns the issuer key; throws ZK_CREDENTIAL_INVALID.
 */
export async function verifyZkCredential(credential: ZkCredential, trusted?: readonly IssuerPublicKey[]): Promise<IssuerPublicKey> {
  const publicKey = base64UrlDecode(credential.pk)!;
  const kid = await issuerKeyId(publicKey);
  if (kid !== credential.kid) throw new ZkCredentialError('ZK_CREDENTIAL_INVALID', 'the credential kid is not the id of its key');
  if (trusted && !trusted.some((key) => key.kid === kid)) throw new ZkCredentialError('ZK_ISSUER_KEY_UNKNOWN', 'the credential is signed by a key the wallet does not trust', { kid });
  let valid = false;
  try {
    valid = await bbsVerify(publicKey, base64UrlDecode(credential.signature)!, AGE_NATIONALITY_HEADER, claimMessages(credential.claims));
  } catch (error) {
    throw new ZkCredentialError('ZK_CREDENTIAL_INVALID', 'the credential signature is malformed', {}, { cause: error });
  }
  if (!valid) throw new ZkCredentialError('ZK_CREDENTIAL_INVALID', 'the issuer signature does not verify over these claims');
  return { kid, publicKey };
}
