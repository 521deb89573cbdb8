import { Injectable } from '@nestjs/common';
import { type AuditChainVerdict, verifyAuditChain } from '@citizen-zero/audit-chain';
import type { Actor } from '../auth/permissions';
import type { Transaction } from '../database/transactions';
import { AuditLogRepository } from './audit-log.repository';

/** What is audited. Details hold ids, codes and counts — never personal data. */
export interface AuditEvent {
  readonly action: string;
  readonly resourceType: string;
  readonly resourceId: string;
  readonly details?: Readonly<Record<string, string | number | boolean | null>>;
}

@Injectable()
export class AuditLogService {
  constructor(private readonly repository: AuditLogRepository) {}

  record(actor: Actor | string, event: AuditEvent, transaction: Transaction): Promise<unknown> {
    return this.repository.append({ actor: typeof actor === 'string' ? actor : actor.subject, action: event.action, resourceType: event.resourceType, resourceId: event.resourceId, details: event.details ?? {} }, transaction);
  }

  verify(): Promise<AuditChainVerdict> {
    return verifyAuditChain(this.repository.entries());
  }

  search(filter: { action?: string; resourceId?: string; actor?: string; limit: number; afterSequence?: number }) {
    return this.repository.search(filter);
  }
}
