import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FACE_MODEL_MANIFEST, formatModel, type ModelManifest } from '@citizen-zero/face-models';
import { HUMAN_ANTISPOOF_ID, HUMAN_LIVENESS_ID, loadPadModels, OnnxLivenessModel } from '@citizen-zero/face-models/onnx';
import { modelsDir } from './support/models';

/** The PAD nets load only as the manifest describes them: the file's hash, a presentation-attack entry. */
describe('loadPadModels', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'pad-models-'));
    for (const entry of FACE_MODEL_MANIFEST.models.filter((model) => model.kind === 'presentation-attack')) copyFileSync(join(modelsDir, entry.output.file), join(dir, entry.output.file));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('loads both nets with their manifest identities, scoring a face crop in [0, 1]', async () => {
    const models = await loadPadModels({ modelsDir: dir, threads: 1 });
    try {
      expect(formatModel(models.antispoof.model)).toBe(`${HUMAN_ANTISPOOF_ID}@3.0.4+onnx.1`);
      expect(formatModel(models.liveness.model)).toBe(`${HUMAN_LIVENESS_ID}@3.0.4+onnx.1`);
      const face = { width: 40, height: 40, data: Uint8Array.from({ length: 40 * 40 * 3 }, (_, i) => (i * 29) % 256) };
      for (const model of [models.antispoof, models.liveness]) {
        const score = await model.score(face);
        expect(score).toBeGreaterThanOrEqual(0);
        expect(score).toBeLessThanOrEqual(1);
      }
      await expect(models.antispoof.score({ width: 2, height: 2, data: new Uint8Array(5) })).rejects.toMatchObject({ code: 'FACE_IMAGE_INVALID' });
    } finally {
      await models.release();
    }
  });

  it('refuses a changed model file', async () => {
    const tampered = mkdtempSync(join(dir, 'tampered-'));
    for (const file of ['human.antispoof.onnx', 'human.liveness.onnx']) copyFileSync(join(dir, file), join(tampered, file));
    const path = join(tampered, 'human.liveness.onnx');
    const bytes = readFileSync(path);
    bytes[bytes.length - 10] = bytes[bytes.length - 10]! ^ 0x01;
    writeFileSync(path, bytes);
    await expect(loadPadModels({ modelsDir: tampered })).rejects.toMatchObject({ code: 'FACE_MODEL_HASH_MISMATCH', details: expect.objectContaining({ id: HUMAN_LIVENESS_ID }) });
  });

  it('refuses a manifest entry that is not a presentation-attack model', async () => {
    const manifest: ModelManifest = { ...FACE_MODEL_MANIFEST, models: FACE_MODEL_MANIFEST.models.map((entry) => (entry.id === HUMAN_LIVENESS_ID ? { ...entry, kind: 'face-embedder' } : entry)) };
    await expect(OnnxLivenessModel.load(dir, manifest)).rejects.toMatchObject({ code: 'FACE_MODEL_SPEC_INVALID' });
  });
});
