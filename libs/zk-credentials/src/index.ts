/**
 * @citizen-zero/zk-credentials — unlinkable zero-knowledge presentations of a citizen's age and
 * nationality with BBS signatures ({@link BBS_DRAFT}, BLS12-381-SHA-256): the versioned claim set,
 * issuer keys, issuance through a signing port, proof derivation bound to a verifier's audience
 * and nonce, verification with stable codes, and the {@link ZeroKnowledgeProofSystem} slot for
 * range-proof or mdoc-ZK systems. Framework-free; runs in Node and in browsers (the wallet).
 * What is and is not zero-knowledge: README.md.
 */
export {
  BBS_DRAFT,
  BBS_CIPHERSUITE,
  BBS_CIPHERSUITE_ID,
  BBS_SIZES,
  BBS_PROOF_SYSTEM,
  BBS_KEY_ALGORITHM,
  ZK_PROOF_FORMAT,
  ZK_PROOF_FORMAT_VERSION,
  ZK_CREDENTIAL_FORMAT,
  ZK_CREDENTIAL_FORMAT_VERSION,
  OPENID4VCI_ZK_FORMAT,
  bbsProofLength,
} from './draft';
export { ZkCredentialError, ZK_ERROR_CODES, type ZkErrorCode } from './zk-error';

// The claim set
export {
  AGE_NATIONALITY_SCHEMA,
  AGE_NATIONALITY_HEADER,
  AGE_NATIONALITY_CLAIMS,
  DISCLOSABLE_CLAIMS,
  ALWAYS_DISCLOSED_CLAIM,
  NEVER_DISCLOSED_CLAIM,
  ageNationalityClaims,
  checkClaims,
  claimMessage,
  claimMessages,
  disclosureIndexes,
  isAgeAtLeast,
  isWithinValidity,
  monthAfter,
  type AgeNationalityClaims,
  type AgeNationalityClaimName,
  type DisclosableClaim,
  type DisclosedClaims,
} from './claim-set/age-nationality-v1';

// Issuer keys and issuance
export {
  generateIssuerKeyPair,
  issuerPublicKeyOf,
  issuerKeyId,
  publishIssuerKey,
  parsePublishedIssuerKey,
  parsePublishedIssuerKeySet,
  sameIssuerKey,
  type IssuerPublicKey,
  type PublishedIssuerKey,
  type PublishedIssuerKeySet,
} from './issuer/issuer-key';
export { type BbsSigner, InMemoryBbsSigner } from './issuer/bbs-signer';
export { issueZkCredential, parseZkCredential, verifyZkCredential, type ZkCredential } from './issuer/zk-credential';
export { createIssuerKeyFile, parseIssuerKeyFile, issuerKeySealContext, type IssuerKeyFile } from './issuer/issuer-key-file';

// Presentation
export { presentationHeader, type ProofBinding } from './presentation/presentation-header';
export { parseProofEnvelope, serializeProofEnvelope, type ZkProofEnvelope } from './presentation/proof-envelope';
export { deriveProof } from './presentation/derive-proof';
export { verifyProof, BBS_PROPERTIES, type VerifyProofOptions } from './presentation/verify-proof';

// The proof-system slot
export {
  verifyZkPresentation,
  failedVerdict,
  type ZeroKnowledgeProofSystem,
  type ZkProofRequest,
  type ZkSystemProperties,
  type ZkTrust,
  type ZkVerdict,
  type ZkVerifyOptions,
} from './proof-system';
export { bbsProofSystem } from './bbs/bbs-proof-system';
