import { bbsProofVerify } from '../bbs/bbs';
import { AGE_NATIONALITY_CLAIMS, AGE_NATIONALITY_HEADER, AGE_NATIONALITY_SCHEMA, type AgeNationalityClaimName, ALWAYS_DISCLOSED_CLAIM, claimMessage, type DisclosableClaim, DISCLOSABLE_CLAIMS, disclosureIndexes, isWithinValidity } from '../claim-set/age-nationality-v1';
import { BBS_CIPHERSUITE, BBS_DRAFT, BBS_PROOF_SYSTEM, bbsProofLength } from '../draft';
import { base64UrlDecode } from '../encoding/bytes';
import type { IssuerPublicKey } from '../issuer/issuer-key';
import { failedVerdict, type ZkSystemProperties, type ZkVerdict } from '../proof-system';
import { ZkCredentialError } from '../zk-error';
import { type ProofBinding, presentationHeader } from './presentation-header';
import { parseProofEnvelope, type ZkProofEnvelope } from './proof-envelope';

/** What a BBS presentation of this library does and does not establish (see the README). */
export const BBS_PROPERTIES: ZkSystemProperties = { statementBasis: 'issuer-precomputed-value', holderBinding: 'none', revocation: 'expiry-only', unlinkable: true };

export interface VerifyProofOptions {
  /** The issuer keys this verifier trusts (by kid). */
  readonly trustedKeys: readonly IssuerPublicKey[];
  /** The audience and nonce this verifier gave the wallet. */
  readonly binding: ProofBinding;
  readonly at?: Date;
}

/**
 * The verifier's side (the draft's ProofVerify), never throwing: envelope shape, format, system,
 * draft revision and ciphersuite; the schema; a trusted issuer key by kid; the disclosure (at least
 * one claim the holder chose, always `valid_until`, never `credential_id`); the proof length for
 * that disclosure; the proof itself against the schema header, the presentation header rebuilt
 * from the verifier's own audience and nonce, and the disclosed messages rebuilt from the disclosed
 * values; and only then the validity month. Each failure has its code.
 */
export async function verifyProof(value: unknown, options: VerifyProofOptions): Promise<ZkVerdict> {
  let envelope: ZkProofEnvelope;
  try {
    envelope = parseProofEnvelope(value);
  } catch (error) {
    return failedVerdict(error);
  }
  const context = { system: envelope.sys, schema: envelope.schema, issuerKeyId: envelope.kid };
  try {
    if (envelope.sys !== BBS_PROOF_SYSTEM || envelope.spec !== BBS_DRAFT || envelope.suite !== BBS_CIPHERSUITE) {
      throw new ZkCredentialError('ZK_FORMAT_UNSUPPORTED', `a ${envelope.sys} proof for ${envelope.spec} ${envelope.suite}; this verifier implements ${BBS_PROOF_SYSTEM} ${BBS_DRAFT} ${BBS_CIPHERSUITE}`);
    }
    if (envelope.schema !== AGE_NATIONALITY_SCHEMA) throw new ZkCredentialError('ZK_SCHEMA_UNKNOWN', `unknown claim-set schema ${envelope.schema}`);
    const key = options.trustedKeys.find((candidate) => candidate.kid === envelope.kid);
    if (!key) throw new ZkCredentialError('ZK_ISSUER_KEY_UNKNOWN', 'the proof names an issuer key this verifier does not trust', { kid: envelope.kid });

    const disclosedNames = Object.keys(envelope.disclosed) as AgeNationalityClaimName[];
    if (!disclosedNames.includes(ALWAYS_DISCLOSED_CLAIM)) throw new ZkCredentialError('ZK_DISCLOSURE_INVALID', 'valid_until must be disclosed');
    const chosen = disclosedNames.filter((name) => name !== ALWAYS_DISCLOSED_CLAIM);
    const indexes = disclosureIndexes(chosen);
    const disclosedMessages = indexes.map((index) => {
      const name = AGE_NATIONALITY_CLAIMS[index]!;
      return claimMessage(name, (envelope.disclosed as Record<string, boolean | string>)[name]!);
    });
    const proof = base64UrlDecode(envelope.proof)!;
    if (proof.length !== bbsProofLength(AGE_NATIONALITY_CLAIMS.length - indexes.length)) throw new ZkCredentialError('ZK_PROOF_INVALID', 'the proof has the wrong length for this disclosure');

    let verified = false;
    try {
      verified = await bbsProofVerify({ publicKey: key.publicKey, proof, header: AGE_NATIONALITY_HEADER, presentationHeader: presentationHeader(options.binding), disclosedMessages, disclosedIndexes: indexes });
    } catch (error) {
      if (error instanceof ZkCredentialError) throw error;
      throw new ZkCredentialError('ZK_PROOF_INVALID', 'the proof is malformed (a point or scalar does not decode)', {}, { cause: error });
    }
    if (!verified) throw new ZkCredentialError('ZK_PROOF_INVALID', 'the proof does not verify: other disclosed values, another nonce or audience, another issuer key, or altered bytes');

    const validUntil = envelope.disclosed.valid_until;
    if (!isWithinValidity(validUntil, options.at ?? new Date())) throw new ZkCredentialError('ZK_CREDENTIAL_EXPIRED', `the credential was valid until the end of ${validUntil}`);

    const proven = Object.fromEntries(chosen.filter((name): name is DisclosableClaim => (DISCLOSABLE_CLAIMS as readonly string[]).includes(name)).map((name) => [name, envelope.disclosed[name]!]));
    return { valid: true, message: `proof verified with issuer key ${key.kid}`, ...context, proven, validUntil, properties: BBS_PROPERTIES };
  } catch (error) {
    return failedVerdict(error, context);
  }
}
