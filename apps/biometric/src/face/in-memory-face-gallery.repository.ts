import { Injectable, type Provider } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Transaction } from '@citizen-zero/nest-platform';
import { PgvectorFaceGallery } from './pgvector-face-gallery.repository';
import type { BiometricConfig } from '../config/biometric-config';
import { bestPerSubject, dot, FACE_GALLERY_INDEX, type FaceGalleryIndex, type GalleryHit, type GallerySearch, type GalleryVector, vectorFromBytes } from './face-gallery-index';

interface Entry {
  readonly templateId: string;
  readonly subjectId: string;
  readonly vector: Float32Array;
}

/**
 * An exact in-process scan for small galleries: PostgreSQL stays the record (rows are written
 * through the pgvector table), and each model's vectors are loaded into memory on first search.
 * Only this process's writes reach its copy: run it with a single API replica.
 */
@Injectable()
export class InMemoryFaceGallery implements FaceGalleryIndex {
  readonly kind = 'memory';
  private readonly models = new Map<string, Promise<Entry[]>>();

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
      if (loaded) (await loaded).push({ templateId: vector.templateId, subjectId: vector.subjectId, vector: vector.vector });
    }
  }

  async forgetSubject(subjectId: string): Promise<void> {
    for (const entries of this.models.values()) {
      const list = await entries;
      for (let index = list.length - 1; index >= 0; index--) if (list[index]!.subjectId === subjectId) list.splice(index, 1);
    }
  }

  async forgetTemplate(templateId: string): Promise<void> {
    for (const entries of this.models.values()) {
      const list = await entries;
      const index = list.findIndex((entry) => entry.templateId === templateId);
      if (index >= 0) list.splice(index, 1);
    }
  }

  async search(query: GallerySearch): Promise<GalleryHit[]> {
    const excluded = new Set(query.excludeSubjects ?? []);
    const only = query.onlySubjects && new Set(query.onlySubjects);
    const hits: GalleryHit[] = [];
    for (const entry of await this.load(query.model)) {
      if (excluded.has(entry.subjectId) || (only && !only.has(entry.subjectId))) continue;
      hits.push({ templateId: entry.templateId, subjectId: entry.subjectId, cosine: dot(query.vector, entry.vector) });
    }
    return bestPerSubject(hits, query.k);
  }

  async size(model: string): Promise<number> {
    return (await this.load(model)).length;
  }

  private load(model: string): Promise<Entry[]> {
    let entries = this.models.get(model);
    if (!entries) {
      entries = (this.dataSource.query(`SELECT g.template_id, g.subject_id, e.embedding_f32 FROM face_gallery g JOIN face_gallery_exact e USING (template_id) WHERE g.model = $1`, [model]) as Promise<{ template_id: string; subject_id: string; embedding_f32: Buffer }[]>).then((rows) =>
        rows.map((row) => ({ templateId: row.template_id, subjectId: row.subject_id, vector: vectorFromBytes(row.embedding_f32) })),
      );
      entries.catch(() => this.models.delete(model));
      this.models.set(model, entries);
    }
    return entries;
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
