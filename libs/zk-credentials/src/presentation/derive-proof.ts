import { bbsProofGen } from '../bbs/bbs';
import { AGE_NATIONALITY_CLAIMS, AGE_NATIONALITY_HEADER, type DisclosableClaim, type DisclosedClaims, claimMessages, disclosureIndexes } from '../claim-set/age-nationality-v1';
import { BBS_CIPHERSUITE, BBS_DRAFT, BBS_PROOF_SYSTEM, ZK_PROOF_FORMAT, ZK_PROOF_FORMAT_VERSION } from '../draft';
import { base64UrlDecode, base64UrlEncode } from '../encoding/bytes';
import type { ZkCredential } from '../issuer/zk-credential';
import { ZkCredentialError } from '../zk-error';
import { type ProofBinding, presentationHeader } from './presentation-header';
import type { ZkProofEnvelope } from './proof-envelope';

/**
 * The wallet's side (the draft's ProofGen): a proof of knowledge of the issuer's signature over
 * the whole claim set that discloses only the chosen claims and `valid_until`, bound to the
 * verifier's audience and nonce through the presentation header. Every call draws fresh random
 * scalars, so two proofs from one credential share nothing but what they disclose.
 *
 * `disclose` is a choice among `age_over_18`, `age_over_21` and `nationality` (e.g. `['age_over_18']`,
 * `['nationality']` or both); anything else is ZK_DISCLOSURE_INVALID.
 */
export async function deriveProof(credential: ZkCredential, disclose: readonly DisclosableClaim[], binding: ProofBinding): Promise<ZkProofEnvelope> {
  const indexes = disclosureIndexes(disclose);
  const publicKey = base64UrlDecode(credential.pk);
  const signature = base64UrlDecode(credential.signature);
  if (!publicKey || !signature) throw new ZkCredentialError('ZK_CREDENTIAL_INVALID', 'the credential key or signature is not base64url');
  let proof: Uint8Array;
  try {
    proof = await bbsProofGen({ publicKey, signature, header: AGE_NATIONALITY_HEADER, presentationHeader: presentationHeader(binding), messages: claimMessages(credential.claims), disclosedIndexes: indexes });
  } catch (error) {
    if (error instanceof ZkCredentialError) throw error;
    throw new ZkCredentialError('ZK_CREDENTIAL_INVALID', 'no proof can be derived from this credential (malformed key or signature)', {}, { cause: error });
  }
  const disclosed = Object.fromEntries(indexes.map((index) => [AGE_NATIONALITY_CLAIMS[index]!, credential.claims[AGE_NATIONALITY_CLAIMS[index]!]])) as unknown as DisclosedClaims;
  return { fmt: ZK_PROOF_FORMAT, v: ZK_PROOF_FORMAT_VERSION, sys: BBS_PROOF_SYSTEM, spec: BBS_DRAFT, suite: BBS_CIPHERSUITE, kid: credential.kid, schema: credential.schema, disclosed, proof: base64UrlEncode(proof) };
}
