import { Injectable } from '@nestjs/common';
import { AuditLogService } from '../audit/audit-log.service';
import type { Actor } from '../auth/permissions';
import { Transactions, type Transaction } from '../database/transactions';
import { IdentityError } from '../identity-error';
import type { DocumentStatus, IssuedDocument } from '../issuance/issued-document';
import { IssuedDocumentRepository } from '../issuance/issued-document.repository';
import { PersonRepository } from '../persons/person.repository';
import { StatusListPublisher } from '../status-list/status-list-publisher';
import { WebhooksService } from '../webhooks/webhooks.service';

export type LifecycleAction = 'suspend' | 'reinstate' | 'revoke' | 'record-death';

/** Why, as a code: lifecycle reasons go into the audit log, which never holds free text. */
export const LIFECYCLE_REASONS = ['lost', 'stolen', 'damaged', 'fraud-suspected', 'fraud-confirmed', 'court-order', 'holder-request', 'data-error', 'death', 'investigation-closed', 'superseded'] as const;
export type LifecycleReason = (typeof LIFECYCLE_REASONS)[number];

/** Which statuses an action moves a document from, and to. Revoked and expired are final. */
const DOCUMENT_TRANSITIONS: Readonly<Record<Exclude<LifecycleAction, 'record-death'>, { from: readonly DocumentStatus[]; to: DocumentStatus }>> = {
  suspend: { from: ['valid'], to: 'suspended' },
  reinstate: { from: ['suspended'], to: 'valid' },
  revoke: { from: ['valid', 'suspended'], to: 'revoked' },
};

/**
 * Suspending, reinstating and revoking documents and credentials, recording a death, and
 * expiring what has passed its date. Every change updates the status list and tells subscribed
 * relying parties (after the database has committed it).
 */
@Injectable()
export class LifecycleService {
  constructor(
    private readonly documents: IssuedDocumentRepository,
    private readonly persons: PersonRepository,
    private readonly statusList: StatusListPublisher,
    private readonly webhooks: WebhooksService,
    private readonly audit: AuditLogService,
    private readonly transactions: Transactions,
  ) {}

  /** Applies an action to every document of a person (record-death: revokes all and marks the person deceased). */
  async applyToPerson(actor: Actor, personId: string, action: LifecycleAction, reason: LifecycleReason): Promise<IssuedDocument[]> {
    const person = await this.persons.findById(personId);
    if (!person) throw new IdentityError('PERSON_NOT_FOUND', 'no person with this id');
    if (person.status === 'deceased') throw new IdentityError('PERSON_DECEASED', 'the person is recorded as deceased; their documents are revoked');
    const transition = DOCUMENT_TRANSITIONS[action === 'record-death' ? 'revoke' : action];
    const affected = (await this.documents.findByPerson(personId)).filter((document) => document.state !== 'pending' && transition.from.includes(document.status));
    await this.transactions.run(async (transaction) => {
      await this.documents.setStatus(affected.map((document) => document.id), transition.to, transaction);
      if (action === 'record-death') await this.persons.setStatus(personId, 'deceased', transaction);
      await this.audit.record(actor, { action: `person.${action}`, resourceType: 'person', resourceId: personId, details: { documents: affected.length, reason } }, transaction);
      await this.recordEvents(affected, transition.to, transaction);
    });
    return this.announce(affected, transition.to);
  }

  async applyToDocument(actor: Actor, documentId: string, action: Exclude<LifecycleAction, 'record-death'>, reason: LifecycleReason): Promise<IssuedDocument> {
    const document = await this.documents.findSummaryById(documentId);
    if (!document) throw new IdentityError('DOCUMENT_NOT_FOUND', 'no issued document with this id');
    const transition = DOCUMENT_TRANSITIONS[action];
    if (!transition.from.includes(document.status)) throw new IdentityError('DOCUMENT_TRANSITION_INVALID', `cannot ${action} a document that is ${document.status} (allowed from: ${transition.from.join(', ')})`, { action, status: document.status });
    await this.transactions.run(async (transaction) => {
      await this.documents.setStatus([documentId], transition.to, transaction);
      await this.audit.record(actor, { action: `document.${action}`, resourceType: 'document', resourceId: documentId, details: { kind: document.kind, reason } }, transaction);
      await this.recordEvents([document], transition.to, transaction);
    });
    const [changed] = await this.announce([document], transition.to);
    return changed!;
  }

  /**
   * When a replacement or renewal is approved, the person's earlier documents of the kinds it
   * replaces are revoked (a lost or stolen card must stop working at once).
   */
  async supersede(personId: string, kinds: readonly string[], exceptApplicationId: string, reason: LifecycleReason): Promise<IssuedDocument[]> {
    const affected = (await this.documents.findByPerson(personId)).filter((document) => kinds.includes(document.kind) && document.applicationId !== exceptApplicationId && document.state !== 'pending' && (document.status === 'valid' || document.status === 'suspended'));
    if (affected.length === 0) return [];
    await this.transactions.run(async (transaction) => {
      await this.documents.setStatus(affected.map((document) => document.id), 'revoked', transaction);
      for (const document of affected) await this.audit.record('system:lifecycle', { action: 'document.revoke', resourceType: 'document', resourceId: document.id, details: { kind: document.kind, reason } }, transaction);
      await this.recordEvents(affected, 'revoked', transaction);
    });
    return this.announce(affected, 'revoked');
  }

  /** Marks documents past their expiry as expired (run by the recovery sweep). */
  async expireDue(now = new Date()): Promise<number> {
    const due = await this.documents.findDueForExpiry(now, 500);
    if (due.length === 0) return 0;
    await this.transactions.run(async (transaction) => {
      await this.documents.setStatus(due.map((document) => document.id), 'expired', transaction);
      for (const document of due) await this.audit.record('system:lifecycle', { action: 'document.expire', resourceType: 'document', resourceId: document.id, details: { kind: document.kind } }, transaction);
      await this.recordEvents(due, 'expired', transaction);
    });
    await this.announce(due, 'expired');
    return due.length;
  }

  /** Status-change events go into the outbox in the same transaction as the change. */
  private async recordEvents(documents: readonly IssuedDocument[], status: DocumentStatus, transaction: Transaction): Promise<void> {
    for (const document of documents) {
      await this.webhooks.record({ type: 'document.status-changed', data: { statusListUri: this.statusList.uri, statusListIndex: document.statusListIndex, status, documentKind: document.kind } }, transaction);
    }
  }

  /** After the commit: the status list is re-signed on next read and the events are delivered. */
  private async announce(documents: readonly IssuedDocument[], status: DocumentStatus): Promise<IssuedDocument[]> {
    this.statusList.invalidate();
    await this.webhooks.publishOutbox();
    return documents.map((document) => ({ ...document, status }));
  }
}
