import { Injectable } from '@nestjs/common';
import { DataSource, MoreThan } from 'typeorm';
import { type AuditEntry, type ChainedAuditEntry, chainAuditEntry, GENESIS_HASH } from '@citizen-zero/audit-chain';
import { managerOf, type Transaction } from '../database/transactions';
import type { AuditFilter } from './audit-entry-view';
import { AuditEntryEntity } from './audit-entry.entity';

/** Keyset paging of a search: at most `limit` entries after or before a sequence number. */
export interface AuditPage {
  readonly order: 'asc' | 'desc';
  readonly limit: number;
  readonly afterSequence?: number;
  readonly beforeSequence?: number;
}

/** Arbitrary constant naming the advisory lock that serialises appends to the chain. */
const AUDIT_APPEND_LOCK = 0x637a_6175;

@Injectable()
export class AuditLogRepository {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * Appends an entry inside the caller's transaction, so the entry exists exactly when the change
   * it records does. A transaction-scoped advisory lock serialises appends: each entry commits to
   * the hash of the one before it.
   */
  async append(entry: Omit<AuditEntry, 'sequence' | 'occurredAt'>, transaction: Transaction): Promise<ChainedAuditEntry> {
    const manager = managerOf(transaction);
    const [last] = (await manager.query('SELECT sequence, entry_hash FROM audit_log_lock_head($1)', [AUDIT_APPEND_LOCK])) as Array<{ sequence: string; entry_hash: Buffer }>;
    const sequence = last ? Number(last.sequence) + 1 : 1;
    // Millisecond precision is what PostgreSQL returns for timestamptz, so hash what is stored.
    const chained = await chainAuditEntry({ ...entry, sequence, occurredAt: new Date() }, last ? new Uint8Array(last.entry_hash) : GENESIS_HASH);
    await manager.query(
      `INSERT INTO audit_log (sequence, occurred_at, actor, action, resource_type, resource_id, details, previous_hash, entry_hash) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
      [sequence, chained.occurredAt, chained.actor, chained.action, chained.resourceType, chained.resourceId, JSON.stringify(chained.details), Buffer.from(chained.previousHash), Buffer.from(chained.entryHash)],
    );
    return chained;
  }

  /** Entries in sequence order, in pages, for verification and export. */
  async *entries(afterSequence = 0, pageSize = 1000): AsyncGenerator<ChainedAuditEntry> {
    let after = afterSequence;
    for (;;) {
      const page = await this.dataSource.getRepository(AuditEntryEntity).find({ where: { sequence: MoreThan(String(after)) }, order: { sequence: 'ASC' }, take: pageSize });
      for (const row of page) yield toChainedEntry(row);
      if (page.length < pageSize) return;
      after = Number(page.at(-1)!.sequence);
    }
  }

  /**
   * One page of the entries the filter selects, keyset-paged on the sequence: oldest first after
   * `afterSequence`, or newest first before `beforeSequence`.
   */
  async search(filter: AuditFilter, page: AuditPage): Promise<ChainedAuditEntry[]> {
    const query = this.filtered(filter).orderBy('entry.sequence', page.order === 'desc' ? 'DESC' : 'ASC').take(page.limit);
    if (page.afterSequence !== undefined) query.andWhere('entry.sequence > :after', { after: page.afterSequence });
    if (page.beforeSequence !== undefined) query.andWhere('entry.sequence < :before', { before: page.beforeSequence });
    return (await query.getMany()).map(toChainedEntry);
  }

  /** The entries the filter selects up to `upToSequence`, oldest first, read a page at a time (exports of any size). */
  async *matching(filter: AuditFilter, upToSequence: number, pageSize = 1000): AsyncGenerator<ChainedAuditEntry> {
    let after = 0;
    for (;;) {
      const page = await this.filtered(filter).andWhere('entry.sequence > :after AND entry.sequence <= :upTo', { after, upTo: upToSequence }).orderBy('entry.sequence', 'ASC').take(pageSize).getMany();
      for (const row of page) yield toChainedEntry(row);
      if (page.length < pageSize) return;
      after = Number(page.at(-1)!.sequence);
    }
  }

  private filtered(filter: AuditFilter) {
    const query = this.dataSource.getRepository(AuditEntryEntity).createQueryBuilder('entry').where('TRUE');
    if (filter.actor !== undefined) query.andWhere('entry.actor = :actor', { actor: filter.actor });
    if (filter.action !== undefined) query.andWhere('entry.action = :action', { action: filter.action });
    if (filter.resourceType !== undefined) query.andWhere('entry.resource_type = :resourceType', { resourceType: filter.resourceType });
    if (filter.resourceId !== undefined) query.andWhere('entry.resource_id = :resourceId', { resourceId: filter.resourceId });
    if (filter.from !== undefined) query.andWhere('entry.occurred_at >= :from', { from: filter.from });
    if (filter.until !== undefined) query.andWhere('entry.occurred_at < :until', { until: filter.until });
    return query;
  }
}

function toChainedEntry(row: AuditEntryEntity): ChainedAuditEntry {
  return {
    sequence: Number(row.sequence),
    occurredAt: row.occurredAt,
    actor: row.actor,
    action: row.action,
    resourceType: row.resourceType,
    resourceId: row.resourceId,
    details: row.details,
    previousHash: new Uint8Array(row.previousHash),
    entryHash: new Uint8Array(row.entryHash),
  };
}
