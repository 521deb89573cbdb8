/**
 * `npm run bench:biometric`: the biometric service's speed, on one core (the npm script pins the
 * process, and the PostgreSQL it starts, to core 0 with taskset):
 *
 * 1. the face pipeline per 640-px picture (face-api's demo photos): decode, detection (SSD
 *    MobileNet v1 and the tiny detector), 68 landmarks, similarity alignment, embedding;
 * 2. face 1:N search over synthetic galleries of 128-d unit vectors (one per identity; probes are
 *    an identity's vector plus noise, cosine ≈ 0.97 to its mate) through the service's own
 *    gallery classes: pgvector exact scan, pgvector HNSW + exact re-rank (build time, recall@10
 *    against exact search, mate found first), and the in-process exact scan — at 100 000 and
 *    1 000 000 templates (BENCH_GALLERIES, default "100000,1000000").
 *
 * Prints markdown tables for docs/benchmarks.md. Nothing here is asserted.
 */
import 'reflect-metadata';
import { cpus, totalmem } from 'node:os';
import { resolve } from 'node:path';
import { DataSource } from 'typeorm';
import { crop, FACE_MODEL_MANIFEST, squareRect } from '@citizen-zero/face-models';
import { loadFaceApiModels, OnnxTinyFaceDetector } from '@citizen-zero/face-models/onnx';
import { decodeImage } from '@citizen-zero/face-models/sharp';
import { alignFace, faceApiReference } from '@citizen-zero/face-analysis';
import { createTestDatabase, startLocalPostgres } from '@citizen-zero/test-harness';
import { TemplatesAndGallery1765000000000 } from '../../apps/biometric/src/database/migrations/1765000000000-templates-and-gallery';
import { CascadeFaceDetector } from '../../apps/biometric/src/face/cascade-face-detector';
import { type FaceGalleryIndex, type GalleryHit, vectorBytes } from '../../apps/biometric/src/face/face-gallery-index';
import { InMemoryFaceGallery } from '../../apps/biometric/src/face/in-memory-face-gallery.repository';
import { PgvectorFaceGallery } from '../../apps/biometric/src/face/pgvector-face-gallery.repository';
import { samplePhoto } from '../../apps/biometric/scripts/face-fixtures';

const ROOT = resolve(__dirname, '../..');
const GALLERIES = (process.env['BENCH_GALLERIES'] ?? '100000,1000000').split(',').map(Number);
const QUERIES = Number(process.env['BENCH_QUERIES'] ?? 200);
const DIMENSION = 128;
const MODEL = 'bench/synthetic@1';
const log = (message: string) => console.error(`[bench:biometric] ${message}`);

function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

const ms = (value: number) => value.toFixed(value < 10 ? 2 : 1);

/** A deterministic xorshift generator of standard normal deviates. */
function gaussian(seed: number): () => number {
  let state = seed >>> 0 || 1;
  const uniform = () => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return ((state >>> 0) + 1) / 4294967297;
  };
  return () => Math.sqrt(-2 * Math.log(uniform())) * Math.cos(2 * Math.PI * uniform());
}

function unit(vector: Float32Array): Float32Array {
  let norm = 0;
  for (const value of vector) norm += value * value;
  norm = Math.sqrt(norm);
  return vector.map((value) => value / norm);
}

function identityVector(index: number): Float32Array {
  const next = gaussian(index * 2654435761 + 1);
  return unit(Float32Array.from({ length: DIMENSION }, next));
}

/** A probe of identity `index`: its vector plus isotropic noise (cosine ≈ 0.97 to the mate). */
function probeVector(index: number, seed: number): Float32Array {
  const next = gaussian(seed * 40503 + 7);
  const mate = identityVector(index);
  return unit(mate.map((value) => value + next() * 0.022));
}

async function pipeline(): Promise<string> {
  const rows: string[] = [];
  for (const choice of ['ssd-mobilenetv1', 'tiny-face-detector', 'tiny-then-ssd'] as const) {
    const models = await loadFaceApiModels({ modelsDir: resolve(ROOT, 'models'), threads: 1, detector: choice === 'tiny-face-detector' ? 'tiny-face-detector' : 'ssd-mobilenetv1' });
    const tiny = choice === 'tiny-then-ssd' ? await OnnxTinyFaceDetector.load(resolve(ROOT, 'models'), FACE_MODEL_MANIFEST, { threads: 1 }) : undefined;
    const detector = tiny ? new CascadeFaceDetector(tiny, models.detector) : models.detector;
    const timings = { decode: [] as number[], detect: [] as number[], landmarks: [] as number[], align: [] as number[], embed: [] as number[], total: [] as number[] };
    for (let round = 0; round < 6; round++) {
      for (const photo of [1, 2, 3, 4, 5, 6] as const) {
        const bytes = samplePhoto(photo);
        const t = performance.now();
        const image = await decodeImage(bytes, { maxSide: 640 });
        const decoded = performance.now();
        const [face] = await detector.detect(image);
        const detected = performance.now();
        if (!face) continue;
        const rect = squareRect(face.box, image);
        const points = (await models.landmarks.locate(crop(image, rect))).map((point) => ({ x: point.x + rect.left, y: point.y + rect.top }));
        const located = performance.now();
        const aligned = alignFace(image, points, faceApiReference(150));
        const alignedAt = performance.now();
        await models.embedder.embed(aligned.image);
        const embedded = performance.now();
        if (round === 0) continue; // warm-up
        timings.decode.push(decoded - t);
        timings.detect.push(detected - decoded);
        timings.landmarks.push(located - detected);
        timings.align.push(alignedAt - located);
        timings.embed.push(embedded - alignedAt);
        timings.total.push(embedded - decoded);
      }
    }
    await models.release();
    await tiny?.release();
    const median = (values: number[]) => ms(percentile(values, 50));
    rows.push(`| ${choice} | ${median(timings.decode)} | ${median(timings.detect)} | ${median(timings.landmarks)} | ${median(timings.align)} | ${median(timings.embed)} | **${median(timings.total)}** | ${ms(percentile(timings.total, 95))} |`);
  }
  return ['| detector | decode | detect | landmarks | align | embed | detect → embed (median) | p95 |', '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |', ...rows].join('\n');
}

async function load(dataSource: DataSource, size: number): Promise<void> {
  const batch = 5000;
  for (let start = 0; start < size; start += batch) {
    const ids: string[] = [];
    const subjects: string[] = [];
    const literals: string[] = [];
    const exact: Buffer[] = [];
    for (let index = start; index < Math.min(size, start + batch); index++) {
      const vector = identityVector(index);
      ids.push(uuidFor(index));
      subjects.push(uuidFor(index + 0x40000000));
      literals.push(`[${Array.from(vector).join(',')}]`);
      exact.push(vectorBytes(vector));
    }
    await dataSource.query(
      `INSERT INTO biometric_templates (id, modality, subject_id, model, quality, ciphertext, wrapped_key, key_label, created_at, enrolled_at)
       SELECT id, 'face', subject, $3, 80, '\\x01'::bytea, '\\x00'::bytea, 'bench', now(), now() FROM unnest($1::uuid[], $2::uuid[]) AS t(id, subject)`,
      [ids, subjects, MODEL],
    );
    await dataSource.query(`INSERT INTO face_gallery (template_id, subject_id, model, embedding) SELECT id, subject, $3, embedding::halfvec FROM unnest($1::uuid[], $2::uuid[], $4::text[]) AS t(id, subject, embedding)`, [ids, subjects, MODEL, literals]);
    await dataSource.query(`INSERT INTO face_gallery_exact (template_id, embedding_f32) SELECT * FROM unnest($1::uuid[], $2::bytea[])`, [ids, exact]);
    if ((start / batch) % 20 === 0) log(`loaded ${start + batch} / ${size}`);
  }
  await dataSource.query('VACUUM ANALYZE face_gallery');
  await dataSource.query('VACUUM ANALYZE face_gallery_exact');
}

function uuidFor(index: number): string {
  const hex = index.toString(16).padStart(12, '0');
  return `00000000-0000-4000-8000-${hex}`;
}

async function time(index: FaceGalleryIndex, queries: readonly { mate: number; vector: Float32Array }[], k: number): Promise<{ latencies: number[]; results: GalleryHit[][] }> {
  const latencies: number[] = [];
  const results: GalleryHit[][] = [];
  for (const query of queries.slice(0, 5)) await index.search({ model: MODEL, vector: query.vector, k });
  for (const query of queries) {
    const started = performance.now();
    results.push(await index.search({ model: MODEL, vector: query.vector, k }));
    latencies.push(performance.now() - started);
  }
  return { latencies, results };
}

async function search(size: number): Promise<string[]> {
  const database = await createTestDatabase('bench_biometric');
  const dataSource = await new DataSource({ type: 'postgres', url: database.url, migrations: [TemplatesAndGallery1765000000000], migrationsTableName: 'schema_migrations', extra: { max: 4 } }).initialize();
  try {
    await dataSource.runMigrations();
    const loadStarted = performance.now();
    await load(dataSource, size);
    log(`${size} vectors loaded in ${((performance.now() - loadStarted) / 1000).toFixed(0)} s`);
    const queries = Array.from({ length: QUERIES }, (_, index) => {
      const mate = (index * 7919) % size;
      return { mate, vector: probeVector(mate, index) };
    });
    const k = 10;
    const rows: string[] = [];
    const exact = await time(new PgvectorFaceGallery(dataSource, { mode: 'exact', rerankFactor: 2, hnswEfSearch: 200 }), queries.slice(0, size >= 1_000_000 ? Math.min(QUERIES, 40) : QUERIES), k);
    const truth = exact.results;
    const mateFirst = (results: GalleryHit[][]) => results.filter((hits, index) => hits[0]?.templateId === uuidFor(queries[index]!.mate)).length / results.length;
    rows.push(`| ${size.toLocaleString('en-US')} | pgvector exact scan (halfvec) + re-rank | — | ${ms(percentile(exact.latencies, 50))} | ${ms(percentile(exact.latencies, 99))} | 1 (reference) | ${(mateFirst(exact.results) * 100).toFixed(1)} % |`);

    const memory = new InMemoryFaceGallery(dataSource, new PgvectorFaceGallery(dataSource, { mode: 'exact', rerankFactor: 1, hnswEfSearch: 200 }));
    const memoryLoad = performance.now();
    await memory.size(MODEL);
    const inProcess = await time(memory, queries, k);
    rows.push(`| ${size.toLocaleString('en-US')} | in-process exact scan (float32) | load ${((performance.now() - memoryLoad - inProcess.latencies.reduce((a, b) => a + b, 0)) / 1000).toFixed(0)} s | ${ms(percentile(inProcess.latencies, 50))} | ${ms(percentile(inProcess.latencies, 99))} | ${recall(inProcess.results, truth, k)} | ${(mateFirst(inProcess.results) * 100).toFixed(1)} % |`);

    const hnsw = new PgvectorFaceGallery(dataSource, { mode: 'hnsw', rerankFactor: 10, hnswEfSearch: 200 });
    await dataSource.query(`SET maintenance_work_mem = '2GB'`);
    const built = performance.now();
    await hnsw.ensureIndex(MODEL, DIMENSION);
    const buildSeconds = (performance.now() - built) / 1000;
    const approximate = await time(hnsw, queries, k);
    rows.push(`| ${size.toLocaleString('en-US')} | pgvector HNSW (m 16, ef_construction 64, ef_search 200) + re-rank of 100 | build ${buildSeconds.toFixed(0)} s | ${ms(percentile(approximate.latencies, 50))} | ${ms(percentile(approximate.latencies, 99))} | ${recall(approximate.results, truth, k)} | ${(mateFirst(approximate.results) * 100).toFixed(1)} % |`);
    return rows;
  } finally {
    await dataSource.destroy();
    await database.drop();
  }
}

/** Recall@k against the exact results, over the queries both answered. */
function recall(results: readonly GalleryHit[][], truth: readonly GalleryHit[][], k: number): string {
  let found = 0;
  let total = 0;
  truth.forEach((expected, index) => {
    const got = new Set(results[index]!.map((hit) => hit.templateId));
    for (const hit of expected.slice(0, k)) {
      total++;
      if (got.has(hit.templateId)) found++;
    }
  });
  return (found / total).toFixed(3);
}

async function main(): Promise<void> {
  console.log(`machine: ${cpus()[0]?.model ?? 'unknown'}, ${cpus().length} logical CPUs (this run pinned to one), ${(totalmem() / 2 ** 30).toFixed(0)} GiB; Node ${process.version}\n`);
  console.log('### Face pipeline, per 640-px picture, one thread (ms)\n');
  console.log(await pipeline());
  const postgres = await startLocalPostgres();
  process.env['CZ_TEST_POSTGRES_URL'] = postgres.adminUrl;
  try {
    console.log('\n### Face 1:N search, top 10 (ms)\n');
    console.log('| gallery | index | build / load | p50 | p99 | recall@10 vs exact | mate first |');
    console.log('| ---: | --- | --- | ---: | ---: | ---: | ---: |');
    for (const size of GALLERIES) for (const row of await search(size)) console.log(row);
  } finally {
    postgres.stop();
  }
}

void main();
