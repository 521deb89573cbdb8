import { createHash } from 'node:crypto';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OnnxGraph } from '@citizen-zero/face-model-converter';
import { FACE_MODEL_MANIFEST, faceApiEmbedderSpec, l2Normalise, stretchResize, type OnnxEmbedderSpec, type RgbImage } from '@citizen-zero/face-models';
import { OnnxFaceEmbedder, OnnxLandmark68Model, loadFaceApiModels } from '@citizen-zero/face-models/onnx';
import { modelsDir } from './support/models';

/**
 * The drop-in contract: an operator's ONNX embedder (here a stand-in with an ArcFace-like
 * interface: NCHW, BGR, (x − mean) / std, 112-style stretched input, any output size) is run
 * exactly as its spec says, and a model whose file or tensors do not match is refused.
 */
const SIZE = 4;
const DIMENSION = 8;
const weights = Float32Array.from({ length: 3 * SIZE * SIZE * DIMENSION }, (_, i) => Math.sin(i * 0.37));

function standInModel(): Uint8Array {
  const g = new OnnxGraph();
  g.input('input.1', [1, 3, SIZE, SIZE]);
  const flat = g.node('Flatten', ['input.1'], 'flatten', { axis: 1 });
  g.node('MatMul', [flat, g.floats('W', [3 * SIZE * SIZE, DIMENSION], weights)], 'fc1');
  g.output('fc1', [1, DIMENSION]);
  return g.encode({ graphName: 'stand-in', docString: 'test embedder', producerVersion: 'test', modelVersion: 1, properties: {} });
}

describe('OnnxFaceEmbedder contract', () => {
  let dir: string;
  let spec: OnnxEmbedderSpec;
  const face: RgbImage = { width: 7, height: 5, data: Uint8Array.from({ length: 7 * 5 * 3 }, (_, i) => (i * 37) % 256) };

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'face-embedder-'));
    const bytes = standInModel();
    writeFileSync(join(dir, 'stand-in.onnx'), bytes);
    spec = {
      model: { id: 'operator/arcface-like', version: '2026.1' },
      path: join(dir, 'stand-in.onnx'),
      sha256: createHash('sha256').update(bytes).digest('hex'),
      input: { name: 'input.1', width: SIZE, height: SIZE, layout: 'NCHW', channelOrder: 'BGR', mean: [127.5, 127.5, 127.5], std: [128, 64, 32], fit: 'stretch' },
      output: { name: 'fc1', dimension: DIMENSION },
    };
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('feeds the model NCHW, BGR, normalised input and returns the L2-normalised output', async () => {
    const embedder = await OnnxFaceEmbedder.load(spec);
    try {
      expect(embedder.model).toEqual(spec.model);
      expect(embedder.dimension).toBe(DIMENSION);
      const rgb = stretchResize(face, SIZE, SIZE);
      const input = new Float64Array(3 * SIZE * SIZE);
      for (let p = 0; p < SIZE * SIZE; p++) for (let c = 0; c < 3; c++) input[c * SIZE * SIZE + p] = (rgb[p * 3 + (2 - c)]! - spec.input.mean[c]!) / spec.input.std[c]!;
      const expected = new Float64Array(DIMENSION);
      for (let o = 0; o < DIMENSION; o++) for (let i = 0; i < input.length; i++) expected[o]! += input[i]! * weights[i * DIMENSION + o]!;
      const embedding = await embedder.embed(face);
      const reference = l2Normalise(expected);
      for (let o = 0; o < DIMENSION; o++) expect(embedding[o]).toBeCloseTo(reference[o]!, 5);
      expect(Math.hypot(...embedding)).toBeCloseTo(1, 6);
    } finally {
      await embedder.release();
    }
  });

  it('refuses a file whose SHA-256 differs from the spec', async () => {
    await expect(OnnxFaceEmbedder.load({ ...spec, sha256: '0'.repeat(64) })).rejects.toMatchObject({ code: 'FACE_MODEL_HASH_MISMATCH' });
  });

  it('refuses a spec naming tensors the model does not have, or that cannot be met', async () => {
    await expect(OnnxFaceEmbedder.load({ ...spec, output: { name: 'embedding', dimension: DIMENSION } })).rejects.toMatchObject({ code: 'FACE_MODEL_SPEC_INVALID' });
    await expect(OnnxFaceEmbedder.load({ ...spec, input: { ...spec.input, fit: 'pad-centre', width: 4, height: 3 } })).rejects.toMatchObject({ code: 'FACE_MODEL_SPEC_INVALID' });
    await expect(OnnxFaceEmbedder.load({ ...spec, path: join(dir, 'missing.onnx') })).rejects.toMatchObject({ code: 'FACE_MODEL_NOT_FOUND' });
  });

  it('describes the converted face-api net from the manifest', () => {
    const faceApi = faceApiEmbedderSpec(modelsDir, FACE_MODEL_MANIFEST);
    expect(faceApi).toMatchObject({ model: { id: 'face-api/face-recognition', version: '1.7.15+onnx.1' }, input: { name: 'image', width: 150, height: 150, layout: 'NHWC', fit: 'pad-centre' }, output: { name: 'descriptor', dimension: 128 } });
  });

  it('refuses a converted model file that differs from the manifest', async () => {
    const copy = join(dir, 'models');
    const entry = FACE_MODEL_MANIFEST.models.find((model) => model.id === 'face-api/face-landmark-68')!;
    mkdirSync(copy);
    const target = join(copy, entry.output.file);
    copyFileSync(join(modelsDir, entry.output.file), target);
    const bytes = readFileSync(target);
    bytes[bytes.length - 1] = bytes[bytes.length - 1]! ^ 0x01;
    writeFileSync(target, bytes);
    await expect(OnnxLandmark68Model.load(copy, FACE_MODEL_MANIFEST)).rejects.toMatchObject({ code: 'FACE_MODEL_HASH_MISMATCH' });
    await expect(loadFaceApiModels({ modelsDir: copy })).rejects.toMatchObject({ code: expect.stringMatching(/^FACE_MODEL_(HASH_MISMATCH|NOT_FOUND)$/) });
  });
});
