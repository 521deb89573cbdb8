import { Injectable } from '@nestjs/common';
import { DataSource, In, LessThan } from 'typeorm';
import type { SealedRecord } from '../crypto/envelope-encryption';
import { managerOf, type Transaction } from '../database/transactions';
import type { ApplicationState, ApplicationType, DeduplicationOutcome, JournalEntry } from './application';
import { ApplicationEntity, ApplicationJournalEntity } from './application.entity';

/** An application as stored: its state in clear, the applicant's data sealed. */
export interface StoredApplication {
  readonly id: string;
  readonly type: ApplicationType;
  readonly state: ApplicationState;
  readonly personId: string | undefined;
  readonly sealed: SealedRecord;
  readonly deduplication: DeduplicationOutcome | undefined;
  readonly deduplicationRequestedAt: Date | undefined;
  readonly createdBy: string;
  readonly submittedBy: string | undefined;
  readonly decidedBy: string | undefined;
  readonly createdAt: Date;
  readonly updatedAt: Date;
  readonly version: number;
}

@Injectable()
export class ApplicationRepository {
  constructor(private readonly dataSource: DataSource) {}

  async insert(application: StoredApplication, transaction: Transaction): Promise<void> {
    await managerOf(transaction).getRepository(ApplicationEntity).insert(toEntity(application));
  }

  /** Reads and locks the row for the rest of the transaction, so concurrent commands on one application queue up. */
  async findForUpdate(id: string, transaction: Transaction): Promise<StoredApplication | undefined> {
    const row = await managerOf(transaction).getRepository(ApplicationEntity).createQueryBuilder('application').setLock('pessimistic_write').where('application.id = :id', { id }).getOne();
    return row ? fromEntity(row) : undefined;
  }

  async findById(id: string): Promise<StoredApplication | undefined> {
    const row = await this.dataSource.getRepository(ApplicationEntity).findOneBy({ id });
    return row ? fromEntity(row) : undefined;
  }

  async save(application: StoredApplication, transaction: Transaction): Promise<void> {
    await managerOf(transaction).getRepository(ApplicationEntity).save(toEntity(application));
  }

  async appendJournal(entry: JournalEntry, transaction: Transaction): Promise<void> {
    await managerOf(transaction).getRepository(ApplicationJournalEntity).insert({ applicationId: entry.applicationId, fromState: entry.from, toState: entry.to, actor: entry.actor, reason: entry.reason, at: entry.at });
  }

  async journal(applicationId: string): Promise<JournalEntry[]> {
    const rows = await this.dataSource.getRepository(ApplicationJournalEntity).find({ where: { applicationId }, order: { id: 'ASC' } });
    return rows.map((row) => ({ applicationId: row.applicationId, from: row.fromState, to: row.toState, actor: row.actor, reason: row.reason, at: row.at }));
  }

  async listByStates(states: readonly ApplicationState[], limit: number): Promise<StoredApplication[]> {
    const rows = await this.dataSource.getRepository(ApplicationEntity).find({ where: { state: In([...states]) }, order: { updatedAt: 'ASC' }, take: limit });
    return rows.map(fromEntity);
  }

  /** Applications waiting for a deduplication answer since before `before`. */
  async findAwaitingDeduplication(before: Date, limit: number): Promise<StoredApplication[]> {
    const rows = await this.dataSource.getRepository(ApplicationEntity).find({ where: { state: 'deduplication', deduplicationRequestedAt: LessThan(before) }, order: { deduplicationRequestedAt: 'ASC' }, take: limit });
    return rows.map(fromEntity);
  }

  async countByState(): Promise<Record<string, number>> {
    const rows = (await this.dataSource.getRepository(ApplicationEntity).createQueryBuilder('application').select('application.state', 'state').addSelect('count(*)', 'count').groupBy('application.state').getRawMany()) as { state: string; count: string }[];
    return Object.fromEntries(rows.map((row) => [row.state, Number(row.count)]));
  }
}

function toEntity(application: StoredApplication): ApplicationEntity {
  return Object.assign(new ApplicationEntity(), {
    id: application.id,
    type: application.type,
    state: application.state,
    personId: application.personId ?? null,
    sealedData: Buffer.from(application.sealed.ciphertext),
    wrappedKey: Buffer.from(application.sealed.wrappedKey),
    keyLabel: application.sealed.keyLabel,
    deduplication: application.deduplication ?? null,
    deduplicationRequestedAt: application.deduplicationRequestedAt ?? null,
    createdBy: application.createdBy,
    submittedBy: application.submittedBy ?? null,
    decidedBy: application.decidedBy ?? null,
    createdAt: application.createdAt,
    updatedAt: application.updatedAt,
    version: application.version,
  });
}

function fromEntity(row: ApplicationEntity): StoredApplication {
  return {
    id: row.id,
    type: row.type,
    state: row.state,
    personId: row.personId ?? undefined,
    sealed: { ciphertext: new Uint8Array(row.sealedData), wrappedKey: new Uint8Array(row.wrappedKey), keyLabel: row.keyLabel },
    deduplication: row.deduplication ?? undefined,
    deduplicationRequestedAt: row.deduplicationRequestedAt ?? undefined,
    createdBy: row.createdBy,
    submittedBy: row.submittedBy ?? undefined,
    decidedBy: row.decidedBy ?? undefined,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
    version: row.version,
  };
}
