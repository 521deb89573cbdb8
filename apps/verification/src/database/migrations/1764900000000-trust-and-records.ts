import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Trusted IACA certificates (public data) and verification records (no element values). */
export class TrustAndRecords1764900000000 implements MigrationInterface {
  name = 'TrustAndRecords1764900000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE trusted_iacas (
        id uuid PRIMARY KEY,
        fingerprint bytea NOT NULL UNIQUE,
        certificate bytea NOT NULL,
        subject text NOT NULL,
        country text NOT NULL,
        doc_types text[] NOT NULL,
        not_before timestamptz NOT NULL,
        not_after timestamptz NOT NULL,
        added_by text NOT NULL,
        added_at timestamptz NOT NULL,
        retired_at timestamptz,
        retired_by text,
        retirement_reason text
      )`);
    await queryRunner.query(`
      CREATE TABLE verification_records (
        id uuid PRIMARY KEY,
        relying_party text NOT NULL,
        kind text NOT NULL,
        doc_types text[] NOT NULL,
        disclosed_elements text[] NOT NULL,
        valid boolean NOT NULL,
        failed_checks text[] NOT NULL,
        status_stale boolean NOT NULL,
        verified_at timestamptz NOT NULL
      )`);
    await queryRunner.query(`CREATE INDEX verification_records_relying_party ON verification_records (relying_party, verified_at)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE verification_records`);
    await queryRunner.query(`DROP TABLE trusted_iacas`);
  }
}
