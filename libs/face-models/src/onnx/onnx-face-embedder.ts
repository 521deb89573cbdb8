import { checkEmbedderSpec, type OnnxEmbedderSpec } from '../embedder-spec';
import { FaceModelError } from '../face-model-error';
import { squareResize, stretchResize } from '../image/square-resize';
import type { RgbImage } from '../image/rgb-image';
import type { FaceEmbedder } from '../ports/face-embedder';
import { l2Normalise } from '../postprocess/l2-normalise';
import { OnnxModel, type OnnxRuntimeOptions } from './onnx-model';

/** A face embedder on onnxruntime described by an OnnxEmbedderSpec (face-api's net or a drop-in ArcFace-class model). */
export class OnnxFaceEmbedder implements FaceEmbedder {
  private constructor(
    private readonly onnx: OnnxModel,
    private readonly spec: OnnxEmbedderSpec,
  ) {}

  static async load(spec: OnnxEmbedderSpec, options?: OnnxRuntimeOptions): Promise<OnnxFaceEmbedder> {
    checkEmbedderSpec(spec);
    const onnx = await OnnxModel.load(spec.model, spec.path, spec.sha256, options);
    if (!onnx.inputNames.includes(spec.input.name) || !onnx.outputNames.includes(spec.output.name)) {
      await onnx.release();
      throw new FaceModelError('FACE_MODEL_SPEC_INVALID', `${spec.model.id}: the model has inputs [${onnx.inputNames.join(', ')}] and outputs [${onnx.outputNames.join(', ')}], not ${spec.input.name} → ${spec.output.name}`, { id: spec.model.id });
    }
    return new OnnxFaceEmbedder(onnx, spec);
  }

  get model() {
    return this.spec.model;
  }

  get dimension(): number {
    return this.spec.output.dimension;
  }

  /** The model's output before normalisation (for parity tests and diagnostics). */
  async raw(face: RgbImage): Promise<Float32Array> {
    const { input, output } = this.spec;
    const rgb = input.fit === 'pad-centre' ? squareResize(face, input.width, 'centre').data : stretchResize(face, input.width, input.height);
    const dims = input.layout === 'NHWC' ? [1, input.height, input.width, 3] : [1, 3, input.height, input.width];
    const out = await this.onnx.run(input.name, this.toTensor(rgb), dims, { [output.name]: output.dimension });
    return out[output.name]!;
  }

  async embed(face: RgbImage): Promise<Float32Array> {
    return l2Normalise(await this.raw(face));
  }

  /** NHWC RGB 0–255 to the model's layout, channel order and normalisation. */
  private toTensor(rgb: Float32Array): Float32Array {
    const { layout, channelOrder, mean, std } = this.spec.input;
    const identity = layout === 'NHWC' && channelOrder === 'RGB' && mean.every((m) => m === 0) && std.every((s) => s === 1);
    if (identity) return rgb;
    const pixels = rgb.length / 3;
    const out = new Float32Array(rgb.length);
    for (let p = 0; p < pixels; p++) {
      for (let c = 0; c < 3; c++) {
        const value = (rgb[p * 3 + (channelOrder === 'RGB' ? c : 2 - c)]! - mean[c]!) / std[c]!;
        out[layout === 'NHWC' ? p * 3 + c : c * pixels + p] = value;
      }
    }
    return out;
  }

  release(): Promise<void> {
    return this.onnx.release();
  }
}
