import { Injectable } from '@nestjs/common';
import { DataSource, In, IsNull, LessThan } from 'typeorm';
import type { SealedRecord } from '../crypto/envelope-encryption';
import { managerOf, type Transaction } from '../database/transactions';
import type { DocumentKind, DocumentStatus, IssuanceState, IssuedDocument } from './issued-document';
import { DeadLetterEntity, IssuedDocumentEntity } from './issued-document.entity';

@Injectable()
export class IssuedDocumentRepository {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * Creates the document row unless one exists for this application and kind (the idempotency
   * key). Returns the row either way.
   */
  async createIfAbsent(document: { id: string; applicationId: string; personId: string; kind: DocumentKind; signingKey: string }): Promise<IssuedDocument> {
    const now = new Date();
    await this.dataSource.query(
      `INSERT INTO issued_documents (id, application_id, person_id, kind, state, status, signing_key, status_list_index, created_at, updated_at)
       VALUES ($1, $2, $3, $4, 'pending', 'valid', $5, nextval('status_list_index_seq'), $6, $6)
       ON CONFLICT (application_id, kind) DO NOTHING`,
      [document.id, document.applicationId, document.personId, document.kind, document.signingKey, now],
    );
    const row = await this.dataSource.getRepository(IssuedDocumentEntity).findOneByOrFail({ applicationId: document.applicationId, kind: document.kind });
    return fromEntity(row);
  }

  async findById(id: string): Promise<(IssuedDocument & { sealed: SealedRecord | undefined }) | undefined> {
    const row = await this.dataSource.getRepository(IssuedDocumentEntity).findOneBy({ id });
    return row ? { ...fromEntity(row), sealed: sealedOf(row) } : undefined;
  }

  /** The document without its sealed data (which holds the portrait): for checks that need only state and key. */
  async findSummaryById(id: string): Promise<IssuedDocument | undefined> {
    const row = await this.dataSource.getRepository(IssuedDocumentEntity).findOne({ where: { id }, select: { id: true, applicationId: true, personId: true, kind: true, state: true, status: true, signingKey: true, statusListIndex: true, issuedAt: true, validUntil: true, createdAt: true } });
    return row ? fromEntity(row) : undefined;
  }

  async findByApplication(applicationId: string): Promise<IssuedDocument[]> {
    return (await this.dataSource.getRepository(IssuedDocumentEntity).find({ where: { applicationId }, order: { kind: 'ASC' } })).map(fromEntity);
  }

  async findByPerson(personId: string): Promise<IssuedDocument[]> {
    return (await this.dataSource.getRepository(IssuedDocumentEntity).find({ where: { personId }, order: { createdAt: 'ASC' } })).map(fromEntity);
  }

  /** Moves a document forward only from the state the caller saw (compare-and-set), storing its sealed artefact. */
  async advance(id: string, from: IssuanceState, to: IssuanceState, change: { sealed?: SealedRecord; issuedAt?: Date; validUntil?: Date }, transaction?: Transaction): Promise<boolean> {
    const repository = transaction ? managerOf(transaction).getRepository(IssuedDocumentEntity) : this.dataSource.getRepository(IssuedDocumentEntity);
    const result = await repository.update(
      { id, state: from },
      {
        state: to,
        updatedAt: new Date(),
        ...(change.sealed && { sealedData: Buffer.from(change.sealed.ciphertext), wrappedKey: Buffer.from(change.sealed.wrappedKey), keyLabel: change.sealed.keyLabel }),
        ...(change.issuedAt && { issuedAt: change.issuedAt }),
        ...(change.validUntil && { validUntil: change.validUntil }),
      },
    );
    return (result.affected ?? 0) === 1;
  }

  async countAttempt(id: string): Promise<void> {
    await this.dataSource.getRepository(IssuedDocumentEntity).increment({ id }, 'attempts', 1);
  }

  async setStatus(ids: readonly string[], status: DocumentStatus, transaction: Transaction): Promise<void> {
    if (ids.length > 0) await managerOf(transaction).getRepository(IssuedDocumentEntity).update({ id: In([...ids]) }, { status, updatedAt: new Date() });
  }

  /** Pending documents older than `before`: candidates for re-scheduling after a crash. */
  async findPending(before: Date, limit: number): Promise<IssuedDocument[]> {
    return (await this.dataSource.getRepository(IssuedDocumentEntity).find({ where: { state: 'pending', createdAt: LessThan(before) }, order: { createdAt: 'ASC' }, take: limit })).map(fromEntity);
  }

  async findDueForExpiry(now: Date, limit: number): Promise<IssuedDocument[]> {
    return (await this.dataSource.getRepository(IssuedDocumentEntity).find({ where: { validUntil: LessThan(now), status: In(['valid', 'suspended']) }, take: limit })).map(fromEntity);
  }

  /** Every document's status-list entry, for publishing the list. */
  async statusEntries(): Promise<Array<{ index: number; status: DocumentStatus }>> {
    const rows = await this.dataSource.getRepository(IssuedDocumentEntity).find({ select: { statusListIndex: true, status: true } });
    return rows.map((row) => ({ index: row.statusListIndex, status: row.status }));
  }

  async countByKind(): Promise<Record<string, number>> {
    const rows = (await this.dataSource.getRepository(IssuedDocumentEntity).createQueryBuilder('document').select('document.kind', 'kind').addSelect('count(*)', 'count').where(`document.state = 'issued'`).groupBy('document.kind').getRawMany()) as { kind: string; count: string }[];
    return Object.fromEntries(rows.map((row) => [row.kind, Number(row.count)]));
  }
}

export interface DeadLetter {
  readonly id: string;
  readonly queue: string;
  readonly jobName: string;
  readonly jobId: string;
  readonly payload: Record<string, unknown>;
  readonly errorCode: string;
  readonly errorMessage: string;
  readonly attempts: number;
  readonly failedAt: Date;
  readonly replayedAt: Date | undefined;
  readonly replayedBy: string | undefined;
}

@Injectable()
export class DeadLetterRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Records a dead letter once per job (a job that failed for good is recorded exactly once). */
  async record(letter: Omit<DeadLetter, 'replayedAt' | 'replayedBy'>): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO dead_letters (id, queue, job_name, job_id, payload, error_code, error_message, attempts, failed_at)
       SELECT $1, $2, $3, $4, $5, $6, $7, $8, $9 WHERE NOT EXISTS (SELECT 1 FROM dead_letters WHERE queue = $2 AND job_id = $4 AND replayed_at IS NULL)`,
      [letter.id, letter.queue, letter.jobName, letter.jobId, JSON.stringify(letter.payload), letter.errorCode, letter.errorMessage, letter.attempts, letter.failedAt],
    );
  }

  async list(includeReplayed: boolean, limit: number): Promise<DeadLetter[]> {
    const rows = await this.dataSource.getRepository(DeadLetterEntity).find({ where: includeReplayed ? {} : { replayedAt: IsNull() }, order: { failedAt: 'DESC' }, take: limit });
    return rows.map(deadLetterOf);
  }

  async findById(id: string): Promise<DeadLetter | undefined> {
    const row = await this.dataSource.getRepository(DeadLetterEntity).findOneBy({ id });
    return row ? deadLetterOf(row) : undefined;
  }

  async markReplayed(id: string, by: string): Promise<boolean> {
    const result = await this.dataSource.getRepository(DeadLetterEntity).update({ id, replayedAt: IsNull() }, { replayedAt: new Date(), replayedBy: by });
    return (result.affected ?? 0) === 1;
  }

  async countOpen(): Promise<number> {
    return this.dataSource.getRepository(DeadLetterEntity).countBy({ replayedAt: IsNull() });
  }
}

function fromEntity(row: IssuedDocumentEntity): IssuedDocument {
  return {
    id: row.id,
    applicationId: row.applicationId,
    personId: row.personId,
    kind: row.kind,
    state: row.state,
    status: row.status,
    signingKey: row.signingKey,
    statusListIndex: row.statusListIndex,
    issuedAt: row.issuedAt ?? undefined,
    validUntil: row.validUntil ?? undefined,
    createdAt: row.createdAt,
  };
}

function sealedOf(row: IssuedDocumentEntity): SealedRecord | undefined {
  return row.sealedData && row.wrappedKey && row.keyLabel ? { ciphertext: new Uint8Array(row.sealedData), wrappedKey: new Uint8Array(row.wrappedKey), keyLabel: row.keyLabel } : undefined;
}

function deadLetterOf(row: DeadLetterEntity): DeadLetter {
  return { id: row.id, queue: row.queue, jobName: row.jobName, jobId: row.jobId, payload: row.payload, errorCode: row.errorCode, errorMessage: row.errorMessage, attempts: row.attempts, failedAt: row.failedAt, replayedAt: row.replayedAt ?? undefined, replayedBy: row.replayedBy ?? undefined };
}
