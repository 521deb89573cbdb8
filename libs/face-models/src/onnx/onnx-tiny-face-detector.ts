import { join } from 'node:path';
import { FaceModelError } from '../face-model-error';
import { squareResize, type SquareGeometry } from '../image/square-resize';
import type { RgbImage } from '../image/rgb-image';
import { manifestEntry, type ModelManifest } from '../model-manifest';
import type { DetectOptions, FaceDetection, FaceDetector } from '../ports/face-detector';
import { TINY_DEFAULTS, TINY_FACE_ANCHORS, tinyYoloDetections } from '../postprocess/tiny-yolo-detections';
import { OnnxModel, type OnnxRuntimeOptions } from './onnx-model';

export const TINY_FACE_DETECTOR_ID = 'face-api/tiny-face-detector';

export interface TinyFaceDetectorOptions extends OnnxRuntimeOptions {
  /** Network input side, a multiple of 32: larger finds smaller faces, slower (face-api's default 416). */
  readonly inputSize?: number;
}

/**
 * face-api's tiny face detector on onnxruntime: the picture padded bottom/right to a square and
 * resized to `inputSize` in TypeScript (tfjs arithmetic), the grid decoded and suppressed in
 * TypeScript (face-api's algorithm, IoU 0.4). Much cheaper than the SSD, less accurate on small
 * or turned faces.
 */
export class OnnxTinyFaceDetector implements FaceDetector {
  private constructor(
    private readonly onnx: OnnxModel,
    readonly inputSize: number,
  ) {}

  static async load(modelsDir: string, manifest: ModelManifest, options: TinyFaceDetectorOptions = {}): Promise<OnnxTinyFaceDetector> {
    const inputSize = options.inputSize ?? 416;
    if (!Number.isInteger(inputSize) || inputSize < 32 || inputSize % 32 !== 0) {
      throw new FaceModelError('FACE_MODEL_SPEC_INVALID', `tiny face detector input size must be a positive multiple of 32, not ${inputSize}`, { inputSize });
    }
    const entry = manifestEntry(manifest, TINY_FACE_DETECTOR_ID);
    return new OnnxTinyFaceDetector(await OnnxModel.load(entry, join(modelsDir, entry.output.file), entry.output.sha256, options), inputSize);
  }

  get model() {
    return this.onnx.model;
  }

  /** The raw grid for one picture (for parity tests and diagnostics). */
  async infer(image: RgbImage): Promise<{ grid: Float32Array; cells: number; input: Float32Array; geometry: SquareGeometry }> {
    const size = this.inputSize;
    const cells = size / 32;
    const { data, geometry } = squareResize(image, size, 'top-left');
    const out = await this.onnx.run('image', data, [1, size, size, 3], { grid: cells * cells * TINY_FACE_ANCHORS.length * 5 });
    return { grid: out['grid']!, cells, input: data, geometry };
  }

  async detect(image: RgbImage, options: DetectOptions = {}): Promise<FaceDetection[]> {
    const { grid, cells, geometry } = await this.infer(image);
    return tinyYoloDetections(grid, cells, image, geometry, {
      minScore: options.minScore ?? TINY_DEFAULTS.minScore,
      maxResults: options.maxResults ?? TINY_DEFAULTS.maxResults,
      iouThreshold: TINY_DEFAULTS.iouThreshold,
    });
  }

  release(): Promise<void> {
    return this.onnx.release();
  }
}
