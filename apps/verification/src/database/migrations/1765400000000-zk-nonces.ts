import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Nonces for zero-knowledge presentations (zk/): issued to one relying party, used at most once,
 * within their lifetime. Random values and relying-party ids only, nothing about a citizen.
 */
export class ZkNonces1765400000000 implements MigrationInterface {
  name = 'ZkNonces1765400000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE zk_nonces (
        nonce text PRIMARY KEY,
        relying_party text NOT NULL,
        audience text NOT NULL,
        issued_at timestamptz NOT NULL,
        expires_at timestamptz NOT NULL,
        used_at timestamptz
      )`);
    await queryRunner.query(`CREATE INDEX zk_nonces_expires_at ON zk_nonces (expires_at)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE zk_nonces`);
  }
}
