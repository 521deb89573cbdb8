import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { AuditLogService } from '../audit/audit-log.service';
import type { Actor } from '../auth/permissions';
import { BlindIndex } from '../crypto/blind-index';
import { EnvelopeEncryption } from '../crypto/envelope-encryption';
import { KeyCustody } from '../crypto/key-custody';
import { Transactions, type Transaction } from '../database/transactions';
import { IdentityError } from '../identity-error';
import { BIOMETRIC_GALLERY_INSERT, OutboxRepository } from '../webhooks/outbox.repository';
import { nationalIdNumberFor } from './national-identification-number';
import type { Person, PersonalData } from './person';
import { PersonRepository, type StoredPerson } from './person.repository';

/** The sealed payload: the personal data plus the NIN, which exists in clear nowhere else. */
interface SealedPayload {
  readonly nin: string;
  readonly data: PersonalData;
}

const SEARCH_LIMIT = 20;

@Injectable()
export class PersonsService {
  constructor(
    private readonly persons: PersonRepository,
    private readonly encryption: EnvelopeEncryption,
    private readonly blindIndex: BlindIndex,
    private readonly keys: KeyCustody,
    private readonly audit: AuditLogService,
    private readonly transactions: Transactions,
    private readonly outbox: OutboxRepository,
  ) {}

  /** Registers a person: allocates a NIN, seals the personal data, writes the row and its audit entry together. */
  register(actor: Actor | string, data: PersonalData): Promise<Person> {
    return this.transactions.run((transaction) => this.registerIn(transaction, actor, data));
  }

  /** Registers a person inside the caller's transaction (e.g. approving a birth registration). */
  async registerIn(transaction: Transaction, actor: Actor | string, data: PersonalData): Promise<Person> {
    const id = randomUUID();
    const nin = nationalIdNumberFor(await this.persons.nextNationalIdSequence(transaction));
    const now = new Date();
    const stored: StoredPerson = {
      id,
      sealed: await this.encryption.seal(encodePayload({ nin, data }), recordContext(id)),
      ninIndex: await this.blindIndex.nationalIdNumber(nin),
      nameBirthDateIndex: await this.blindIndex.nameAndBirthDate(data.familyName, data.givenNames, data.birthDate),
      blindIndexKey: this.keys.blindIndexKey,
      status: 'active',
      createdAt: now,
      updatedAt: now,
      version: 1,
    };
    await this.persons.insert(stored, transaction);
    await this.audit.record(actor, { action: 'person.register', resourceType: 'person', resourceId: id }, transaction);
    // The captured templates join the biometric gallery under the new person (ABIS insert, sent after the commit).
    if (data.biometricReferences.length > 0) await this.outbox.add(BIOMETRIC_GALLERY_INSERT, { personId: id, templateReferences: data.biometricReferences.map((reference) => reference.reference).join(',') }, transaction);
    return { id, nationalIdNumber: nin, status: stored.status, data, createdAt: now, updatedAt: now, version: 1 };
  }

  /** Reads a person's decrypted record; the read is audited before the data is returned. */
  async read(actor: Actor, id: string, purpose: string): Promise<Person> {
    const stored = await this.persons.findById(id);
    if (!stored) throw new IdentityError('PERSON_NOT_FOUND', 'no person with this id');
    const person = await this.open(stored);
    await this.transactions.run((transaction) => this.audit.record(actor, { action: 'person.read', resourceType: 'person', resourceId: id, details: { purpose } }, transaction));
    return person;
  }

  /** Finds people by NIN or by name + date of birth through the blind indexes; every returned record is an audited read. */
  async search(actor: Actor, query: { nationalIdNumber?: string; familyName?: string; givenNames?: string; birthDate?: string }): Promise<Person[]> {
    let found: StoredPerson[];
    let by: string;
    if (query.nationalIdNumber) {
      const match = await this.persons.findByNinIndex(await this.blindIndex.nationalIdNumber(query.nationalIdNumber));
      found = match ? [match] : [];
      by = 'nin';
    } else if (query.familyName && query.givenNames && query.birthDate) {
      found = await this.persons.findByNameBirthDateIndex(await this.blindIndex.nameAndBirthDate(query.familyName, query.givenNames, query.birthDate), SEARCH_LIMIT);
      by = 'name-birth-date';
    } else {
      throw new IdentityError('VALIDATION_FAILED', 'search by nationalIdNumber, or by familyName + givenNames + birthDate');
    }
    const people = await Promise.all(found.map((stored) => this.open(stored)));
    await this.transactions.run(async (transaction) => {
      await this.audit.record(actor, { action: 'person.search', resourceType: 'person', resourceId: '-', details: { by, results: people.length } }, transaction);
      for (const person of people) await this.audit.record(actor, { action: 'person.read', resourceType: 'person', resourceId: person.id, details: { purpose: 'search' } }, transaction);
    });
    return people;
  }

  /** Internal use by other modules (issuance, lifecycle), which audit in their own terms. */
  async readUnaudited(id: string): Promise<Person> {
    const stored = await this.persons.findById(id);
    if (!stored) throw new IdentityError('PERSON_NOT_FOUND', 'no person with this id');
    return this.open(stored);
  }

  private async open(stored: StoredPerson): Promise<Person> {
    const payload = decodePayload(await this.encryption.open(stored.sealed, recordContext(stored.id)));
    return { id: stored.id, nationalIdNumber: payload.nin, status: stored.status, data: payload.data, createdAt: stored.createdAt, updatedAt: stored.updatedAt, version: stored.version };
  }
}

/** GCM additional data: binds a ciphertext to its row. */
function recordContext(id: string): string {
  return `cz:person:${id}:v1`;
}

function encodePayload(payload: SealedPayload): Uint8Array {
  return new TextEncoder().encode(JSON.stringify(payload));
}

function decodePayload(bytes: Uint8Array): SealedPayload {
  return JSON.parse(new TextDecoder().decode(bytes)) as SealedPayload;
}
