import { CitizenZeroError } from '@citizen-zero/errors';

/**
 * Stable codes for everything that can go wrong with a zero-knowledge credential or proof.
 * Verification reports them in a verdict; parsers, issuers and provers throw {@link ZkCredentialError}.
 */
export const ZK_ERROR_CODES = [
  /** Not a well-formed proof envelope: missing or extra members, wrong types, bad base64url. */
  'ZK_ENVELOPE_MALFORMED',
  /** A format, version, proof system, draft revision or ciphersuite this verifier does not implement. */
  'ZK_FORMAT_UNSUPPORTED',
  /** The claim-set schema named by a credential or proof is unknown. */
  'ZK_SCHEMA_UNKNOWN',
  /** The proof names an issuer key the verifier does not trust (or names none). */
  'ZK_ISSUER_KEY_UNKNOWN',
  /** An issuer public key (or key set) is malformed, or its key id does not match its bytes. */
  'ZK_ISSUER_KEY_INVALID',
  /** The issuer secret key is malformed (length, zero scalar) or does not match the published key. */
  'ZK_SECRET_KEY_INVALID',
  /** Claims that the schema does not allow (type, format, a missing or extra claim). */
  'ZK_CLAIM_SET_INVALID',
  /** A disclosure that is not allowed: unknown or never-disclosable claim, none at all, duplicates, or a missing mandatory one. */
  'ZK_DISCLOSURE_INVALID',
  /** The audience or nonce the presentation is bound to is empty or too long. */
  'ZK_BINDING_INVALID',
  /** Not a well-formed credential, or its issuer signature does not verify. */
  'ZK_CREDENTIAL_INVALID',
  /** The proof does not verify: tampered, derived for another nonce or audience, other disclosed values, or another issuer key. */
  'ZK_PROOF_INVALID',
  /** The proof verifies but the credential's validity (`valid_until`) has passed. */
  'ZK_CREDENTIAL_EXPIRED',
] as const;

export type ZkErrorCode = (typeof ZK_ERROR_CODES)[number];

export class ZkCredentialError extends CitizenZeroError<ZkErrorCode> {
  constructor(
    readonly code: ZkErrorCode,
    message: string,
    details: Record<string, string | number | boolean> = {},
    options?: { cause?: unknown },
  ) {
    super(message, details, options);
  }
}
