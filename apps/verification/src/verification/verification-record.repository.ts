import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

/** What is kept of a verification: which relying party, which document types and element names, the outcome. Never element values. */
export interface VerificationRecord {
  readonly relyingParty: string;
  readonly kind: 'mdoc' | 'seal' | 'zk';
  readonly docTypes: readonly string[];
  readonly disclosedElements: readonly string[];
  readonly valid: boolean;
  readonly failedChecks: readonly string[];
  readonly statusStale: boolean;
  readonly verifiedAt: Date;
}

@Injectable()
export class VerificationRecordRepository {
  constructor(private readonly dataSource: DataSource) {}

  async insert(record: VerificationRecord): Promise<string> {
    const id = randomUUID();
    await this.dataSource.query(
      `INSERT INTO verification_records (id, relying_party, kind, doc_types, disclosed_elements, valid, failed_checks, status_stale, verified_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
      [id, record.relyingParty, record.kind, [...record.docTypes], [...record.disclosedElements], record.valid, [...record.failedChecks], record.statusStale, record.verifiedAt],
    );
    return id;
  }

  async list(relyingParty: string | undefined, limit: number): Promise<Array<VerificationRecord & { id: string }>> {
    const rows = (await this.dataSource.query(
      `SELECT id, relying_party, kind, doc_types, disclosed_elements, valid, failed_checks, status_stale, verified_at FROM verification_records WHERE ($1::text IS NULL OR relying_party = $1) ORDER BY verified_at DESC LIMIT $2`,
      [relyingParty ?? null, limit],
    )) as Array<{ id: string; relying_party: string; kind: 'mdoc' | 'seal' | 'zk'; doc_types: string[]; disclosed_elements: string[]; valid: boolean; failed_checks: string[]; status_stale: boolean; verified_at: Date }>;
    return rows.map((row) => ({ id: row.id, relyingParty: row.relying_party, kind: row.kind, docTypes: row.doc_types, disclosedElements: row.disclosed_elements, valid: row.valid, failedChecks: row.failed_checks, statusStale: row.status_stale, verifiedAt: row.verified_at }));
  }
}
