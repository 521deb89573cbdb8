import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The registry and the audit log. No column holds personal data in clear: `sealed_data` is
 * AES-256-GCM ciphertext, the indexes are HMAC blind indexes, and the audit log holds ids only.
 */
export class InitialSchema1764460800000 implements MigrationInterface {
  name = 'InitialSchema1764460800000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE SEQUENCE national_id_number_seq AS bigint START 1 MAXVALUE 1000000000 NO CYCLE`);
    await queryRunner.query(`
      CREATE TABLE persons (
        id uuid PRIMARY KEY,
        nin_index bytea NOT NULL,
        name_birth_date_index bytea NOT NULL,
        blind_index_key text NOT NULL,
        sealed_data bytea NOT NULL,
        wrapped_key bytea NOT NULL,
        key_label text NOT NULL,
        status text NOT NULL CHECK (status IN ('active', 'deceased')),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        version integer NOT NULL DEFAULT 1
      )`);
    await queryRunner.query(`CREATE UNIQUE INDEX persons_nin_index ON persons (nin_index)`);
    await queryRunner.query(`CREATE INDEX persons_name_birth_date_index ON persons (name_birth_date_index)`);
    await queryRunner.query(`CREATE INDEX persons_key_label ON persons (key_label)`);
    await queryRunner.query(`
      CREATE TABLE audit_log (
        sequence bigint PRIMARY KEY,
        occurred_at timestamptz NOT NULL,
        actor text NOT NULL,
        action text NOT NULL,
        resource_type text NOT NULL,
        resource_id text NOT NULL,
        details jsonb NOT NULL,
        previous_hash bytea NOT NULL,
        entry_hash bytea NOT NULL
      )`);
    // Append-only at the database too: the service's role cannot change or remove entries.
    await queryRunner.query(`
      CREATE FUNCTION audit_log_is_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN RAISE EXCEPTION 'audit_log is append-only'; END $$`);
    await queryRunner.query(`CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log FOR EACH ROW EXECUTE FUNCTION audit_log_is_append_only()`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE audit_log`);
    await queryRunner.query(`DROP FUNCTION audit_log_is_append_only`);
    await queryRunner.query(`DROP TABLE persons`);
    await queryRunner.query(`DROP SEQUENCE national_id_number_seq`);
  }
}
