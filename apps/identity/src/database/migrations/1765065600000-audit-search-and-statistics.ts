import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Indexes for the admin portal's audit search (by actor, action, resource and time, newest
 * first) and the dashboard's figures (applications started and documents issued since a moment).
 * The audit filters are keyset-paged on `sequence`, so each index ends with it.
 */
export class AuditSearchAndStatistics1765065600000 implements MigrationInterface {
  name = 'AuditSearchAndStatistics1765065600000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE INDEX audit_log_occurred_at ON audit_log (occurred_at)`);
    await queryRunner.query(`CREATE INDEX audit_log_actor ON audit_log (actor, sequence)`);
    await queryRunner.query(`CREATE INDEX audit_log_action ON audit_log (action, sequence)`);
    await queryRunner.query(`CREATE INDEX audit_log_resource ON audit_log (resource_id, sequence)`);
    await queryRunner.query(`CREATE INDEX applications_created_at ON applications (created_at)`);
    await queryRunner.query(`CREATE INDEX application_journal_at ON application_journal (at)`);
    await queryRunner.query(`CREATE INDEX issued_documents_issued_at ON issued_documents (issued_at) WHERE issued_at IS NOT NULL`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const index of ['issued_documents_issued_at', 'application_journal_at', 'applications_created_at', 'audit_log_resource', 'audit_log_action', 'audit_log_actor', 'audit_log_occurred_at']) {
      await queryRunner.query(`DROP INDEX ${index}`);
    }
  }
}
