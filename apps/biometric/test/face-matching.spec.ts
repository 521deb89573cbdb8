import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BiometricTestContext, samplePhoto, startBiometric } from './support/biometric-test-app';
import { augment, type FaceFixture, faceFixtures } from '../scripts/face-fixtures';
import { EnvelopeEncryption } from '@citizen-zero/hsm';
import { KeyCustody } from '../src/crypto/key-custody';
import { dot, vectorFromBytes } from '../src/face/face-gallery-index';
import { templateContext } from '../src/templates/biometric-template';

const base64 = (bytes: Buffer) => bytes.toString('base64');

/** face-api's demo faces are candid photos, not ICAO portraits, and the 2-D pose estimate reads their pitch high: the tests accept turned heads. */
const CANDID_PHOTOS = { CZ_FACE_ENROLMENT_MAX_POSE_DEGREES: '30,35,45', CZ_FACE_VERIFICATION_MAX_POSE_DEGREES: '40,45,60' };

describe('biometric service: faces (detect, landmarks, alignment, embedding, quality, pgvector gallery)', () => {
  let service: BiometricTestContext;
  let fixtures: FaceFixture[];
  const enrolled: { fixture: FaceFixture; subjectId: string; reference: string }[] = [];

  beforeAll(async () => {
    service = await startBiometric({ CZ_BIOMETRIC_WORKERS: 'false', ...CANDID_PHOTOS });
    fixtures = [];
    for (const fixture of await faceFixtures([1, 2, 3, 4])) {
      if ((await service.request('POST', '/quality/face', { body: { image: base64(fixture.jpeg) } })).body.quality.rejections.length === 0) fixtures.push(fixture);
    }
    expect(fixtures.length).toBeGreaterThanOrEqual(8);
    for (const fixture of fixtures.slice(0, 8)) {
      const captured = await service.request('POST', '/captures/face', { body: { image: base64(fixture.jpeg) } });
      expect(captured.status, JSON.stringify(captured.body)).toBe(201);
      const subjectId = randomUUID();
      expect((await service.request('POST', `/subjects/${subjectId}/templates`, { body: { references: [captured.body.reference] } })).status).toBe(201);
      enrolled.push({ fixture, subjectId, reference: captured.body.reference });
    }
  });
  afterAll(() => service?.close());

  it('captures a face: reference, model, location, quality components and the labelled liveness baseline — no embedding in the answer', async () => {
    const captured = await service.request('POST', '/captures/face', { body: { image: base64(fixtures[0]!.jpeg) } });
    expect(captured.status).toBe(201);
    expect(captured.body).toMatchObject({ reference: expect.any(String), modality: 'face', model: 'face-api/face-recognition@1.7.15+onnx.1', face: { faces: 1 }, liveness: { notice: expect.stringMatching(/non-certified/i) } });
    expect(captured.body.quality.score).toBeGreaterThan(0);
    expect(captured.body.quality.components.map((component: { name: string }) => component.name)).toEqual(expect.arrayContaining(['inter_eye_distance', 'yaw', 'pitch', 'sharpness', 'exposure_mean', 'face_count']));
    expect(JSON.stringify(captured.body)).not.toMatch(/embedding/);
  });

  it('verifies 1:1: another capture of the same face matches; every other enrolled face does not', async () => {
    const [first, ...others] = enrolled;
    for (const variant of [0, 1, 2, 3] as const) {
      const genuine = await service.request('POST', '/verifications', { body: { probe: { faceImage: base64(await augment(first!.fixture.jpeg, variant)) }, subjectId: first!.subjectId } });
      expect(genuine.status, JSON.stringify(genuine.body)).toBe(200);
      expect(genuine.body, `variant ${variant}`).toMatchObject({ modality: 'face', decision: 'match' });
    }
    for (const other of others) {
      const impostor = await service.request('POST', '/verifications', { body: { probe: { reference: other.reference }, subjectId: first!.subjectId } });
      expect(impostor.body.decision, other.fixture.id).toBe('no-match');
    }
  });

  it('identifies 1:N through the rotated pgvector gallery: the right person first', async () => {
    for (const entry of enrolled) {
      const identification = await service.request('POST', '/identifications', { body: { probe: { faceImage: base64(await augment(entry.fixture.jpeg, 0)) }, topK: 3 } });
      expect(identification.status, JSON.stringify(identification.body)).toBe(200);
      expect(identification.body.candidates[0], entry.fixture.id).toMatchObject({ subjectId: entry.subjectId, decision: 'match' });
      expect(identification.body.gallerySize).toBe(enrolled.length);
    }
  });

  it('stores no usable face vector: the template is sealed under the HSM key, the gallery holds only the rotated vector', async () => {
    const client = new Client({ connectionString: service.databaseUrl });
    await client.connect();
    const keys = await KeyCustody.open(service.config);
    try {
      const entry = enrolled[0]!;
      const [row] = (await client.query(`SELECT t.ciphertext, t.wrapped_key, t.key_label, g.embedding::text AS rotated FROM biometric_templates t JOIN face_gallery g ON g.template_id = t.id WHERE t.id = $1`, [entry.reference])).rows as { ciphertext: Buffer; wrapped_key: Buffer; key_label: string; rotated: string }[];
      // Only the HSM's key opens the template, and only for this row.
      const encryption = new EnvelopeEncryption(keys);
      const sealed = { ciphertext: row!.ciphertext, wrappedKey: row!.wrapped_key, keyLabel: row!.key_label };
      const embedding = vectorFromBytes(await encryption.open(sealed, templateContext(entry.reference, 'face')));
      await expect(encryption.open(sealed, templateContext(enrolled[1]!.reference, 'face'))).rejects.toThrow(/could not be decrypted/);
      expect(Math.hypot(...embedding)).toBeCloseTo(1, 4);
      // The gallery vector is the rotated embedding: the same length, unrelated direction.
      const rotated = Float32Array.from(JSON.parse(row!.rotated) as number[]);
      expect(Math.hypot(...rotated)).toBeCloseTo(1, 2);
      expect(Math.abs(dot(rotated, embedding))).toBeLessThan(0.35);
      // No stored gallery vector points anywhere near any enrolled face's real embedding.
      for (const other of (await client.query(`SELECT t.id, t.ciphertext, t.wrapped_key, t.key_label FROM biometric_templates t WHERE t.modality = 'face'`)).rows as { id: string; ciphertext: Buffer; wrapped_key: Buffer; key_label: string }[]) {
        const real = vectorFromBytes(await encryption.open({ ciphertext: other.ciphertext, wrappedKey: other.wrapped_key, keyLabel: other.key_label }, templateContext(other.id, 'face')));
        for (const stored of (await client.query(`SELECT embedding::text AS vector FROM face_gallery`)).rows as { vector: string }[]) {
          expect(Math.abs(dot(Float32Array.from(JSON.parse(stored.vector) as number[]), real))).toBeLessThan(0.5);
        }
      }
    } finally {
      await keys.onApplicationShutdown();
      await client.end();
    }
  });

  it('refuses pictures it cannot use, with stable codes', async () => {
    const notAPicture = await service.request('POST', '/captures/face', { body: { image: base64(Buffer.from('definitely not a jpeg')) } });
    expect(notAPicture.status).toBe(400);
    expect(notAPicture.body.code).toBe('IMAGE_INVALID');
    const blank = await sharp({ create: { width: 400, height: 400, channels: 3, background: { r: 200, g: 190, b: 180 } } }).jpeg().toBuffer();
    const noFace = await service.request('POST', '/captures/face', { body: { image: base64(blank) } });
    expect(noFace.status).toBe(422);
    expect(noFace.body.code).toBe('FACE_NOT_FOUND');
    const group = await service.request('POST', '/captures/face', { body: { image: base64(samplePhoto(1)) } });
    expect(group.status).toBe(422);
    expect(group.body.code).toBe('QUALITY_REJECTED');
    expect(group.body.detail).toMatch(/face/);
  });

  it('assesses quality and liveness without keeping anything', async () => {
    const quality = await service.request('POST', '/quality/face', { body: { image: base64(fixtures[1]!.jpeg), purpose: 'verification' } });
    expect(quality.status).toBe(200);
    expect(quality.body.quality.score).toBeGreaterThan(0);
    const liveness = await service.request('POST', '/liveness/face', { body: { image: base64(fixtures[1]!.jpeg) } });
    expect(liveness.status).toBe(200);
    expect(liveness.body.liveness).toMatchObject({ bonaFideScore: expect.any(Number), decision: expect.stringMatching(/^(bona-fide|attack-suspected)$/), threshold: 0.5 });
  });

  it('assesses a picture for the capture desk as a capture would judge it — quality with coded refusals, the minimum, the labelled PAD answer — keeping nothing', async () => {
    const client = new Client({ connectionString: service.databaseUrl });
    await client.connect();
    const templates = async () => Number((await client.query('SELECT count(*) AS n FROM biometric_templates')).rows[0].n);
    try {
      const before = await templates();
      const good = await service.request('POST', '/assessments/face', { roles: ['registrar'], body: { image: base64(fixtures[2]!.jpeg) } });
      expect(good.status, JSON.stringify(good.body)).toBe(200);
      expect(good.body).toMatchObject({ purpose: 'enrolment', acceptable: true, refusals: [], face: { faces: 1 }, quality: { minimum: 50, rejections: [] }, liveness: { enforced: false, notice: expect.stringMatching(/non-certified/i), decision: expect.stringMatching(/^(bona-fide|attack-suspected)$/) } });
      expect(good.body.quality.score).toBeGreaterThanOrEqual(50);

      const group = await service.request('POST', '/assessments/face', { roles: ['registrar'], body: { image: base64(samplePhoto(1)) } });
      expect(group.body.acceptable).toBe(false);
      expect(group.body.refusals.length).toBeGreaterThan(0);
      expect(group.body.refusals.map((refusal: { code: string }) => refusal.code)).toEqual(expect.arrayContaining(group.body.quality.rejections.map((rejection: { code: string }) => rejection.code)));
      // The same picture is refused as a capture: the assessment and the capture apply one rule.
      expect((await service.request('POST', '/captures/face', { body: { image: base64(samplePhoto(1)) } })).body.code).toBe('QUALITY_REJECTED');

      const blank = await sharp({ create: { width: 400, height: 400, channels: 3, background: { r: 200, g: 190, b: 180 } } }).jpeg().toBuffer();
      const noFace = await service.request('POST', '/assessments/face', { roles: ['registrar'], body: { image: base64(blank) } });
      expect(noFace.status).toBe(200);
      expect(noFace.body).toMatchObject({ acceptable: false, quality: { score: 0 } });
      expect(noFace.body.refusals.map((refusal: { code: string }) => refusal.code)).toEqual(['QUALITY_TOO_FEW_FACES', 'QUALITY_SCORE_LOW']);
      expect(noFace.body.liveness).toBeUndefined();

      expect(await templates()).toBe(before);
      expect((await service.request('POST', '/assessments/face', { roles: ['verifier'], body: { image: base64(blank) } })).status).toBe(403);
    } finally {
      await client.end();
    }
  });

  it('gives the same top candidate through the in-process index and pgvector HNSW with re-rank', async () => {
    for (const index of ['memory', 'pgvector-hnsw']) {
      const other = await startBiometric({ CZ_BIOMETRIC_WORKERS: 'false', ...CANDID_PHOTOS, CZ_FACE_GALLERY_INDEX: index }, { token: service.token });
      try {
        const subjects: string[] = [];
        for (const fixture of fixtures.slice(0, 4)) {
          const captured = await other.request('POST', '/captures/face', { body: { image: base64(fixture.jpeg) } });
          const subjectId = randomUUID();
          await other.request('POST', `/subjects/${subjectId}/templates`, { body: { references: [captured.body.reference] } });
          subjects.push(subjectId);
        }
        for (const [position, fixture] of fixtures.slice(0, 4).entries()) {
          const identification = await other.request('POST', '/identifications', { body: { probe: { faceImage: base64(await augment(fixture.jpeg, 2)) }, topK: 2 } });
          expect(identification.body.candidates[0].subjectId, `${index} ${fixture.id}`).toBe(subjects[position]);
        }
        const erased = await other.request('DELETE', `/subjects/${subjects[0]}`);
        expect(erased.body).toEqual({ erased: 1 });
        const after = await other.request('POST', '/identifications', { body: { probe: { faceImage: base64(fixtures[0]!.jpeg) }, topK: 4 } });
        expect(after.body.candidates.map((candidate: { subjectId: string }) => candidate.subjectId)).not.toContain(subjects[0]);
      } finally {
        await other.close();
      }
    }
  });
});
