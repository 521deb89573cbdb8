import { bytesEqual } from './bytes';
import { type ChainedAuditEntry, GENESIS_HASH, hashAuditEntry } from './audit-entry';

export type AuditChainFindingCode = 'AUDIT_ENTRY_ALTERED' | 'AUDIT_ENTRY_MISSING' | 'AUDIT_CHAIN_BROKEN' | 'AUDIT_SEQUENCE_INVALID';

export interface AuditChainFinding {
  readonly code: AuditChainFindingCode;
  readonly sequence: number;
  readonly message: string;
}

export interface AuditChainVerdict {
  readonly valid: boolean;
  readonly entries: number;
  readonly lastSequence: number;
  readonly lastHash: Uint8Array;
  readonly findings: readonly AuditChainFinding[];
}

/**
 * Walks entries in sequence order and reports every place the chain does not hold: an entry
 * whose content no longer matches its hash (edited), a gap in the sequence (deleted), or an
 * entry that does not commit to its predecessor (deleted and re-chained, or inserted).
 * `anchor` continues a verification from a known-good sequence and hash.
 */
export async function verifyAuditChain(entries: AsyncIterable<ChainedAuditEntry> | Iterable<ChainedAuditEntry>, anchor: { sequence: number; hash: Uint8Array } = { sequence: 0, hash: GENESIS_HASH }): Promise<AuditChainVerdict> {
  const findings: AuditChainFinding[] = [];
  let expectedSequence = anchor.sequence + 1;
  let previousHash = anchor.hash;
  let count = 0;
  let lastSequence = anchor.sequence;
  for await (const entry of entries) {
    count++;
    if (!Number.isInteger(entry.sequence) || entry.sequence < expectedSequence) {
      findings.push({ code: 'AUDIT_SEQUENCE_INVALID', sequence: entry.sequence, message: `entry ${entry.sequence} is out of order (expected ${expectedSequence})` });
    } else if (entry.sequence > expectedSequence) {
      findings.push({ code: 'AUDIT_ENTRY_MISSING', sequence: expectedSequence, message: `entries ${expectedSequence}–${entry.sequence - 1} are missing` });
    }
    if (!bytesEqual(entry.previousHash, previousHash)) {
      findings.push({ code: 'AUDIT_CHAIN_BROKEN', sequence: entry.sequence, message: `entry ${entry.sequence} does not commit to the entry before it` });
    }
    if (!bytesEqual(await hashAuditEntry(entry, entry.previousHash), entry.entryHash)) {
      findings.push({ code: 'AUDIT_ENTRY_ALTERED', sequence: entry.sequence, message: `entry ${entry.sequence} was changed after it was written` });
    }
    previousHash = entry.entryHash;
    expectedSequence = entry.sequence + 1;
    lastSequence = entry.sequence;
  }
  return { valid: findings.length === 0, entries: count, lastSequence, lastHash: previousHash, findings };
}
