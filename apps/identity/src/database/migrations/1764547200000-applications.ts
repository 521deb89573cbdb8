import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Enrolment applications, their transition journal, and the dead letters of failed jobs. */
export class Applications1764547200000 implements MigrationInterface {
  name = 'Applications1764547200000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE applications (
        id uuid PRIMARY KEY,
        type text NOT NULL,
        state text NOT NULL,
        person_id uuid REFERENCES persons (id),
        sealed_data bytea NOT NULL,
        wrapped_key bytea NOT NULL,
        key_label text NOT NULL,
        deduplication jsonb,
        deduplication_requested_at timestamptz,
        created_by text NOT NULL,
        submitted_by text,
        decided_by text,
        created_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL,
        version integer NOT NULL
      )`);
    await queryRunner.query(`CREATE INDEX applications_state ON applications (state, updated_at)`);
    await queryRunner.query(`CREATE INDEX applications_person ON applications (person_id)`);
    await queryRunner.query(`
      CREATE TABLE application_journal (
        id bigserial PRIMARY KEY,
        application_id uuid NOT NULL REFERENCES applications (id),
        from_state text,
        to_state text NOT NULL,
        actor text NOT NULL,
        reason text NOT NULL,
        at timestamptz NOT NULL
      )`);
    await queryRunner.query(`CREATE INDEX application_journal_application ON application_journal (application_id, id)`);
    await queryRunner.query(`
      CREATE TABLE dead_letters (
        id uuid PRIMARY KEY,
        queue text NOT NULL,
        job_name text NOT NULL,
        job_id text NOT NULL,
        payload jsonb NOT NULL,
        error_code text NOT NULL,
        error_message text NOT NULL,
        attempts integer NOT NULL,
        failed_at timestamptz NOT NULL,
        replayed_at timestamptz,
        replayed_by text
      )`);
    await queryRunner.query(`CREATE INDEX dead_letters_open ON dead_letters (failed_at) WHERE replayed_at IS NULL`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE dead_letters`);
    await queryRunner.query(`DROP TABLE application_journal`);
    await queryRunner.query(`DROP TABLE applications`);
  }
}
