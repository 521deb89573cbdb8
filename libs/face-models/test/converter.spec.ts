import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { onnx } from 'onnx-proto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildFaceModels, compareManifests, convertFaceModels, defaultBuildOptions, MODEL_DEFINITIONS, readTfjsWeights, sha256, type ModelManifest } from '@citizen-zero/face-model-converter';
import { FACE_MODEL_MANIFEST } from '@citizen-zero/face-models';
import { decodeWithTfjs, faceApiRoot, loadFaceApiReference } from './support/face-api-reference';
import { modelsDir } from './support/models';

const workspaceRoot = resolve(import.meta.dirname, '../../..');
const defaults = defaultBuildOptions(workspaceRoot);
const committedManifest = JSON.parse(readFileSync(defaults.manifestPath, 'utf8')) as ModelManifest;

describe('face model converter', () => {
  let scratch: string;
  beforeAll(() => {
    scratch = mkdtempSync(join(tmpdir(), 'face-models-'));
  });
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));

  it('decodes the tfjs weights exactly as tf.io.decodeWeights does', async () => {
    const { tf } = await loadFaceApiReference();
    for (const definition of MODEL_DEFINITIONS) {
      const ours = readTfjsWeights(faceApiRoot, 'model', definition.sourceModel);
      const theirs = decodeWithTfjs(tf, definition.sourceModel);
      expect([...ours.names].sort()).toEqual(Object.keys(theirs).sort());
      for (const name of ours.names) {
        const weight = ours.get(name);
        expect(weight.shape, name).toEqual(theirs[name].shape);
        expect(weight.dtype, name).toBe(theirs[name].dtype);
        expect(Buffer.from(weight.values.buffer).equals(Buffer.from((theirs[name].dataSync() as Float32Array | Int32Array).buffer)), name).toBe(true);
      }
    }
  });

  it('is deterministic: two conversions give byte-identical models, identical to the ones in models/', () => {
    const first = convertFaceModels(faceApiRoot);
    const second = convertFaceModels(faceApiRoot);
    expect(first.models).toHaveLength(MODEL_DEFINITIONS.length);
    first.models.forEach((model, i) => {
      expect(Buffer.from(model.bytes).equals(Buffer.from(second.models[i]!.bytes))).toBe(true);
      // models/ was written by the global setup or an earlier `npm run build:face-models`, in another process.
      expect(Buffer.from(model.bytes).equals(readFileSync(join(modelsDir, model.entry.output.file)))).toBe(true);
    });
  });

  it('reproduces the committed manifest: every input and output SHA-256, tensors, licence', () => {
    const { manifest, models } = convertFaceModels(faceApiRoot);
    expect(compareManifests(committedManifest, manifest)).toEqual([]);
    for (const [i, entry] of committedManifest.models.entries()) {
      expect(entry.licence).toBe('MIT');
      expect(entry.source).toMatchObject({ package: '@vladmandic/face-api', version: '1.7.15' });
      expect(entry.output.sha256).toBe(sha256(models[i]!.bytes));
      for (const input of entry.inputs) expect(input.sha256).toBe(sha256(readFileSync(join(faceApiRoot, input.path))));
    }
    // The runtime's copy of the manifest is the same file.
    expect(FACE_MODEL_MANIFEST).toEqual(committedManifest);
  });

  it('writes ONNX IR 8 / opset 13 models that name their source, version and licence', () => {
    for (const entry of committedManifest.models) {
      const model = onnx.ModelProto.decode(readFileSync(join(modelsDir, entry.output.file)));
      expect(Number(model.irVersion)).toBe(8);
      expect(model.opsetImport.map((opset) => [opset.domain, Number(opset.version)])).toEqual([['', 13]]);
      const properties = Object.fromEntries(model.metadataProps.map(({ key, value }) => [key, value]));
      expect(properties).toMatchObject({ 'model.id': entry.id, 'model.version': entry.version, 'source.package': '@vladmandic/face-api', 'source.version': '1.7.15', licence: 'MIT' });
      const graph = model.graph as onnx.GraphProto;
      expect(graph.input.map((input) => input.name)).toEqual(entry.tensors.inputs.map((tensor) => tensor.name));
      expect(graph.output.map((output) => output.name)).toEqual(entry.tensors.outputs.map((tensor) => tensor.name));
    }
  });

  describe('hash check', () => {
    let tampered: string;
    beforeAll(() => {
      // A copy of the source package with one weight byte changed.
      tampered = join(scratch, 'face-api');
      cpSync(join(faceApiRoot, 'package.json'), join(tampered, 'package.json'));
      cpSync(join(faceApiRoot, 'model'), join(tampered, 'model'), { recursive: true });
      const bin = join(tampered, 'model', 'face_landmark_68_model.bin');
      const bytes = readFileSync(bin);
      bytes[1000] = bytes[1000]! ^ 0x01;
      writeFileSync(bin, bytes);
    });

    it('a changed weight file fails the check, naming the input and output hashes, and nothing is written', () => {
      const outDir = join(scratch, 'out-tampered');
      const result = buildFaceModels({ sourceRoot: tampered, outDir, manifestPath: defaults.manifestPath });
      const index = committedManifest.models.findIndex((model) => model.id === 'face-api/face-landmark-68');
      expect(result.differences).toEqual(
        expect.arrayContaining([expect.stringMatching(new RegExp(`^manifest\\.models\\[${index}\\]\\.inputs\\[1\\]\\.sha256: expected "`)), expect.stringMatching(new RegExp(`^manifest\\.models\\[${index}\\]\\.output\\.sha256: expected "`))]),
      );
      expect(result.written).toEqual([]);
      expect(existsSync(outDir)).toBe(false);
    });

    it('npm run build:face-models exits 1 on a mismatch, and --update-manifest rewrites the manifest instead', () => {
      const tsx = join(workspaceRoot, 'node_modules', '.bin', 'tsx');
      const main = join(workspaceRoot, 'tools', 'face-model-converter', 'src', 'main.ts');
      const outDir = join(scratch, 'out-cli');
      const manifestCopy = join(scratch, 'manifest.json');
      cpSync(defaults.manifestPath, manifestCopy);

      const failed = spawnSync(tsx, [main, '--source', tampered, '--out-dir', outDir, '--manifest', manifestCopy], { cwd: workspaceRoot, encoding: 'utf8' });
      expect(failed.status).toBe(1);
      expect(failed.stderr).toContain('does not match the committed model manifest');
      expect(existsSync(outDir)).toBe(false);

      const updated = spawnSync(tsx, [main, '--source', tampered, '--out-dir', outDir, '--manifest', manifestCopy, '--update-manifest'], { cwd: workspaceRoot, encoding: 'utf8' });
      expect(updated.status, updated.stderr).toBe(0);
      const rewritten = JSON.parse(readFileSync(manifestCopy, 'utf8')) as ModelManifest;
      expect(compareManifests(rewritten, convertFaceModels(tampered).manifest)).toEqual([]);
      expect(readdirSync(outDir).sort()).toEqual(committedManifest.models.map((model) => model.output.file).sort());
    });
  });

  it('refuses a source package that is not face-api', () => {
    const fake = join(scratch, 'not-face-api');
    cpSync(join(faceApiRoot, 'model'), join(fake, 'model'), { recursive: true });
    writeFileSync(join(fake, 'package.json'), JSON.stringify({ name: 'something-else', version: '1.0.0', license: 'MIT' }));
    expect(() => convertFaceModels(fake)).toThrow(expect.objectContaining({ code: 'SOURCE_PACKAGE_MISMATCH' }));
  });
});
