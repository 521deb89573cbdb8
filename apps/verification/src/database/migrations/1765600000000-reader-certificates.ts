import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Reader authentication certificates issued to verifier devices (readers/): serial, subject,
 * fingerprint, validity and the official who enrolled the device. Nothing about a citizen.
 */
export class ReaderCertificates1765600000000 implements MigrationInterface {
  name = 'ReaderCertificates1765600000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE reader_certificates (
        serial_number text PRIMARY KEY,
        subject text NOT NULL,
        sha256_fingerprint text NOT NULL UNIQUE,
        requested_by text NOT NULL,
        not_before timestamptz NOT NULL,
        not_after timestamptz NOT NULL,
        issued_at timestamptz NOT NULL
      )`);
    await queryRunner.query(`CREATE INDEX reader_certificates_requested_by ON reader_certificates (requested_by)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE reader_certificates`);
  }
}
