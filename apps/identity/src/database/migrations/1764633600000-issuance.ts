import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issued documents and credentials (one row per application and kind: the idempotency key),
 * and one-time credential offers. Artefacts and document numbers are sealed like person data.
 */
export class Issuance1764633600000 implements MigrationInterface {
  name = 'Issuance1764633600000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE SEQUENCE status_list_index_seq AS integer START 0 MINVALUE 0`);
    await queryRunner.query(`
      CREATE TABLE issued_documents (
        id uuid PRIMARY KEY,
        application_id uuid NOT NULL REFERENCES applications (id),
        person_id uuid NOT NULL REFERENCES persons (id),
        kind text NOT NULL,
        state text NOT NULL CHECK (state IN ('pending', 'offered', 'issued')),
        status text NOT NULL CHECK (status IN ('valid', 'suspended', 'revoked', 'expired')),
        signing_key text NOT NULL,
        status_list_index integer NOT NULL UNIQUE,
        sealed_data bytea,
        wrapped_key bytea,
        key_label text,
        issued_at timestamptz,
        valid_until timestamptz,
        attempts integer NOT NULL DEFAULT 0,
        created_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL,
        UNIQUE (application_id, kind)
      )`);
    await queryRunner.query(`CREATE INDEX issued_documents_person ON issued_documents (person_id)`);
    await queryRunner.query(`CREATE INDEX issued_documents_pending ON issued_documents (state, created_at) WHERE state = 'pending'`);
    await queryRunner.query(`
      CREATE TABLE credential_offers (
        id uuid PRIMARY KEY,
        document_id uuid NOT NULL UNIQUE REFERENCES issued_documents (id),
        pre_authorized_code_hash bytea NOT NULL UNIQUE,
        tx_code_hash bytea NOT NULL,
        failed_attempts integer NOT NULL DEFAULT 0,
        expires_at timestamptz NOT NULL,
        access_token_hash bytea UNIQUE,
        access_token_expires_at timestamptz,
        c_nonce text,
        redeemed_at timestamptz,
        created_at timestamptz NOT NULL
      )`);
    await queryRunner.query(`CREATE INDEX credential_offers_expiry ON credential_offers (expires_at) WHERE redeemed_at IS NULL`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE credential_offers`);
    await queryRunner.query(`DROP TABLE issued_documents`);
    await queryRunner.query(`DROP SEQUENCE status_list_index_seq`);
  }
}
