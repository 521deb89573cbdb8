import { join } from 'node:path';
import { squareResize } from '../image/square-resize';
import type { RgbImage } from '../image/rgb-image';
import { manifestEntry, type ModelManifest } from '../model-manifest';
import type { LandmarkModel, Point } from '../ports/landmark-model';
import { landmarksToPixels } from '../postprocess/landmarks';
import { OnnxModel, type OnnxRuntimeOptions } from './onnx-model';

export const FACE_LANDMARK_68_ID = 'face-api/face-landmark-68';
const INPUT_SIZE = 112;
const POINTS = 68;

/** face-api's 68-point landmark net on onnxruntime: the crop padded to a centred square and resized to 112. */
export class OnnxLandmark68Model implements LandmarkModel {
  readonly layout = 'ibug-68' as const;

  private constructor(private readonly onnx: OnnxModel) {}

  static async load(modelsDir: string, manifest: ModelManifest, options?: OnnxRuntimeOptions): Promise<OnnxLandmark68Model> {
    const entry = manifestEntry(manifest, FACE_LANDMARK_68_ID);
    return new OnnxLandmark68Model(await OnnxModel.load(entry, join(modelsDir, entry.output.file), entry.output.sha256, options));
  }

  get model() {
    return this.onnx.model;
  }

  async locate(face: RgbImage): Promise<Point[]> {
    const { data, geometry } = squareResize(face, INPUT_SIZE, 'centre');
    const out = await this.onnx.run('image', data, [1, INPUT_SIZE, INPUT_SIZE, 3], { landmarks: POINTS * 2 });
    return landmarksToPixels(out['landmarks']!, geometry);
  }

  release(): Promise<void> {
    return this.onnx.release();
  }
}
