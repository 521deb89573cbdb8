import { faceApiEmbedderSpec } from '../embedder-spec';
import { FACE_MODEL_MANIFEST, type ModelManifest } from '../model-manifest';
import type { FaceDetector } from '../ports/face-detector';
import type { FaceEmbedder } from '../ports/face-embedder';
import type { LandmarkModel } from '../ports/landmark-model';
import { OnnxFaceEmbedder } from './onnx-face-embedder';
import { OnnxLandmark68Model } from './onnx-landmark-68-model';
import type { OnnxRuntimeOptions } from './onnx-model';
import { OnnxSsdFaceDetector } from './onnx-ssd-face-detector';
import { OnnxTinyFaceDetector } from './onnx-tiny-face-detector';

export interface FaceApiModels {
  readonly detector: FaceDetector;
  readonly landmarks: LandmarkModel;
  readonly embedder: FaceEmbedder;
  release(): Promise<void>;
}

export interface FaceApiModelsOptions extends OnnxRuntimeOptions {
  /** Directory holding the converted .onnx files (the workspace's `models/`). */
  readonly modelsDir: string;
  /** Defaults to the manifest committed with this library; every file must match its SHA-256. */
  readonly manifest?: ModelManifest;
  /**
   * `ssd-mobilenetv1` (default): the more accurate detector, ~40 ms a picture on one thread;
   * `tiny-face-detector`: a few ms, misses more small and turned faces.
   */
  readonly detector?: 'ssd-mobilenetv1' | 'tiny-face-detector';
  /** Input side of the tiny detector, a multiple of 32 (default 416). */
  readonly tinyInputSize?: number;
}

/** The converted face-api stack: a detector (SSD MobileNet v1 or the tiny one), 68-point landmarks, 128-d recognition. */
export async function loadFaceApiModels(options: FaceApiModelsOptions): Promise<FaceApiModels> {
  const manifest = options.manifest ?? FACE_MODEL_MANIFEST;
  const loaded = await Promise.allSettled([
    options.detector === 'tiny-face-detector'
      ? OnnxTinyFaceDetector.load(options.modelsDir, manifest, { ...options, inputSize: options.tinyInputSize })
      : OnnxSsdFaceDetector.load(options.modelsDir, manifest, options),
    OnnxLandmark68Model.load(options.modelsDir, manifest, options),
    OnnxFaceEmbedder.load(faceApiEmbedderSpec(options.modelsDir, manifest), options),
  ] as const);
  const [detector, landmarks, embedder] = loaded;
  if (detector.status === 'rejected' || landmarks.status === 'rejected' || embedder.status === 'rejected') {
    // Release what did load, then report the first failure.
    await Promise.all(loaded.map((result) => (result.status === 'fulfilled' ? result.value.release() : undefined)));
    throw loaded.find((result): result is PromiseRejectedResult => result.status === 'rejected')!.reason;
  }
  return {
    detector: detector.value,
    landmarks: landmarks.value,
    embedder: embedder.value,
    release: async () => {
      await Promise.all([detector.value.release(), landmarks.value.release(), embedder.value.release()]);
    },
  };
}
