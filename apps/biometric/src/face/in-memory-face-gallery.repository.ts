import { Injectable, type Provider } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Transaction } from '@citizen-zero/nest-platform';
import { PgvectorFaceGallery } from './pgvector-face-gallery.repository';
import type { BiometricConfig } from '../config/biometric-config';
import { bestPerSubject, FACE_GALLERY_INDEX, type FaceGalleryIndex, type GalleryHit, type GallerySearch, type GalleryVector, vectorFromBytes } from './face-gallery-index';

/** One model's vectors, packed row by row for a tight scan. */
class PackedVectors {
  templateIds: string[] = [];
  subjectIds: string[] = [];
  private readonly present = new Set<string>();
  private data = new Float32Array(0);
  private dimension = 0;

  get count(): number {
    return this.templateIds.length;
  }

  add(templateId: string, subjectId: string, vector: Float32Array): void {
    if (this.present.has(templateId)) return;
    this.present.add(templateId);
    if (this.count === 0) this.dimension = vector.length;
    if ((this.count + 1) * this.dimension > this.data.length) {
      const grown = new Float32Array(Math.max(1024, this.data.length * 2, (this.count + 1) * this.dimension));
      grown.set(this.data);
      this.data = grown;
    }
    this.data.set(vector, this.count * this.dimension);
    this.templateIds.push(templateId);
    this.subjectIds.push(subjectId);
  }

  /** Removes the rows `remove` selects (the last row takes each removed row's place). */
  removeWhere(remove: (templateId: string, subjectId: string) => boolean): void {
    for (let row = this.count - 1; row >= 0; row--) {
      if (!remove(this.templateIds[row]!, this.subjectIds[row]!)) continue;
      this.present.delete(this.templateIds[row]!);
      const last = this.count - 1;
      if (row !== last) {
        this.data.copyWithin(row * this.dimension, last * this.dimension, (last + 1) * this.dimension);
        this.templateIds[row] = this.templateIds[last]!;
        this.subjectIds[row] = this.subjectIds[last]!;
      }
      this.templateIds.pop();
      this.subjectIds.pop();
    }
  }

  /** The `limit` best rows by dot product with `vector` among those `eligible` accepts, best first. */
  nearest(vector: Float32Array, limit: number, eligible: (row: number) => boolean): GalleryHit[] {
    const scores: number[] = [];
    const rows: number[] = [];
    const { data, dimension } = this;
    for (let row = 0, offset = 0; row < this.count; row++, offset += dimension) {
      let score = 0;
      for (let column = 0; column < dimension; column++) score += data[offset + column]! * vector[column]!;
      if (scores.length === limit && score <= scores[limit - 1]!) continue;
      if (!eligible(row)) continue;
      let position = scores.length === limit ? limit - 1 : scores.length;
      while (position > 0 && scores[position - 1]! < score) {
        scores[position] = scores[position - 1]!;
        rows[position] = rows[position - 1]!;
        position--;
      }
      scores[position] = score;
      rows[position] = row;
    }
    return rows.map((row, index) => ({ templateId: this.templateIds[row]!, subjectId: this.subjectIds[row]!, cosine: scores[index]! }));
  }
}

/**
 * An exact in-process scan for small galleries: PostgreSQL stays the record (rows are written
 * through the pgvector table), and each model's vectors are loaded into memory on first search.
 * Only this process's writes reach its copy: run it with a single API replica.
 */
@Injectable()
export class InMemoryFaceGallery implements FaceGalleryIndex {
  readonly kind = 'memory';
  private readonly models = new Map<string, Promise<PackedVectors>>();

  constructor(
    private readonly dataSource: DataSource,
    private readonly store: PgvectorFaceGallery,
  ) {}

  add(vectors: readonly GalleryVector[], transaction: Transaction): Promise<void> {
    return this.store.add(vectors, transaction);
  }

  async added(vectors: readonly GalleryVector[]): Promise<void> {
    for (const vector of vectors) {
      const loaded = this.models.get(vector.model);
      if (loaded) (await loaded).add(vector.templateId, vector.subjectId, vector.vector);
    }
  }

  async forgetSubject(subjectId: string): Promise<void> {
    for (const packed of this.models.values()) (await packed).removeWhere((_, subject) => subject === subjectId);
  }

  async forgetTemplate(templateId: string): Promise<void> {
    for (const packed of this.models.values()) (await packed).removeWhere((template) => template === templateId);
  }

  async search(query: GallerySearch): Promise<GalleryHit[]> {
    const excluded = new Set(query.excludeSubjects ?? []);
    const only = query.onlySubjects && new Set(query.onlySubjects);
    const packed = await this.load(query.model);
    const eligible = (row: number) => !excluded.has(packed.subjectIds[row]!) && (!only || only.has(packed.subjectIds[row]!));
    // A subject may hold several templates: keep enough rows that k distinct subjects survive in all but pathological galleries.
    return bestPerSubject(packed.nearest(query.vector, query.k * 4, eligible), query.k);
  }

  async size(model: string): Promise<number> {
    return (await this.load(model)).count;
  }

  private load(model: string): Promise<PackedVectors> {
    let packed = this.models.get(model);
    if (!packed) {
      packed = (this.dataSource.query(`SELECT g.template_id, g.subject_id, e.embedding_f32 FROM face_gallery g JOIN face_gallery_exact e USING (template_id) WHERE g.model = $1`, [model]) as Promise<{ template_id: string; subject_id: string; embedding_f32: Buffer }[]>).then((rows) => {
        const vectors = new PackedVectors();
        for (const row of rows) vectors.add(row.template_id, row.subject_id, vectorFromBytes(row.embedding_f32));
        return vectors;
      });
      packed.catch(() => this.models.delete(model));
      this.models.set(model, packed);
    }
    return packed;
  }
}

/** The configured face gallery index (`FACE_GALLERY_INDEX`): pgvector (exact or HNSW), or the in-process scan over the pgvector table. */
export function faceGalleryProviders(gallery: BiometricConfig['gallery']): Provider[] {
  return [
    {
      provide: PgvectorFaceGallery,
      inject: [DataSource],
      useFactory: (dataSource: DataSource) => new PgvectorFaceGallery(dataSource, { mode: gallery.index === 'pgvector-hnsw' ? 'hnsw' : 'exact', rerankFactor: gallery.rerankFactor, hnswEfSearch: gallery.hnswEfSearch }),
    },
    {
      provide: FACE_GALLERY_INDEX,
      inject: [DataSource, PgvectorFaceGallery],
      useFactory: (dataSource: DataSource, pgvector: PgvectorFaceGallery) => (gallery.index === 'memory' ? new InMemoryFaceGallery(dataSource, pgvector) : pgvector),
    },
  ];
}
