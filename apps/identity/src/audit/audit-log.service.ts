import { Injectable } from '@nestjs/common';
import { type AuditChainVerdict, type ChainedAuditEntry, verifyAuditChain } from '@citizen-zero/audit-chain';
import { ValidationFailedError } from '@citizen-zero/nest-platform';
import type { Actor } from '../auth/permissions';
import { type Transaction, Transactions } from '../database/transactions';
import { auditExportHeader, auditExportLine, type AuditExportFormat, type AuditFilter, viewOfAuditEntry } from './audit-entry-view';
import { AuditLogRepository, type AuditPage } from './audit-log.repository';

/** What is audited. Details hold ids, codes and counts — never personal data. */
export interface AuditEvent {
  readonly action: string;
  readonly resourceType: string;
  readonly resourceId: string;
  readonly details?: Readonly<Record<string, string | number | boolean | null>>;
}

/** An export in progress: the text, produced a page of entries at a time as it is read. */
export interface AuditExport {
  /** The export covers the chain up to this entry: the one recording the export itself. */
  readonly upToSequence: number;
  readonly lines: AsyncGenerator<string>;
}

@Injectable()
export class AuditLogService {
  constructor(
    private readonly repository: AuditLogRepository,
    private readonly transactions: Transactions,
  ) {}

  record(actor: Actor | string, event: AuditEvent, transaction: Transaction): Promise<ChainedAuditEntry> {
    return this.repository.append({ actor: typeof actor === 'string' ? actor : actor.subject, action: event.action, resourceType: event.resourceType, resourceId: event.resourceId, details: event.details ?? {} }, transaction);
  }

  verify(): Promise<AuditChainVerdict> {
    return verifyAuditChain(this.repository.entries());
  }

  search(filter: AuditFilter, page: AuditPage): Promise<ChainedAuditEntry[]> {
    checkTimeRange(filter);
    if (page.afterSequence !== undefined && page.beforeSequence !== undefined) throw new ValidationFailedError([{ field: 'beforeSequence', message: 'give afterSequence or beforeSequence, not both' }]);
    return this.repository.search(filter, page);
  }

  /**
   * Everything the filter selects, oldest first, as JSON Lines or CSV. The export is itself
   * audited (who, which format and filter) before the first byte is sent, and is bounded by that
   * entry, so it is one consistent cut of the chain however long the download takes; entries are
   * read a page at a time, so its size is not bounded by memory.
   */
  async export(actor: Actor, filter: AuditFilter, format: AuditExportFormat): Promise<AuditExport> {
    checkTimeRange(filter);
    const recorded = await this.transactions.run((transaction) =>
      this.record(
        actor,
        {
          action: 'audit.export',
          resourceType: 'audit-log',
          resourceId: 'audit-log',
          details: {
            format,
            actor: filter.actor ?? null,
            action: filter.action ?? null,
            resourceType: filter.resourceType ?? null,
            resourceId: filter.resourceId ?? null,
            from: filter.from?.toISOString() ?? null,
            until: filter.until?.toISOString() ?? null,
          },
        },
        transaction,
      ),
    );
    const entries = this.repository.matching(filter, recorded.sequence);
    // The first page is read before the answer starts, so a database failure is still an error response, not a cut-off file.
    const first = await entries.next();
    async function* lines(): AsyncGenerator<string> {
      const header = auditExportHeader(format);
      if (header) yield header;
      if (first.done) return;
      yield auditExportLine(format, viewOfAuditEntry(first.value));
      for await (const entry of entries) yield auditExportLine(format, viewOfAuditEntry(entry));
    }
    return { upToSequence: recorded.sequence, lines: lines() };
  }
}

function checkTimeRange(filter: AuditFilter): void {
  if (filter.from && filter.until && filter.from.getTime() >= filter.until.getTime()) throw new ValidationFailedError([{ field: 'until', message: 'must be after from' }]);
}
