import { Injectable } from '@nestjs/common';
import { AuditLogService } from '../audit/audit-log.service';
import type { Actor } from '../auth/permissions';
import { Transactions } from '../database/transactions';
import { IdentityError } from '../identity-error';
import { IssuanceService, type IssueDocumentJob } from './issuance.service';
import { type DeadLetter, DeadLetterRepository } from './issued-document.repository';

/** Jobs that failed every attempt, kept in PostgreSQL with their payload and error, and replayable by officials. */
@Injectable()
export class DeadLettersService {
  constructor(
    private readonly deadLetters: DeadLetterRepository,
    private readonly issuance: IssuanceService,
    private readonly audit: AuditLogService,
    private readonly transactions: Transactions,
  ) {}

  list(includeReplayed: boolean, limit: number): Promise<DeadLetter[]> {
    return this.deadLetters.list(includeReplayed, limit);
  }

  /** Puts the job back on its queue under its original id; the job's own idempotency makes a replay safe. */
  async replay(actor: Actor, id: string): Promise<DeadLetter> {
    const letter = await this.deadLetters.findById(id);
    if (!letter) throw new IdentityError('DEAD_LETTER_NOT_FOUND', 'no dead letter with this id');
    if (letter.replayedAt || !(await this.deadLetters.markReplayed(id, actor.subject))) throw new IdentityError('APPLICATION_CONFLICT', 'this dead letter has already been replayed');
    await this.issuance.replay(letter.queue, letter.jobId, letter.payload as unknown as IssueDocumentJob);
    await this.transactions.run((transaction) => this.audit.record(actor, { action: 'dead-letter.replay', resourceType: 'dead-letter', resourceId: id, details: { queue: letter.queue } }, transaction));
    return (await this.deadLetters.findById(id))!;
  }
}
