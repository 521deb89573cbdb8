import { describe, expect, it } from 'vitest';
import { type AuditEntry, type ChainedAuditEntry, chainAuditEntry, GENESIS_HASH, verifyAuditChain } from '@citizen-zero/audit-chain';

async function chain(count: number): Promise<ChainedAuditEntry[]> {
  const entries: ChainedAuditEntry[] = [];
  let previous: Uint8Array = GENESIS_HASH;
  for (let sequence = 1; sequence <= count; sequence++) {
    const entry: AuditEntry = { sequence, occurredAt: new Date(Date.UTC(2026, 10, 30, 8, 0, sequence)), actor: `official-${sequence % 3}`, action: sequence % 2 ? 'person.read' : 'application.approve', resourceType: 'person', resourceId: `id-${sequence}`, details: { b: sequence, a: 'x' } };
    const chained = await chainAuditEntry(entry, previous);
    entries.push(chained);
    previous = chained.entryHash;
  }
  return entries;
}

describe('hash-chained audit log', () => {
  it('verifies an intact chain, also continued from an anchor', async () => {
    const entries = await chain(10);
    const verdict = await verifyAuditChain(entries);
    expect(verdict).toMatchObject({ valid: true, entries: 10, lastSequence: 10, findings: [] });
    const tail = await verifyAuditChain(entries.slice(5), { sequence: 5, hash: entries[4]!.entryHash });
    expect(tail.valid).toBe(true);
  });

  it('does not depend on the order of detail keys', async () => {
    const [entry] = await chain(1);
    const reordered = { ...entry!, details: { a: 'x', b: 1 } };
    expect((await verifyAuditChain([reordered])).valid).toBe(true);
  });

  it('detects an edited entry, a deleted entry, a re-chained deletion and a reordering', async () => {
    const entries = await chain(6);
    const edited = entries.map((entry) => (entry.sequence === 3 ? { ...entry, actor: 'someone-else' } : entry));
    expect((await verifyAuditChain(edited)).findings.map((f) => [f.code, f.sequence])).toEqual([['AUDIT_ENTRY_ALTERED', 3]]);

    const deleted = entries.filter((entry) => entry.sequence !== 4);
    expect((await verifyAuditChain(deleted)).findings.map((f) => f.code)).toEqual(['AUDIT_ENTRY_MISSING', 'AUDIT_CHAIN_BROKEN']);

    // An attacker deletes entry 4 and renumbers and re-hashes everything after it: the hashes
    // are consistent again, but the last hash no longer matches one recorded earlier.
    const rechained: ChainedAuditEntry[] = [];
    let previous: Uint8Array = GENESIS_HASH;
    for (const [index, entry] of deleted.entries()) {
      const again = await chainAuditEntry({ ...entry, sequence: index + 1 }, previous);
      rechained.push(again);
      previous = again.entryHash;
    }
    const forged = await verifyAuditChain(rechained);
    expect(forged.valid).toBe(true);
    expect(Buffer.from(forged.lastHash).equals(Buffer.from(entries.at(-1)!.entryHash))).toBe(false);

    const swapped = [entries[0]!, entries[2]!, entries[1]!, ...entries.slice(3)];
    expect((await verifyAuditChain(swapped)).valid).toBe(false);
  });
});
