import { BBS_DRAFT, BBS_PROOF_SYSTEM } from '../draft';
import type { ZkCredential } from '../issuer/zk-credential';
import { deriveProof } from '../presentation/derive-proof';
import { BBS_PROPERTIES, verifyProof } from '../presentation/verify-proof';
import type { ZeroKnowledgeProofSystem } from '../proof-system';

/** BBS (draft-irtf-cfrg-bbs-signatures, BLS12-381-SHA-256) in the {@link ZeroKnowledgeProofSystem} slot. */
export const bbsProofSystem: ZeroKnowledgeProofSystem<ZkCredential> = {
  id: BBS_PROOF_SYSTEM,
  specification: BBS_DRAFT,
  properties: BBS_PROPERTIES,
  derive: (credential, request) => deriveProof(credential, request.disclose, request.binding),
  verify: (envelope, options) => verifyProof(envelope, { trustedKeys: options.trust.issuerKeys ?? [], binding: options.binding, ...(options.at && { at: options.at }) }),
};
