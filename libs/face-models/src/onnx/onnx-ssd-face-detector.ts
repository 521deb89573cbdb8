import { join } from 'node:path';
import { squareResize } from '../image/square-resize';
import type { RgbImage } from '../image/rgb-image';
import { manifestEntry, type ModelManifest } from '../model-manifest';
import type { DetectOptions, FaceDetection, FaceDetector } from '../ports/face-detector';
import { SSD_DEFAULTS, ssdDetections } from '../postprocess/ssd-detections';
import { OnnxModel, type OnnxRuntimeOptions } from './onnx-model';

export const SSD_MOBILENETV1_ID = 'face-api/ssd-mobilenetv1';
const INPUT_SIZE = 512;
const ANCHORS = 5118;

/**
 * face-api's SSD MobileNet v1 on onnxruntime: the picture padded bottom/right to a square and
 * resized to 512 in TypeScript (tfjs arithmetic), boxes decoded in the graph, non-maximum
 * suppression in TypeScript (face-api's algorithm, IoU 0.5).
 */
export class OnnxSsdFaceDetector implements FaceDetector {
  private constructor(private readonly onnx: OnnxModel) {}

  static async load(modelsDir: string, manifest: ModelManifest, options?: OnnxRuntimeOptions): Promise<OnnxSsdFaceDetector> {
    const entry = manifestEntry(manifest, SSD_MOBILENETV1_ID);
    return new OnnxSsdFaceDetector(await OnnxModel.load(entry, join(modelsDir, entry.output.file), entry.output.sha256, options));
  }

  get model() {
    return this.onnx.model;
  }

  /** The raw outputs for one picture (for parity tests and diagnostics). */
  async infer(image: RgbImage): Promise<{ boxes: Float32Array; scores: Float32Array; input: Float32Array; geometry: ReturnType<typeof squareResize>['geometry'] }> {
    const { data, geometry } = squareResize(image, INPUT_SIZE, 'top-left');
    const out = await this.onnx.run('image', data, [1, INPUT_SIZE, INPUT_SIZE, 3], { boxes: ANCHORS * 4, scores: ANCHORS });
    return { boxes: out['boxes']!, scores: out['scores']!, input: data, geometry };
  }

  async detect(image: RgbImage, options: DetectOptions = {}): Promise<FaceDetection[]> {
    const { boxes, scores, geometry } = await this.infer(image);
    return ssdDetections(boxes, scores, image, geometry, {
      minScore: options.minScore ?? SSD_DEFAULTS.minScore,
      maxResults: options.maxResults ?? SSD_DEFAULTS.maxResults,
      iouThreshold: SSD_DEFAULTS.iouThreshold,
    });
  }

  release(): Promise<void> {
    return this.onnx.release();
  }
}
