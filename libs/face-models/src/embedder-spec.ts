import { join } from 'node:path';
import { FaceModelError } from './face-model-error';
import { manifestEntry, type ModelManifest } from './model-manifest';
import type { ModelIdentity } from './model-identity';

/**
 * The contract for an ONNX face embedder, the converted face-api net or one an operator drops
 * in (a licensed ArcFace-class model): which file, which tensors, and how a face crop becomes
 * the input tensor. The embedder L2-normalises the output.
 */
export interface OnnxEmbedderSpec {
  readonly model: ModelIdentity;
  /** Path of the .onnx file. */
  readonly path: string;
  /** Expected SHA-256 (hex) of the file: the model is refused when it differs. Leave out only for experiments. */
  readonly sha256?: string;
  readonly input: {
    readonly name: string;
    readonly width: number;
    readonly height: number;
    readonly layout: 'NHWC' | 'NCHW';
    readonly channelOrder: 'RGB' | 'BGR';
    /** Per channel, in `channelOrder`: value = (pixel − mean) / std, pixels 0–255. */
    readonly mean: readonly [number, number, number];
    readonly std: readonly [number, number, number];
    /**
     * How the crop given to `embed` becomes width × height (bilinear): `pad-centre` pads it to a
     * centred square first (square inputs only; face-api), `stretch` resizes as is (give it the
     * aligned crop at the right size, e.g. ArcFace's 112 × 112 five-point alignment).
     */
    readonly fit: 'pad-centre' | 'stretch';
  };
  readonly output: { readonly name: string; readonly dimension: number };
}

export const FACE_API_RECOGNITION_ID = 'face-api/face-recognition';

/** The converted face-api recognition net, from `modelsDir` as recorded in `manifest`. */
export function faceApiEmbedderSpec(modelsDir: string, manifest: ModelManifest): OnnxEmbedderSpec {
  const entry = manifestEntry(manifest, FACE_API_RECOGNITION_ID);
  const input = entry.tensors.inputs[0];
  const output = entry.tensors.outputs[0];
  const size = input?.shape[1];
  const dimension = output?.shape[1];
  if (!input || !output || typeof size !== 'number' || typeof dimension !== 'number') {
    throw new FaceModelError('FACE_MODEL_MANIFEST_INVALID', `${entry.id}: unexpected tensors in the manifest`);
  }
  return {
    model: { id: entry.id, version: entry.version },
    path: join(modelsDir, entry.output.file),
    sha256: entry.output.sha256,
    // Mean subtraction and scaling are inside the converted graph.
    input: { name: input.name, width: size, height: size, layout: 'NHWC', channelOrder: 'RGB', mean: [0, 0, 0], std: [1, 1, 1], fit: 'pad-centre' },
    output: { name: output.name, dimension },
  };
}

export function checkEmbedderSpec(spec: OnnxEmbedderSpec): void {
  const { input, output } = spec;
  const fail = (message: string): never => {
    throw new FaceModelError('FACE_MODEL_SPEC_INVALID', `${spec.model.id}: ${message}`, { id: spec.model.id });
  };
  if (!spec.model.id || !spec.model.version) fail('model id and version are required');
  if (!Number.isInteger(input.width) || !Number.isInteger(input.height) || input.width < 1 || input.height < 1) fail('input width and height must be positive integers');
  if (input.fit === 'pad-centre' && input.width !== input.height) fail('pad-centre needs a square input');
  if (input.std.some((value) => value === 0 || !Number.isFinite(value)) || input.mean.some((value) => !Number.isFinite(value))) fail('mean and std must be finite, std non-zero');
  if (!Number.isInteger(output.dimension) || output.dimension < 1) fail('output dimension must be a positive integer');
  if (spec.sha256 !== undefined && !/^[0-9a-fA-F]{64}$/.test(spec.sha256)) fail('sha256 must be 64 hex digits');
}
