import { buildFaceLandmark68, LANDMARK_INPUT_SIZE, LANDMARK_POINTS } from './nets/face-landmark-68';
import { buildFaceRecognition, DESCRIPTOR_SIZE, RECOGNITION_INPUT_SIZE } from './nets/face-recognition';
import { buildSsdMobilenetV1, SSD_ANCHORS, SSD_INPUT_SIZE } from './nets/ssd-mobilenetv1';
import { buildTinyFaceDetector, TINY_ANCHORS, TINY_BOX_ENCODING } from './nets/tiny-face-detector';
import type { OnnxGraph } from './onnx-graph';
import type { TfjsWeights } from './tfjs-weights';

/**
 * What the converter converts. Bump CONVERTER_REVISION whenever a graph changes (ops, names,
 * folding): it is part of every model's version, so templates made with an older graph can be
 * told apart even when the source weights are the same.
 */
export const CONVERTER_REVISION = 1;

/** The source package, pinned: the converter refuses any other version (see the manifest). */
export const SOURCE_PACKAGE = '@vladmandic/face-api';
export const SOURCE_LICENCE = 'MIT';
export const SOURCE_REPOSITORY = 'https://github.com/vladmandic/face-api';
/** Where the tfjs weights sit inside the source package. */
export const SOURCE_MODEL_DIR = 'model';

export type ModelKind = 'face-detector' | 'face-landmarks' | 'face-embedder';

export interface TensorDescription {
  readonly name: string;
  /** `batch` is the symbolic batch dimension; `size` (a multiple of 32) and `grid` (size / 32) are symbolic too. */
  readonly shape: readonly (number | 'batch' | 'size' | 'grid')[];
  readonly dtype: 'float32';
  readonly description: string;
}

export interface ModelDefinition {
  /** Stable identifier recorded with every template the model produces. */
  readonly id: string;
  readonly kind: ModelKind;
  /** The tfjs model name inside the source package (`<name>-weights_manifest.json`). */
  readonly sourceModel: string;
  /** File name written to the models directory. */
  readonly file: string;
  readonly description: string;
  readonly inputs: readonly TensorDescription[];
  readonly outputs: readonly TensorDescription[];
  readonly build: (weights: TfjsWeights) => OnnxGraph;
}

export const MODEL_DEFINITIONS: readonly ModelDefinition[] = [
  {
    id: 'face-api/ssd-mobilenetv1',
    kind: 'face-detector',
    sourceModel: 'ssd_mobilenetv1_model',
    file: 'face-api.ssd-mobilenetv1.onnx',
    description: 'SSD MobileNet v1 face detector; box decoding in the graph, non-maximum suppression outside',
    inputs: [{ name: 'image', shape: ['batch', SSD_INPUT_SIZE, SSD_INPUT_SIZE, 3], dtype: 'float32', description: 'RGB 0-255, NHWC; image padded bottom/right to a square, bilinear resize (tfjs, half_pixel_centers false)' }],
    outputs: [
      { name: 'boxes', shape: ['batch', SSD_ANCHORS, 4], dtype: 'float32', description: 'ymin, xmin, ymax, xmax relative to the padded square' },
      { name: 'scores', shape: ['batch', SSD_ANCHORS], dtype: 'float32', description: 'face probability per anchor' },
    ],
    build: buildSsdMobilenetV1,
  },
  {
    id: 'face-api/tiny-face-detector',
    kind: 'face-detector',
    sourceModel: 'tiny_face_detector_model',
    file: 'face-api.tiny-face-detector.onnx',
    description: 'Tiny face detector (YOLO v2 style, depthwise-separable); grid decoding and non-maximum suppression outside',
    inputs: [{ name: 'image', shape: ['batch', 'size', 'size', 3], dtype: 'float32', description: 'RGB 0-255, NHWC, size a multiple of 32 (416 by default); image padded bottom/right to a square, bilinear resize' }],
    outputs: [{ name: 'grid', shape: ['batch', 'grid', 'grid', TINY_ANCHORS * TINY_BOX_ENCODING], dtype: 'float32', description: 'per cell and anchor: x, y, w, h, score logits (grid = size / 32)' }],
    build: buildTinyFaceDetector,
  },
  {
    id: 'face-api/face-landmark-68',
    kind: 'face-landmarks',
    sourceModel: 'face_landmark_68_model',
    file: 'face-api.face-landmark-68.onnx',
    description: '68-point facial landmarks (iBUG 300-W layout)',
    inputs: [{ name: 'image', shape: ['batch', LANDMARK_INPUT_SIZE, LANDMARK_INPUT_SIZE, 3], dtype: 'float32', description: 'RGB 0-255, NHWC; face crop padded to a centred square, bilinear resize' }],
    outputs: [{ name: 'landmarks', shape: ['batch', LANDMARK_POINTS * 2], dtype: 'float32', description: 'x0, y0, x1, y1, ... relative to the padded square' }],
    build: buildFaceLandmark68,
  },
  {
    id: 'face-api/face-recognition',
    kind: 'face-embedder',
    sourceModel: 'face_recognition_model',
    file: 'face-api.face-recognition.onnx',
    description: '128-d face descriptor (ResNet-34-like, after dlib)',
    inputs: [{ name: 'image', shape: ['batch', RECOGNITION_INPUT_SIZE, RECOGNITION_INPUT_SIZE, 3], dtype: 'float32', description: 'RGB 0-255, NHWC; face crop padded to a centred square, bilinear resize' }],
    outputs: [{ name: 'descriptor', shape: ['batch', DESCRIPTOR_SIZE], dtype: 'float32', description: 'face descriptor, not normalised' }],
    build: buildFaceRecognition,
  },
];

export function modelVersion(sourceVersion: string): string {
  return `${sourceVersion}+onnx.${CONVERTER_REVISION}`;
}
