import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { managerOf, type Transaction } from '@citizen-zero/nest-platform';
import type { BiometricModality } from '@citizen-zero/service-contracts';
import type { BiometricTemplate } from './biometric-template';

interface TemplateRow {
  id: string;
  modality: BiometricModality;
  subject_id: string | null;
  finger_position: number | null;
  model: string;
  quality: number;
  ciphertext: Buffer;
  wrapped_key: Buffer;
  key_label: string;
  created_at: Date;
  enrolled_at: Date | null;
}

const COLUMNS = 'id, modality, subject_id, finger_position, model, quality, ciphertext, wrapped_key, key_label, created_at, enrolled_at';

@Injectable()
export class BiometricTemplateRepository {
  constructor(private readonly dataSource: DataSource) {}

  async insert(template: BiometricTemplate, transaction: Transaction): Promise<void> {
    await managerOf(transaction).query(
      `INSERT INTO biometric_templates (${COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
      [template.id, template.modality, template.subjectId ?? null, template.fingerPosition ?? null, template.model, template.quality, Buffer.from(template.sealed.ciphertext), Buffer.from(template.sealed.wrappedKey), template.sealed.keyLabel, template.createdAt, template.enrolledAt ?? null],
    );
  }

  async find(id: string): Promise<BiometricTemplate | undefined> {
    const rows = (await this.dataSource.query(`SELECT ${COLUMNS} FROM biometric_templates WHERE id = $1`, [id])) as TemplateRow[];
    return rows[0] && templateOf(rows[0]);
  }

  async findMany(ids: readonly string[], transaction?: Transaction): Promise<BiometricTemplate[]> {
    if (ids.length === 0) return [];
    const runner = transaction ? managerOf(transaction) : this.dataSource;
    const rows = (await runner.query(`SELECT ${COLUMNS} FROM biometric_templates WHERE id = ANY($1::uuid[]) ORDER BY created_at, id`, [ids])) as TemplateRow[];
    return rows.map(templateOf);
  }

  async ofSubject(subjectId: string): Promise<BiometricTemplate[]> {
    const rows = (await this.dataSource.query(`SELECT ${COLUMNS} FROM biometric_templates WHERE subject_id = $1 ORDER BY created_at, id`, [subjectId])) as TemplateRow[];
    return rows.map(templateOf);
  }

  /** Locks the templates for an enrolment decision (no concurrent insert can take them for another subject). */
  async lockMany(ids: readonly string[], transaction: Transaction): Promise<BiometricTemplate[]> {
    const rows = (await managerOf(transaction).query(`SELECT ${COLUMNS} FROM biometric_templates WHERE id = ANY($1::uuid[]) ORDER BY id FOR UPDATE`, [ids])) as TemplateRow[];
    return rows.map(templateOf);
  }

  async assignSubject(ids: readonly string[], subjectId: string, transaction: Transaction): Promise<void> {
    await managerOf(transaction).query(`UPDATE biometric_templates SET subject_id = $2, enrolled_at = COALESCE(enrolled_at, now()) WHERE id = ANY($1::uuid[])`, [ids, subjectId]);
  }

  /** Erases a subject's templates (the gallery rows go with them); returns how many. */
  async deleteSubject(subjectId: string, transaction: Transaction): Promise<number> {
    return deletedRows<{ id: string }>(await managerOf(transaction).query(`DELETE FROM biometric_templates WHERE subject_id = $1 RETURNING id`, [subjectId])).length;
  }

  async delete(id: string, transaction: Transaction): Promise<BiometricTemplate | undefined> {
    const [deleted] = deletedRows<TemplateRow>(await managerOf(transaction).query(`DELETE FROM biometric_templates WHERE id = $1 RETURNING ${COLUMNS}`, [id]));
    return deleted && templateOf(deleted);
  }

  /** Captures never enrolled, older than `before` (abandoned applications): erased by the retention sweep. */
  async deleteUnenrolledBefore(before: Date): Promise<number> {
    return deletedRows<{ id: string }>(await this.dataSource.query(`DELETE FROM biometric_templates WHERE subject_id IS NULL AND created_at < $1 RETURNING id`, [before])).length;
  }

  async countSubjects(): Promise<number> {
    const [row] = (await this.dataSource.query(`SELECT count(DISTINCT subject_id)::int AS count FROM biometric_templates WHERE subject_id IS NOT NULL`)) as { count: number }[];
    return row?.count ?? 0;
  }

  /** The fingerprint gallery's version (bumped by a trigger on every change to it). */
  async fingerprintGalleryVersion(): Promise<string> {
    const [row] = (await this.dataSource.query(`SELECT version::text AS version FROM gallery_versions WHERE modality = 'fingerprint'`)) as { version: string }[];
    return row?.version ?? '0';
  }

  /** Ids and subjects of the enrolled fingerprint templates, a page at a time (the fingerprint gallery's refresh). */
  async enrolledFingerprintIds(afterId: string | undefined, limit: number): Promise<{ id: string; subjectId: string }[]> {
    const rows = (await this.dataSource.query(
      `SELECT id, subject_id FROM biometric_templates WHERE modality = 'fingerprint' AND subject_id IS NOT NULL AND ($1::uuid IS NULL OR id > $1) ORDER BY id LIMIT $2`,
      [afterId ?? null, limit],
    )) as { id: string; subject_id: string }[];
    return rows.map((row) => ({ id: row.id, subjectId: row.subject_id }));
  }
}

/** TypeORM's postgres driver answers UPDATE/DELETE … RETURNING with `[rows, rowCount]`. */
function deletedRows<T>(result: unknown): T[] {
  return (result as [T[], number])[0];
}

function templateOf(row: TemplateRow): BiometricTemplate {
  return {
    id: row.id,
    modality: row.modality,
    subjectId: row.subject_id ?? undefined,
    fingerPosition: row.finger_position ?? undefined,
    model: row.model,
    quality: row.quality,
    sealed: { ciphertext: row.ciphertext, wrappedKey: row.wrapped_key, keyLabel: row.key_label },
    createdAt: row.created_at,
    enrolledAt: row.enrolled_at ?? undefined,
  };
}
