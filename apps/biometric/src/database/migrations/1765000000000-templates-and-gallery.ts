import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Templates (encrypted), the face gallery (rotated vectors, pgvector `halfvec`) and the ABIS
 * requests already answered (idempotency). pgvector must be installed in the server (the
 * platform's setup builds it for PostgreSQL 15, see README); creating the extension needs a
 * superuser or a database owner on a server where the DBA has made it trusted.
 */
export class TemplatesAndGallery1765000000000 implements MigrationInterface {
  name = 'TemplatesAndGallery1765000000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE EXTENSION IF NOT EXISTS vector`);
    await queryRunner.query(`
      CREATE TABLE biometric_templates (
        id uuid PRIMARY KEY,
        modality text NOT NULL CHECK (modality IN ('face', 'fingerprint')),
        subject_id uuid,
        finger_position smallint,
        model text NOT NULL,
        quality smallint NOT NULL CHECK (quality BETWEEN 0 AND 100),
        ciphertext bytea NOT NULL,
        wrapped_key bytea NOT NULL,
        key_label text NOT NULL,
        created_at timestamptz NOT NULL,
        enrolled_at timestamptz
      )`);
    await queryRunner.query(`CREATE INDEX biometric_templates_subject ON biometric_templates (subject_id) WHERE subject_id IS NOT NULL`);
    await queryRunner.query(`CREATE INDEX biometric_templates_gallery ON biometric_templates (modality, model) WHERE subject_id IS NOT NULL`);
    await queryRunner.query(`
      CREATE TABLE face_gallery (
        template_id uuid PRIMARY KEY REFERENCES biometric_templates (id) ON DELETE CASCADE,
        subject_id uuid NOT NULL,
        model text NOT NULL,
        embedding halfvec NOT NULL
      )`);
    // The single-precision copy for the exact re-rank, apart so that scans read half-precision rows only.
    await queryRunner.query(`
      CREATE TABLE face_gallery_exact (
        template_id uuid PRIMARY KEY REFERENCES face_gallery (template_id) ON DELETE CASCADE,
        embedding_f32 bytea NOT NULL
      )`);
    await queryRunner.query(`CREATE INDEX face_gallery_model ON face_gallery (model)`);
    await queryRunner.query(`CREATE INDEX face_gallery_subject ON face_gallery (subject_id)`);
    await queryRunner.query(`
      CREATE TABLE abis_requests (
        request_id text PRIMARY KEY,
        operation text NOT NULL,
        response jsonb NOT NULL,
        answered_at timestamptz NOT NULL
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE abis_requests`);
    await queryRunner.query(`DROP TABLE face_gallery_exact`);
    await queryRunner.query(`DROP TABLE face_gallery`);
    await queryRunner.query(`DROP TABLE biometric_templates`);
  }
}
