import type { Transaction } from '@citizen-zero/nest-platform';

/** A gallery vector: the rotated embedding of one enrolled face template. */
export interface GalleryVector {
  readonly templateId: string;
  readonly subjectId: string;
  /** `model-id@version`: vectors are searched only among vectors of the same model. */
  readonly model: string;
  /** Rotated (see GalleryRotation) and unit length. */
  readonly vector: Float32Array;
}

export interface GallerySearch {
  readonly model: string;
  /** The rotated probe, unit length. */
  readonly vector: Float32Array;
  readonly k: number;
  /** Subjects whose templates do not count (e.g. the applicant's own on a renewal). */
  readonly excludeSubjects?: readonly string[];
  /** Search only these subjects (ABIS `gallery.referenceIds`). */
  readonly onlySubjects?: readonly string[];
}

export interface GalleryHit {
  readonly templateId: string;
  readonly subjectId: string;
  /** Cosine similarity computed in single precision. */
  readonly cosine: number;
}

/**
 * Face 1:N search behind one interface: pgvector in PostgreSQL (exact scan, or HNSW with an exact
 * re-rank) or an in-process exact scan. Hits are best first, at most one per subject (a subject's
 * best template).
 */
export interface FaceGalleryIndex {
  readonly kind: string;
  /** Adds vectors in the caller's transaction (they become searchable when it commits). */
  add(vectors: readonly GalleryVector[], transaction: Transaction): Promise<void>;
  /** Tells the index the transaction that added `vectors` committed. */
  added(vectors: readonly GalleryVector[]): Promise<void>;
  /** Tells the index the subject's rows are gone (after the transaction that deleted them committed). */
  forgetSubject(subjectId: string): Promise<void>;
  forgetTemplate(templateId: string): Promise<void>;
  search(query: GallerySearch): Promise<GalleryHit[]>;
  size(model: string): Promise<number>;
}

export const FACE_GALLERY_INDEX = Symbol('FaceGalleryIndex');

/** Exact cosine re-rank of candidates: best first, one hit per subject, at most `k`. */
export function bestPerSubject(candidates: readonly GalleryHit[], k: number): GalleryHit[] {
  const sorted = [...candidates].sort((a, b) => b.cosine - a.cosine || (a.templateId < b.templateId ? -1 : 1));
  const seen = new Set<string>();
  const hits: GalleryHit[] = [];
  for (const hit of sorted) {
    if (seen.has(hit.subjectId)) continue;
    seen.add(hit.subjectId);
    hits.push(hit);
    if (hits.length === k) break;
  }
  return hits;
}

export function dot(a: Float32Array, b: Float32Array): number {
  let sum = 0;
  for (let index = 0; index < a.length; index++) sum += a[index]! * b[index]!;
  return sum;
}

export function vectorBytes(vector: Float32Array): Buffer {
  const bytes = Buffer.alloc(vector.length * 4);
  for (let index = 0; index < vector.length; index++) bytes.writeFloatLE(vector[index]!, index * 4);
  return bytes;
}

export function vectorFromBytes(bytes: Uint8Array): Float32Array {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const vector = new Float32Array(bytes.byteLength / 4);
  for (let index = 0; index < vector.length; index++) vector[index] = buffer.readFloatLE(index * 4);
  return vector;
}
