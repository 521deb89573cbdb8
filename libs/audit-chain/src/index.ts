export { type AuditEntry, type ChainedAuditEntry, GENESIS_HASH, canonicalAuditEntry, chainAuditEntry, hashAuditEntry } from './audit-entry';
export { type AuditChainFinding, type AuditChainFindingCode, type AuditChainVerdict, verifyAuditChain } from './verify-audit-chain';
