import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The disclosed element values of OpenID4VP transactions are kept sealed to the relying party's
 * result key (oid4vp/sealed-result.ts), never in clear: the plain jsonb column goes (values not
 * yet collected when this runs are erased with it, as their TTL would have done).
 */
export class Oid4vpSealedResults1765500000000 implements MigrationInterface {
  name = 'Oid4vpSealedResults1765500000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE oid4vp_transactions DROP COLUMN disclosed`);
    await queryRunner.query(`ALTER TABLE oid4vp_transactions ADD COLUMN result_public_key bytea, ADD COLUMN disclosed_sealed bytea`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE oid4vp_transactions DROP COLUMN disclosed_sealed, DROP COLUMN result_public_key`);
    await queryRunner.query(`ALTER TABLE oid4vp_transactions ADD COLUMN disclosed jsonb`);
  }
}
