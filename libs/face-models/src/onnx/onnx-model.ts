import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import * as ort from 'onnxruntime-node';
import { FaceModelError } from '../face-model-error';
import type { ModelIdentity } from '../model-identity';

/** How an ONNX model runs. */
export interface OnnxRuntimeOptions {
  /** Threads inside one operator (onnxruntime intra-op threads); default 1, so services scale by process. */
  readonly threads?: number;
}

/**
 * A loaded ONNX model: the file read once, its SHA-256 checked (when an expected hash is
 * given) before onnxruntime sees the bytes, one session.
 */
export class OnnxModel {
  private constructor(
    readonly model: ModelIdentity,
    private readonly session: ort.InferenceSession,
  ) {}

  static async load(model: ModelIdentity, path: string, expectedSha256: string | undefined, options: OnnxRuntimeOptions = {}): Promise<OnnxModel> {
    let bytes: Buffer;
    try {
      bytes = await readFile(path);
    } catch (cause) {
      throw new FaceModelError('FACE_MODEL_NOT_FOUND', `cannot read ${path}; run \`npm run build:face-models\` for the converted models`, { id: model.id }, { cause });
    }
    if (expectedSha256 !== undefined) {
      const actual = createHash('sha256').update(bytes).digest('hex');
      if (actual !== expectedSha256.toLowerCase()) {
        throw new FaceModelError('FACE_MODEL_HASH_MISMATCH', `${path} is not the expected ${model.id} ${model.version}`, { id: model.id, expected: expectedSha256, actual });
      }
    }
    const session = await ort.InferenceSession.create(bytes, {
      intraOpNumThreads: options.threads ?? 1,
      interOpNumThreads: 1,
      executionMode: 'sequential',
      graphOptimizationLevel: 'all',
    });
    return new OnnxModel(model, session);
  }

  get inputNames(): readonly string[] {
    return this.session.inputNames;
  }

  get outputNames(): readonly string[] {
    return this.session.outputNames;
  }

  /** Runs one float32 input, returns the named float32 outputs, checking their sizes. */
  async run(inputName: string, data: Float32Array, dims: readonly number[], outputs: Readonly<Record<string, number>>): Promise<Record<string, Float32Array>> {
    const result = await this.session.run({ [inputName]: new ort.Tensor('float32', data, dims) });
    const out: Record<string, Float32Array> = {};
    for (const [name, size] of Object.entries(outputs)) {
      const tensor = result[name];
      if (!tensor || tensor.type !== 'float32' || tensor.data.length !== size) {
        throw new FaceModelError('FACE_MODEL_OUTPUT_INVALID', `${this.model.id}: output ${name} is not ${size} float32 values`, { id: this.model.id, output: name });
      }
      out[name] = tensor.data as Float32Array;
    }
    return out;
  }

  async release(): Promise<void> {
    await this.session.release();
  }
}
