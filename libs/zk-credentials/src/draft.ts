/**
 * The revision of the IRTF CFRG "The BBS Signature Scheme" draft whose algorithms this library
 * runs, through `@digitalbazaar/bbs-signatures` 3.0.0. That package says it follows -06 (the
 * revision that fixed `e = hash_to_scalar(SK ‖ msgs ‖ domain)` and the zipped challenge); -07 and
 * -08 changed neither, and test/draft-vectors.spec.ts reproduces the -08 BLS12-381-SHA-256
 * fixtures byte for byte (signatures, and a proof with the draft's mocked random scalars). Proofs
 * and credentials name this revision; moving to a later one means re-running those vectors.
 */
export const BBS_DRAFT = 'draft-irtf-cfrg-bbs-signatures-08';

/** The one ciphersuite used (one of the draft's two BLS12-381 ciphersuites): BLS12-381 with expand_message_xmd over SHA-256. */
export const BBS_CIPHERSUITE = 'BLS12-381-SHA-256';

/** The ciphersuite's `ciphersuite_id` (from the draft's ciphersuite definition), the prefix of every domain separation tag. */
export const BBS_CIPHERSUITE_ID = 'BBS_BLS12381G1_XMD:SHA-256_SSWU_RO_';

/** Sizes fixed by the ciphersuite (one of the draft's two BLS12-381 ciphersuites): scalars, G1 points, G2 public keys, signatures (A ‖ e). */
export const BBS_SIZES = { scalar: 32, g1Point: 48, publicKey: 96, secretKey: 32, signature: 80 } as const;

/** Proof length for U undisclosed messages (the draft's proof_to_octets): Abar, Bbar, D, ê, r1^, r3^, (m^_j)…, c. */
export function bbsProofLength(undisclosed: number): number {
  return 3 * BBS_SIZES.g1Point + (4 + undisclosed) * BBS_SIZES.scalar;
}

/** Identifier of the BBS proof system in proof envelopes (`sys`). */
export const BBS_PROOF_SYSTEM = 'bbs';

/** Envelope format of a zero-knowledge presentation (Citizen Zero's own, not a standard). */
export const ZK_PROOF_FORMAT = 'cz-zk-proof';
export const ZK_PROOF_FORMAT_VERSION = 1;

/** Format of the credential the holder keeps (Citizen Zero's own, not a standard). */
export const ZK_CREDENTIAL_FORMAT = 'cz-zk-bbs-credential';
export const ZK_CREDENTIAL_FORMAT_VERSION = 1;

/**
 * The OpenID4VCI `format` identifier under which the identity service issues these credentials.
 * Non-standard: OpenID4VCI 1.0 Appendix A defines no BBS format; this name is ours.
 */
export const OPENID4VCI_ZK_FORMAT = 'cz_zk_bbs';

/** `alg` of a published issuer key: BBS over BLS12-381 with SHA-256 (our label, not a JOSE registration). */
export const BBS_KEY_ALGORITHM = 'BBS-BLS12-381-SHA-256';
