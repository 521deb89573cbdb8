import { Injectable } from '@nestjs/common';
import { DataSource, In } from 'typeorm';
import type { ApplicationState, ApplicationType, JournalEntry } from '../applications/application';
import { ApplicationEntity, ApplicationJournalEntity } from '../applications/application.entity';
import { AuditEntryEntity } from '../audit/audit-entry.entity';

/** An application that concerns a person, without its sealed data: what the record's history shows. */
export interface RecordApplication {
  readonly id: string;
  readonly type: ApplicationType;
  readonly state: ApplicationState;
  readonly createdBy: string;
  readonly submittedBy: string | undefined;
  readonly decidedBy: string | undefined;
  readonly createdAt: Date;
  readonly updatedAt: Date;
  readonly journal: readonly JournalEntry[];
}

/** A change to a person or one of their documents, as the audit log recorded it. */
export interface RecordAuditEntry {
  readonly sequence: number;
  readonly at: Date;
  readonly actor: string;
  readonly action: string;
  readonly resourceType: string;
  readonly resourceId: string;
  readonly details: Readonly<Record<string, string | number | boolean | null>>;
}

/**
 * Read-only queries behind a person's history: the applications that name the person with their
 * journals, and the audit entries of changes to the person and their documents. It reads the
 * applications' and the audit log's tables directly (never writes them) so the history is one
 * query per source rather than one per application or document.
 */
@Injectable()
export class RecordHistoryRepository {
  constructor(private readonly dataSource: DataSource) {}

  async applicationsOf(personId: string): Promise<RecordApplication[]> {
    const rows = await this.dataSource.getRepository(ApplicationEntity).find({
      where: { personId },
      select: { id: true, type: true, state: true, createdBy: true, submittedBy: true, decidedBy: true, createdAt: true, updatedAt: true },
      order: { createdAt: 'ASC' },
    });
    if (rows.length === 0) return [];
    const journal = await this.dataSource.getRepository(ApplicationJournalEntity).find({ where: { applicationId: In(rows.map((row) => row.id)) }, order: { id: 'ASC' } });
    return rows.map((row) => ({
      id: row.id,
      type: row.type,
      state: row.state,
      createdBy: row.createdBy,
      submittedBy: row.submittedBy ?? undefined,
      decidedBy: row.decidedBy ?? undefined,
      createdAt: row.createdAt,
      updatedAt: row.updatedAt,
      journal: journal.filter((entry) => entry.applicationId === row.id).map((entry) => ({ applicationId: entry.applicationId, from: entry.fromState, to: entry.toState, actor: entry.actor, reason: entry.reason, at: entry.at })),
    }));
  }

  /** The latest `limit` audit entries with one of `actions` on one of `resourceIds`, oldest first (the audit_log_resource index serves it). */
  async auditEntriesOf(resourceIds: readonly string[], actions: readonly string[], limit: number): Promise<RecordAuditEntry[]> {
    if (resourceIds.length === 0 || actions.length === 0) return [];
    const rows = await this.dataSource.getRepository(AuditEntryEntity).find({
      where: { resourceId: In([...resourceIds]), action: In([...actions]) },
      select: { sequence: true, occurredAt: true, actor: true, action: true, resourceType: true, resourceId: true, details: true },
      order: { sequence: 'DESC' },
      take: limit,
    });
    return rows.reverse().map((row) => ({ sequence: Number(row.sequence), at: row.occurredAt, actor: row.actor, action: row.action, resourceType: row.resourceType, resourceId: row.resourceId, details: row.details }));
  }
}
