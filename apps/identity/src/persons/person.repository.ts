import { Injectable } from '@nestjs/common';
import { DataSource, In, Not, QueryFailedError } from 'typeorm';
import { managerOf, type Transaction } from '../database/transactions';
import type { SealedRecord } from '../crypto/envelope-encryption';
import type { PersonStatus } from './person';
import { PersonEntity } from './person.entity';

/** A person as stored: sealed personal data and blind indexes. */
export interface StoredPerson {
  readonly id: string;
  readonly sealed: SealedRecord;
  readonly ninIndex: Uint8Array;
  readonly nameBirthDateIndex: Uint8Array;
  readonly blindIndexKey: string;
  readonly status: PersonStatus;
  readonly createdAt: Date;
  readonly updatedAt: Date;
  readonly version: number;
}

export class DuplicateNinIndexError extends Error {}

@Injectable()
export class PersonRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** The next value of the NIN sequence; unique across concurrent transactions (never rolled back, gaps allowed). */
  async nextNationalIdSequence(transaction: Transaction): Promise<bigint> {
    const [row] = (await managerOf(transaction).query(`SELECT nextval('national_id_number_seq') AS value`)) as { value: string }[];
    return BigInt(row!.value);
  }

  async insert(person: StoredPerson, transaction: Transaction): Promise<void> {
    try {
      await managerOf(transaction).getRepository(PersonEntity).insert(toEntity(person));
    } catch (error) {
      if (error instanceof QueryFailedError && (error.driverError as { code?: string }).code === '23505') throw new DuplicateNinIndexError('NIN blind index already present');
      throw error;
    }
  }

  async findById(id: string, transaction?: Transaction): Promise<StoredPerson | undefined> {
    const repository = transaction ? managerOf(transaction).getRepository(PersonEntity) : this.dataSource.getRepository(PersonEntity);
    const row = await repository.findOneBy({ id });
    return row ? fromEntity(row) : undefined;
  }

  async findByNinIndex(index: Uint8Array): Promise<StoredPerson | undefined> {
    const row = await this.dataSource.getRepository(PersonEntity).findOneBy({ ninIndex: Buffer.from(index) });
    return row ? fromEntity(row) : undefined;
  }

  async findByNameBirthDateIndex(index: Uint8Array, limit: number): Promise<StoredPerson[]> {
    const rows = await this.dataSource.getRepository(PersonEntity).find({ where: { nameBirthDateIndex: Buffer.from(index) }, order: { createdAt: 'ASC' }, take: limit });
    return rows.map(fromEntity);
  }

  async setStatus(id: string, status: PersonStatus, transaction: Transaction): Promise<void> {
    await managerOf(transaction).getRepository(PersonEntity).update({ id }, { status, updatedAt: new Date() });
  }

  /** Optimistic update: refuses when the row changed since `expectedVersion` was read. */
  async update(person: StoredPerson, expectedVersion: number, transaction: Transaction): Promise<boolean> {
    const result = await managerOf(transaction)
      .getRepository(PersonEntity)
      .update({ id: person.id, version: expectedVersion }, { ...toEntity(person), version: expectedVersion + 1, updatedAt: new Date() });
    return (result.affected ?? 0) === 1;
  }

  /** Records still wrapped under other key-encryption keys than `currentLabel`, oldest first. */
  async findWrappedWithOtherKeys(currentLabel: string, limit: number): Promise<Array<Pick<StoredPerson, 'id' | 'version'> & { wrappedKey: Uint8Array; keyLabel: string }>> {
    const rows = await this.dataSource.getRepository(PersonEntity).find({ select: { id: true, version: true, wrappedKey: true, keyLabel: true }, where: { keyLabel: Not(currentLabel) }, order: { createdAt: 'ASC' }, take: limit });
    return rows.map((row) => ({ id: row.id, version: row.version, wrappedKey: new Uint8Array(row.wrappedKey), keyLabel: row.keyLabel }));
  }

  /** Replaces a data key's wrapping only if nobody re-wrapped or rewrote the record meanwhile. */
  async replaceWrappedKey(id: string, from: { keyLabel: string; wrappedKey: Uint8Array }, to: { keyLabel: string; wrappedKey: Uint8Array }): Promise<boolean> {
    const result = await this.dataSource.getRepository(PersonEntity).update({ id, keyLabel: from.keyLabel, wrappedKey: Buffer.from(from.wrappedKey) }, { keyLabel: to.keyLabel, wrappedKey: Buffer.from(to.wrappedKey) });
    return (result.affected ?? 0) === 1;
  }

  async countByKeyLabel(): Promise<Record<string, number>> {
    const rows = (await this.dataSource.getRepository(PersonEntity).createQueryBuilder('person').select('person.key_label', 'label').addSelect('count(*)', 'count').groupBy('person.key_label').getRawMany()) as { label: string; count: string }[];
    return Object.fromEntries(rows.map((row) => [row.label, Number(row.count)]));
  }

  async findByIds(ids: readonly string[]): Promise<StoredPerson[]> {
    if (ids.length === 0) return [];
    return (await this.dataSource.getRepository(PersonEntity).findBy({ id: In([...ids]) })).map(fromEntity);
  }
}

function toEntity(person: StoredPerson): PersonEntity {
  return Object.assign(new PersonEntity(), {
    id: person.id,
    ninIndex: Buffer.from(person.ninIndex),
    nameBirthDateIndex: Buffer.from(person.nameBirthDateIndex),
    blindIndexKey: person.blindIndexKey,
    sealedData: Buffer.from(person.sealed.ciphertext),
    wrappedKey: Buffer.from(person.sealed.wrappedKey),
    keyLabel: person.sealed.keyLabel,
    status: person.status,
    createdAt: person.createdAt,
    updatedAt: person.updatedAt,
    version: person.version,
  });
}

function fromEntity(row: PersonEntity): StoredPerson {
  return {
    id: row.id,
    sealed: { ciphertext: new Uint8Array(row.sealedData), wrappedKey: new Uint8Array(row.wrappedKey), keyLabel: row.keyLabel },
    ninIndex: new Uint8Array(row.ninIndex),
    nameBirthDateIndex: new Uint8Array(row.nameBirthDateIndex),
    blindIndexKey: row.blindIndexKey,
    status: row.status,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
    version: row.version,
  };
}
