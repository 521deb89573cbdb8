import { Injectable } from '@nestjs/common';
import { DataSource, IsNull, QueryFailedError } from 'typeorm';
import { TrustedIacaEntity } from './trusted-iaca.entity';

export interface TrustedIaca {
  readonly id: string;
  readonly fingerprint: Uint8Array;
  readonly certificate: Uint8Array;
  readonly subject: string;
  readonly country: string;
  readonly docTypes: readonly string[];
  readonly notBefore: Date;
  readonly notAfter: Date;
  readonly addedBy: string;
  readonly addedAt: Date;
  readonly retiredAt: Date | undefined;
  readonly retiredBy: string | undefined;
  readonly retirementReason: string | undefined;
}

export class DuplicateTrustAnchorError extends Error {}

@Injectable()
export class TrustListRepository {
  constructor(private readonly dataSource: DataSource) {}

  async insert(iaca: TrustedIaca): Promise<void> {
    try {
      await this.dataSource.getRepository(TrustedIacaEntity).insert({ ...iaca, fingerprint: Buffer.from(iaca.fingerprint), certificate: Buffer.from(iaca.certificate), docTypes: [...iaca.docTypes], retiredAt: null, retiredBy: null, retirementReason: null });
    } catch (error) {
      if (error instanceof QueryFailedError && (error.driverError as { code?: string }).code === '23505') throw new DuplicateTrustAnchorError();
      throw error;
    }
  }

  async active(): Promise<TrustedIaca[]> {
    return (await this.dataSource.getRepository(TrustedIacaEntity).find({ where: { retiredAt: IsNull() }, order: { addedAt: 'ASC' } })).map(trustedIacaOf);
  }

  async all(): Promise<TrustedIaca[]> {
    return (await this.dataSource.getRepository(TrustedIacaEntity).find({ order: { addedAt: 'ASC' } })).map(trustedIacaOf);
  }

  async findByFingerprint(fingerprint: Uint8Array): Promise<TrustedIaca | undefined> {
    const row = await this.dataSource.getRepository(TrustedIacaEntity).findOneBy({ fingerprint: Buffer.from(fingerprint) });
    return row ? trustedIacaOf(row) : undefined;
  }

  async retire(id: string, by: string, reason: string): Promise<boolean> {
    const result = await this.dataSource.getRepository(TrustedIacaEntity).update({ id, retiredAt: IsNull() }, { retiredAt: new Date(), retiredBy: by, retirementReason: reason });
    return (result.affected ?? 0) === 1;
  }
}

function trustedIacaOf(row: TrustedIacaEntity): TrustedIaca {
  return {
    id: row.id,
    fingerprint: new Uint8Array(row.fingerprint),
    certificate: new Uint8Array(row.certificate),
    subject: row.subject,
    country: row.country,
    docTypes: row.docTypes,
    notBefore: row.notBefore,
    notAfter: row.notAfter,
    addedBy: row.addedBy,
    addedAt: row.addedAt,
    retiredAt: row.retiredAt ?? undefined,
    retiredBy: row.retiredBy ?? undefined,
    retirementReason: row.retirementReason ?? undefined,
  };
}
