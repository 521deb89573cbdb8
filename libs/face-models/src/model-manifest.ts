import committed from '../model-manifest.json';
import { FaceModelError } from './face-model-error';
import type { ModelIdentity } from './model-identity';

/**
 * The committed record of the converted models (libs/face-models/model-manifest.json, written
 * by tools/face-model-converter): where each came from, the SHA-256 of every input and of the
 * ONNX file, and its tensors. The runtime loads a model only if its file has that hash.
 */

export type FaceModelKind = 'face-detector' | 'face-landmarks' | 'face-embedder' | 'presentation-attack';

export interface TensorDescription {
  readonly name: string;
  /** `batch` is symbolic; so are `size` (a multiple of 32) and `grid` (size / 32) for the tiny detector. */
  readonly shape: readonly (number | 'batch' | 'size' | 'grid')[];
  readonly dtype: 'float32';
  readonly description: string;
}

export interface ModelManifestEntry extends ModelIdentity {
  readonly kind: FaceModelKind;
  readonly description: string;
  readonly licence: string;
  /** `tarball`: where a vendored source (human-models) was taken from. */
  readonly source: { readonly package: string; readonly version: string; readonly repository: string; readonly model: string; readonly tarball?: string };
  readonly inputs: readonly { readonly path: string; readonly sha256: string; readonly bytes: number }[];
  readonly output: { readonly file: string; readonly sha256: string; readonly bytes: number };
  readonly tensors: { readonly inputs: readonly TensorDescription[]; readonly outputs: readonly TensorDescription[] };
}

export interface ModelManifest {
  readonly schema: 1;
  readonly converterRevision: number;
  readonly onnx: { readonly irVersion: number; readonly opset: number };
  readonly models: readonly ModelManifestEntry[];
}

const SHA256 = /^[0-9a-f]{64}$/;
const KINDS: readonly string[] = ['face-detector', 'face-landmarks', 'face-embedder', 'presentation-attack'];
const SYMBOLIC_DIMS: readonly string[] = ['batch', 'size', 'grid'];

function invalid(message: string): never {
  throw new FaceModelError('FACE_MODEL_MANIFEST_INVALID', message);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function checkTensor(value: unknown, where: string): void {
  if (!isRecord(value) || typeof value['name'] !== 'string' || !Array.isArray(value['shape']) || !value['shape'].every((dim) => SYMBOLIC_DIMS.includes(dim as string) || (Number.isInteger(dim) && (dim as number) > 0))) {
    invalid(`${where}: a tensor needs a name and a shape of positive integers or ${SYMBOLIC_DIMS.join(', ')}`);
  }
}

/** Checks the parts of a manifest the runtime relies on; throws FACE_MODEL_MANIFEST_INVALID otherwise. */
export function parseModelManifest(value: unknown): ModelManifest {
  if (!isRecord(value) || value['schema'] !== 1 || !Array.isArray(value['models'])) invalid('not a schema 1 model manifest');
  const ids = new Set<string>();
  value['models'].forEach((model: unknown, i: number) => {
    const where = `models[${i}]`;
    if (!isRecord(model) || typeof model['id'] !== 'string' || typeof model['version'] !== 'string') invalid(`${where}: id and version are required`);
    if (ids.has(model['id'])) invalid(`${where}: duplicate id ${model['id']}`);
    ids.add(model['id']);
    if (typeof model['kind'] !== 'string' || !KINDS.includes(model['kind'])) invalid(`${where}: unknown kind`);
    const output = model['output'];
    if (!isRecord(output) || typeof output['file'] !== 'string' || /[\\/]/.test(output['file']) || typeof output['sha256'] !== 'string' || !SHA256.test(output['sha256'])) {
      invalid(`${where}: output needs a plain file name and a SHA-256`);
    }
    const tensors = model['tensors'];
    if (!isRecord(tensors) || !Array.isArray(tensors['inputs']) || !Array.isArray(tensors['outputs'])) invalid(`${where}: tensors are required`);
    tensors['inputs'].forEach((tensor: unknown, j: number) => checkTensor(tensor, `${where}.tensors.inputs[${j}]`));
    tensors['outputs'].forEach((tensor: unknown, j: number) => checkTensor(tensor, `${where}.tensors.outputs[${j}]`));
  });
  return value as unknown as ModelManifest;
}

/** The manifest committed with this library: the models `npm run build:face-models` produces. */
export const FACE_MODEL_MANIFEST: ModelManifest = parseModelManifest(committed);

export function manifestEntry(manifest: ModelManifest, id: string): ModelManifestEntry {
  const entry = manifest.models.find((model) => model.id === id);
  if (!entry) throw new FaceModelError('FACE_MODEL_UNKNOWN', `model ${id} is not in the model manifest`, { id });
  return entry;
}
