import { Injectable } from '@nestjs/common';
import { AuditLogService } from '../audit/audit-log.service';
import type { Actor } from '../auth/permissions';
import { Transactions } from '../database/transactions';
import { PersonRepository } from '../persons/person.repository';
import { EnvelopeEncryption } from './envelope-encryption';
import { KeyCustody } from './key-custody';

export interface RotationProgress {
  readonly currentKey: string;
  readonly rewrapped: number;
  /** Records per key-encryption key after this pass. */
  readonly recordsByKey: Record<string, number>;
}

/**
 * Key-encryption key rotation without downtime: the operator creates a new KEK in the HSM and
 * points CZ_IDENTITY_KEK_LABEL at it; new records use it at once, old records stay readable
 * under the key named in their row, and this pass re-wraps their data keys in batches
 * (ciphertexts are untouched). When no record names the old key, it can be retired.
 */
@Injectable()
export class KeyRotationService {
  constructor(
    private readonly persons: PersonRepository,
    private readonly encryption: EnvelopeEncryption,
    private readonly keys: KeyCustody,
    private readonly audit: AuditLogService,
    private readonly transactions: Transactions,
  ) {}

  async rewrapAll(actor: Actor, batchSize = 200): Promise<RotationProgress> {
    const currentKey = this.keys.currentKeyEncryptionKey;
    let rewrapped = 0;
    for (;;) {
      const batch = await this.persons.findWrappedWithOtherKeys(currentKey, batchSize);
      if (batch.length === 0) break;
      let progressed = 0;
      for (const record of batch) {
        const next = await this.encryption.rewrap(record);
        // Compare-and-set: a concurrent writer or another rotation pass wins, and we move on.
        if (await this.persons.replaceWrappedKey(record.id, record, next)) progressed++;
      }
      rewrapped += progressed;
      if (progressed === 0) break;
    }
    const recordsByKey = await this.persons.countByKeyLabel();
    await this.transactions.run((transaction) => this.audit.record(actor, { action: 'keys.record-encryption.rewrap', resourceType: 'key', resourceId: currentKey, details: { rewrapped } }, transaction));
    return { currentKey, rewrapped, recordsByKey };
  }

  async status(): Promise<Omit<RotationProgress, 'rewrapped'>> {
    return { currentKey: this.keys.currentKeyEncryptionKey, recordsByKey: await this.persons.countByKeyLabel() };
  }
}
