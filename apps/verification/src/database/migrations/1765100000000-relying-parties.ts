import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Registered relying parties, their API keys (hashes only) and the purposes they may ask for. */
export class RelyingParties1765100000000 implements MigrationInterface {
  name = 'RelyingParties1765100000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE relying_parties (
        id uuid PRIMARY KEY,
        name text NOT NULL UNIQUE,
        purposes text[] NOT NULL,
        rate_limit_per_minute integer NOT NULL CHECK (rate_limit_per_minute > 0),
        registered_by text NOT NULL,
        registered_at timestamptz NOT NULL,
        suspended_at timestamptz
      )`);
    await queryRunner.query(`
      CREATE TABLE relying_party_keys (
        id text PRIMARY KEY,
        relying_party_id uuid NOT NULL REFERENCES relying_parties (id),
        secret_hash bytea NOT NULL,
        created_by text NOT NULL,
        created_at timestamptz NOT NULL,
        revoked_at timestamptz,
        last_used_at timestamptz
      )`);
    await queryRunner.query(`CREATE INDEX relying_party_keys_party ON relying_party_keys (relying_party_id)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE relying_party_keys`);
    await queryRunner.query(`DROP TABLE relying_parties`);
  }
}
