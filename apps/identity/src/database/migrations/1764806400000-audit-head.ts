import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * One round trip to take the audit chain's append lock and read its head: appends are serialised
 * across every process, so the time the lock is held bounds how many audited changes per second
 * the whole service can make.
 */
export class AuditHead1764806400000 implements MigrationInterface {
  name = 'AuditHead1764806400000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE FUNCTION audit_log_lock_head(lock_key bigint) RETURNS TABLE (sequence bigint, entry_hash bytea) LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM pg_advisory_xact_lock(lock_key);
        RETURN QUERY SELECT a.sequence, a.entry_hash FROM audit_log a ORDER BY a.sequence DESC LIMIT 1;
      END $$`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP FUNCTION audit_log_lock_head`);
  }
}
