import { Injectable } from '@nestjs/common';
import { AuditLogService } from '../audit/audit-log.service';
import type { Actor } from '../auth/permissions';
import { Transactions } from '../database/transactions';
import { IdentityError } from '../identity-error';
import { IssuedDocumentRepository } from '../issuance/issued-document.repository';
import { PersonRepository } from './person.repository';
import { type RecordApplication, RecordHistoryRepository } from './record-history.repository';

/** The audited changes that make up a record's history; reads and searches are the auditors' business, not the record's. */
export const RECORD_EVENT_ACTIONS = [
  'person.register',
  'person.suspend',
  'person.reinstate',
  'person.revoke',
  'person.record-death',
  'document.issue',
  'document.suspend',
  'document.reinstate',
  'document.revoke',
  'document.expire',
  'credential.offer',
  'credential.zk-issue',
] as const;

/** The most events one history shows (the latest ones); the audit log keeps them all. */
const EVENT_LIMIT = 500;

/** One change to the person or to one of their documents, from the audit log. Details are codes and ids only. */
export interface RecordEvent {
  readonly sequence: number;
  readonly at: Date;
  readonly actor: string;
  readonly action: string;
  readonly documentId: string | undefined;
  readonly documentKind: string | undefined;
  /** The lifecycle reason code (LIFECYCLE_REASONS), when the change had one. */
  readonly reason: string | undefined;
  /** For a change to the person applied to their documents (suspend all, record death): how many changed. */
  readonly documentsAffected: number | undefined;
}

export interface RecordHistory {
  readonly applications: readonly RecordApplication[];
  readonly events: readonly RecordEvent[];
}

/**
 * A person's history for officials: every application that names the person, with its journal
 * (who moved it, when, and why), and the changes the audit log recorded on the person and their
 * documents (issuance, offers, suspensions, revocations, expiry, death). Reading it is audited.
 */
@Injectable()
export class RecordHistoryService {
  constructor(
    private readonly persons: PersonRepository,
    private readonly documents: IssuedDocumentRepository,
    private readonly history: RecordHistoryRepository,
    private readonly audit: AuditLogService,
    private readonly transactions: Transactions,
  ) {}

  async read(actor: Actor, personId: string): Promise<RecordHistory> {
    if (!(await this.persons.findById(personId))) throw new IdentityError('PERSON_NOT_FOUND', 'no person with this id');
    const documentIds = (await this.documents.findByPerson(personId)).map((document) => document.id);
    const [applications, entries] = await Promise.all([this.history.applicationsOf(personId), this.history.auditEntriesOf([personId, ...documentIds], RECORD_EVENT_ACTIONS, EVENT_LIMIT)]);
    await this.transactions.run((transaction) => this.audit.record(actor, { action: 'person.history', resourceType: 'person', resourceId: personId, details: { applications: applications.length, events: entries.length } }, transaction));
    const text = (value: unknown) => (typeof value === 'string' ? value : undefined);
    return {
      applications,
      events: entries.map((entry) => ({
        sequence: entry.sequence,
        at: entry.at,
        actor: entry.actor,
        action: entry.action,
        documentId: entry.resourceType === 'document' ? entry.resourceId : undefined,
        documentKind: text(entry.details['kind']),
        reason: text(entry.details['reason']),
        documentsAffected: entry.resourceType === 'person' && typeof entry.details['documents'] === 'number' ? entry.details['documents'] : undefined,
      })),
    };
  }
}
