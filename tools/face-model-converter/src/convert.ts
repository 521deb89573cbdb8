import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  CONVERTER_REVISION,
  HUMAN_MODELS_DIR,
  HUMAN_MODELS_LICENCE,
  HUMAN_MODELS_PACKAGE,
  HUMAN_MODELS_REPOSITORY,
  HUMAN_MODELS_TARBALL,
  HUMAN_MODELS_VERSION,
  MODEL_DEFINITIONS,
  modelVersion,
  SOURCE_LICENCE,
  SOURCE_MODEL_DIR,
  SOURCE_PACKAGE,
  SOURCE_REPOSITORY,
  type ModelDefinition,
  type ModelKind,
  type TensorDescription,
} from './catalogue';
import { ConversionError } from './conversion-error';
import { IR_VERSION, OPSET, type OnnxGraph } from './onnx-graph';
import { readTfjsGraphModel } from './tfjs-graph';
import { readTfjsWeights, sha256, type HashedInput } from './tfjs-weights';

/** The committed record of what was converted from what (libs/face-models/model-manifest.json). */
export interface ModelManifest {
  readonly schema: 1;
  readonly note: string;
  readonly converterRevision: number;
  readonly onnx: { readonly irVersion: number; readonly opset: number };
  readonly models: readonly ModelManifestEntry[];
}

export interface ModelManifestEntry {
  readonly id: string;
  readonly version: string;
  readonly kind: ModelKind;
  readonly description: string;
  readonly licence: string;
  /** `tarball`: where a vendored source was taken from. */
  readonly source: { readonly package: string; readonly version: string; readonly repository: string; readonly model: string; readonly tarball?: string };
  readonly inputs: readonly HashedInput[];
  readonly output: { readonly file: string; readonly sha256: string; readonly bytes: number };
  readonly tensors: { readonly inputs: readonly TensorDescription[]; readonly outputs: readonly TensorDescription[] };
}

export interface ConvertedModel {
  readonly entry: ModelManifestEntry;
  readonly bytes: Uint8Array;
}

const MANIFEST_NOTE = 'Written by `npm run build:face-models -- --update-manifest` (tools/face-model-converter). Do not edit by hand.';

/** Where the converter reads its sources. */
export interface ModelSources {
  /** Root of the installed face-api package (node_modules/@vladmandic/face-api). */
  readonly faceApiRoot: string;
  /** The vendored human-models files (tools/face-model-converter/vendor/human-models-<version>). */
  readonly humanModelsRoot: string;
}

interface SourceRecord {
  readonly package: string;
  readonly version: string;
  readonly licence: string;
  readonly repository: string;
  /** Where the tfjs files sit inside the package, for the ONNX doc string. */
  readonly modelDir: string;
  readonly tarball?: string;
}

/** face-api's package.json: the right package, under the expected licence; its version is the source version. */
function faceApiSource(root: string): SourceRecord {
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { name?: unknown; version?: unknown; license?: unknown };
  if (pkg.name !== SOURCE_PACKAGE || typeof pkg.version !== 'string') {
    throw new ConversionError('SOURCE_PACKAGE_MISMATCH', `${root} is not ${SOURCE_PACKAGE}`, { found: String(pkg.name) });
  }
  if (pkg.license !== SOURCE_LICENCE) throw new ConversionError('SOURCE_PACKAGE_MISMATCH', `${SOURCE_PACKAGE} ${pkg.version} is licensed ${String(pkg.license)}, not ${SOURCE_LICENCE}`);
  return { package: SOURCE_PACKAGE, version: pkg.version, licence: SOURCE_LICENCE, repository: SOURCE_REPOSITORY, modelDir: SOURCE_MODEL_DIR };
}

/** The vendored human-models files come with the package's LICENSE, which must be its MIT licence. */
function humanModelsSource(root: string): SourceRecord {
  const licencePath = join(root, 'LICENSE');
  const licence = existsSync(licencePath) ? readFileSync(licencePath, 'utf8') : '';
  if (!licence.startsWith('MIT License') || !licence.includes('Copyright (c) 2021 Vladimir Mandic')) {
    throw new ConversionError('SOURCE_PACKAGE_MISMATCH', `${root} does not hold the MIT LICENSE of ${HUMAN_MODELS_PACKAGE}`, { root });
  }
  return { package: HUMAN_MODELS_PACKAGE, version: HUMAN_MODELS_VERSION, licence: HUMAN_MODELS_LICENCE, repository: HUMAN_MODELS_REPOSITORY, modelDir: HUMAN_MODELS_DIR, tarball: HUMAN_MODELS_TARBALL };
}

/** Converts every catalogued model from its source, in memory. */
export function convertFaceModels(sources: ModelSources): { manifest: ModelManifest; models: ConvertedModel[] } {
  const faceApi = faceApiSource(sources.faceApiRoot);
  const humanModels = humanModelsSource(sources.humanModelsRoot);

  const read = (definition: ModelDefinition): { source: SourceRecord; inputs: readonly HashedInput[]; graph: OnnxGraph } => {
    if (definition.source === 'face-api') {
      const weights = readTfjsWeights(sources.faceApiRoot, SOURCE_MODEL_DIR, definition.sourceModel);
      return { source: faceApi, inputs: weights.inputs, graph: definition.build(weights) };
    }
    const model = readTfjsGraphModel(sources.humanModelsRoot, definition.sourceModel);
    return { source: humanModels, inputs: model.inputs, graph: definition.build(model) };
  };

  const models = MODEL_DEFINITIONS.map((definition): ConvertedModel => {
    const { source, inputs, graph } = read(definition);
    const id = definition.id;
    const version = modelVersion(source.version);
    const bytes = graph.encode({
      graphName: id,
      docString: `${definition.description}. Converted from ${source.package} ${source.version} (${source.licence}) ${source.modelDir}/${definition.sourceModel}.`,
      producerVersion: String(CONVERTER_REVISION),
      modelVersion: CONVERTER_REVISION,
      properties: { 'model.id': id, 'model.version': version, 'source.package': source.package, 'source.version': source.version, 'source.model': definition.sourceModel, licence: source.licence },
    });
    return {
      bytes,
      entry: {
        id,
        version,
        kind: definition.kind,
        description: definition.description,
        licence: source.licence,
        source: { package: source.package, version: source.version, repository: source.repository, model: definition.sourceModel, ...(source.tarball ? { tarball: source.tarball } : {}) },
        inputs,
        output: { file: definition.file, sha256: sha256(bytes), bytes: bytes.length },
        tensors: { inputs: definition.inputs, outputs: definition.outputs },
      },
    };
  });

  return {
    models,
    manifest: { schema: 1, note: MANIFEST_NOTE, converterRevision: CONVERTER_REVISION, onnx: { irVersion: IR_VERSION, opset: OPSET }, models: models.map((model) => model.entry) },
  };
}

/** Every place where `actual` differs from `expected`, as `path: expected …, got …` lines. */
export function compareManifests(expected: unknown, actual: unknown, path = 'manifest'): string[] {
  if (Array.isArray(expected) && Array.isArray(actual)) {
    const lines = expected.flatMap((item, i) => (i < actual.length ? compareManifests(item, actual[i], `${path}[${i}]`) : [`${path}[${i}]: expected ${JSON.stringify(item)}, missing`]));
    for (let i = expected.length; i < actual.length; i++) lines.push(`${path}[${i}]: not expected, got ${JSON.stringify(actual[i])}`);
    return lines;
  }
  if (typeof expected === 'object' && expected !== null && typeof actual === 'object' && actual !== null && !Array.isArray(expected) && !Array.isArray(actual)) {
    const keys = [...new Set([...Object.keys(expected), ...Object.keys(actual)])];
    return keys.flatMap((key) => {
      const e = (expected as Record<string, unknown>)[key];
      const a = (actual as Record<string, unknown>)[key];
      if (e === undefined) return [`${path}.${key}: not expected, got ${JSON.stringify(a)}`];
      if (a === undefined) return [`${path}.${key}: expected ${JSON.stringify(e)}, missing`];
      return compareManifests(e, a, `${path}.${key}`);
    });
  }
  return JSON.stringify(expected) === JSON.stringify(actual) ? [] : [`${path}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`];
}

export function serialiseManifest(manifest: ModelManifest): string {
  return `${JSON.stringify(manifest, null, 2)}\n`;
}

export interface BuildOptions extends ModelSources {
  /** Where the .onnx files go. */
  readonly outDir: string;
  /** The committed manifest. */
  readonly manifestPath: string;
  /** Rewrite the manifest instead of checking against it. */
  readonly updateManifest?: boolean;
}

export interface BuildResult {
  readonly manifest: ModelManifest;
  /** Differences from the committed manifest; when not empty (and not updating), nothing was written. */
  readonly differences: readonly string[];
  readonly written: readonly string[];
}

/**
 * Converts, compares with the committed manifest, and writes the models only when every input
 * and output hash matches it (or when asked to update the manifest). Files are written to a
 * temporary name and renamed, so a reader never sees half a model.
 */
export function buildFaceModels(options: BuildOptions): BuildResult {
  const { manifest, models } = convertFaceModels(options);
  let differences: string[] = [];
  if (!options.updateManifest) {
    if (!existsSync(options.manifestPath)) differences = [`${options.manifestPath} does not exist`];
    else differences = compareManifests(JSON.parse(readFileSync(options.manifestPath, 'utf8')), manifest);
    if (differences.length > 0) return { manifest, differences, written: [] };
  }
  mkdirSync(options.outDir, { recursive: true });
  const written = models.map(({ entry, bytes }) => {
    const path = join(options.outDir, entry.output.file);
    writeFileSync(`${path}.tmp`, bytes);
    renameSync(`${path}.tmp`, path);
    return path;
  });
  if (options.updateManifest) writeFileSync(options.manifestPath, serialiseManifest(manifest));
  return { manifest, differences, written };
}

/** Model files in `outDir` that are missing or whose SHA-256 differs from the manifest. */
export function staleModelFiles(outDir: string, manifest: ModelManifest): string[] {
  return manifest.models
    .map((model) => join(outDir, model.output.file))
    .filter((path, i) => !existsSync(path) || sha256(readFileSync(path)) !== manifest.models[i]!.output.sha256);
}
