import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { managerOf, type Transaction } from '@citizen-zero/nest-platform';
import { bestPerSubject, dot, type FaceGalleryIndex, type GalleryHit, type GallerySearch, type GalleryVector, vectorBytes, vectorFromBytes } from './face-gallery-index';

export interface PgvectorGalleryOptions {
  readonly mode: 'exact' | 'hnsw';
  /** Rows fetched per wanted hit, re-ranked exactly in single precision. */
  readonly rerankFactor: number;
  readonly hnswEfSearch: number;
}

/**
 * The face gallery in PostgreSQL with pgvector. Each rotated vector is stored twice: as `halfvec`
 * in `face_gallery` (half the size: what the scan or the HNSW graph reads) and as float32 bytes in
 * `face_gallery_exact` for the exact re-rank of the `rerankFactor × k` rows the SQL returns. Vectors of different models live
 * in one table with an untyped `halfvec` column; the HNSW index is partial per model over
 * `embedding::halfvec(d)` (pgvector's pattern for mixed dimensions), created when the
 * configuration asks for `hnsw`.
 */
@Injectable()
export class PgvectorFaceGallery implements FaceGalleryIndex {
  readonly kind: string;
  private readonly indexed = new Set<string>();

  constructor(
    private readonly dataSource: DataSource,
    private readonly options: PgvectorGalleryOptions,
  ) {
    this.kind = `pgvector-${options.mode}`;
  }

  async add(vectors: readonly GalleryVector[], transaction: Transaction): Promise<void> {
    for (const vector of vectors) {
      const manager = managerOf(transaction);
      await manager.query(`INSERT INTO face_gallery (template_id, subject_id, model, embedding) VALUES ($1, $2, $3, $4::halfvec) ON CONFLICT (template_id) DO NOTHING`, [vector.templateId, vector.subjectId, vector.model, literal(vector.vector)]);
      await manager.query(`INSERT INTO face_gallery_exact (template_id, embedding_f32) VALUES ($1, $2) ON CONFLICT (template_id) DO NOTHING`, [vector.templateId, vectorBytes(vector.vector)]);
    }
  }

  async added(): Promise<void> {
    // Committed rows are what the SQL reads.
  }

  async forgetSubject(): Promise<void> {
    // Rows go with their templates (ON DELETE CASCADE).
  }

  async forgetTemplate(): Promise<void> {
    // As above.
  }

  async search(query: GallerySearch): Promise<GalleryHit[]> {
    const dimension = query.vector.length;
    const fetch = query.k * this.options.rerankFactor;
    const filters = ['model = $2'];
    const parameters: unknown[] = [literal(query.vector), query.model, fetch];
    if (query.excludeSubjects?.length) {
      parameters.push(query.excludeSubjects);
      filters.push(`subject_id <> ALL($${parameters.length}::uuid[])`);
    }
    if (query.onlySubjects) {
      parameters.push(query.onlySubjects);
      filters.push(`subject_id = ANY($${parameters.length}::uuid[])`);
    }
    // `<=>` lets the planner use the model's HNSW index; the function form is always an exact scan.
    const distance = this.options.mode === 'hnsw' ? `embedding::halfvec(${dimension}) <=> $1::halfvec(${dimension})` : `cosine_distance(embedding::halfvec(${dimension}), $1::halfvec(${dimension}))`;
    const sql = `WITH nearest AS (SELECT template_id, subject_id FROM face_gallery WHERE ${filters.join(' AND ')} ORDER BY ${distance} LIMIT $3)
      SELECT nearest.template_id, nearest.subject_id, exact.embedding_f32 FROM nearest JOIN face_gallery_exact exact USING (template_id)`;
    const rows = (await this.dataSource.transaction(async (manager) => {
      if (this.options.mode === 'hnsw') {
        await this.ensureIndex(query.model, dimension);
        await manager.query(`SET LOCAL hnsw.ef_search = ${Math.min(1000, Math.max(this.options.hnswEfSearch, fetch))}`);
        await manager.query(`SET LOCAL hnsw.iterative_scan = relaxed_order`);
      }
      return manager.query(sql, parameters);
    })) as { template_id: string; subject_id: string; embedding_f32: Buffer }[];
    return bestPerSubject(
      rows.map((row) => ({ templateId: row.template_id, subjectId: row.subject_id, cosine: dot(query.vector, vectorFromBytes(row.embedding_f32)) })),
      query.k,
    );
  }

  async size(model: string): Promise<number> {
    const [row] = (await this.dataSource.query(`SELECT count(*)::int AS count FROM face_gallery WHERE model = $1`, [model])) as { count: number }[];
    return row?.count ?? 0;
  }

  /** The partial HNSW index of one model (cosine), built once; later inserts maintain it. */
  async ensureIndex(model: string, dimension: number): Promise<void> {
    if (this.indexed.has(model)) return;
    const name = `face_gallery_hnsw_${createHash('sha256').update(`${model}\u0000${dimension}`).digest('hex').slice(0, 16)}`;
    await this.dataSource.query(`CREATE INDEX IF NOT EXISTS ${name} ON face_gallery USING hnsw ((embedding::halfvec(${dimension})) halfvec_cosine_ops) WITH (m = 16, ef_construction = 64) WHERE model = ${quote(model)}`);
    this.indexed.add(model);
  }
}

function literal(vector: Float32Array): string {
  return `[${Array.from(vector, (value) => (Number.isFinite(value) ? value : 0)).join(',')}]`;
}

/** A SQL string literal (a model id comes from configuration, never from a request; still quoted properly). */
function quote(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}
