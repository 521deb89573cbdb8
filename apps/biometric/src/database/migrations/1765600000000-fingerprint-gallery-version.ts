import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A version number of the fingerprint gallery, bumped by a trigger whenever an enrolled
 * fingerprint template is added, re-assigned or erased: each replica compares one number before a
 * search instead of listing every enrolled template id.
 */
export class FingerprintGalleryVersion1765600000000 implements MigrationInterface {
  name = 'FingerprintGalleryVersion1765600000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE gallery_versions (modality text PRIMARY KEY, version bigint NOT NULL)`);
    await queryRunner.query(`INSERT INTO gallery_versions (modality, version) VALUES ('fingerprint', 1)`);
    await queryRunner.query(`
      CREATE FUNCTION bump_fingerprint_gallery_version() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF (TG_OP = 'DELETE' AND OLD.modality = 'fingerprint' AND OLD.subject_id IS NOT NULL)
           OR (TG_OP = 'INSERT' AND NEW.modality = 'fingerprint' AND NEW.subject_id IS NOT NULL)
           OR (TG_OP = 'UPDATE' AND NEW.modality = 'fingerprint' AND NEW.subject_id IS DISTINCT FROM OLD.subject_id) THEN
          UPDATE gallery_versions SET version = version + 1 WHERE modality = 'fingerprint';
        END IF;
        RETURN NULL;
      END $$`);
    await queryRunner.query(`CREATE TRIGGER biometric_templates_fingerprint_gallery AFTER INSERT OR UPDATE OF subject_id OR DELETE ON biometric_templates FOR EACH ROW EXECUTE FUNCTION bump_fingerprint_gallery_version()`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TRIGGER biometric_templates_fingerprint_gallery ON biometric_templates`);
    await queryRunner.query(`DROP FUNCTION bump_fingerprint_gallery_version()`);
    await queryRunner.query(`DROP TABLE gallery_versions`);
  }
}
