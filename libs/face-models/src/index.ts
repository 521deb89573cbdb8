/**
 * Face model ports and the framework-free pieces around them. The onnxruntime-node
 * implementations are in `@citizen-zero/face-models/onnx`, image decoding (sharp) in
 * `@citizen-zero/face-models/sharp`; nothing here loads either.
 */
export type { FaceDetection, DetectOptions, FaceDetector } from './ports/face-detector';
export type { LandmarkModel, LandmarkLayout, Point } from './ports/landmark-model';
export type { FaceEmbedder } from './ports/face-embedder';
export type { FaceInCapture, PresentationAttackDetector, PresentationAttackAssessment } from './ports/presentation-attack-detector';
export type { PadModel } from './ports/pad-model';
export { formatModel, sameModel, type ModelIdentity } from './model-identity';
export { FaceModelError, FACE_MODEL_ERROR_CODES, type FaceModelErrorCode } from './face-model-error';
export { assertRgbImage, crop, PAD_CROP_SCALE, pixelRect, squareRect, type Box, type PixelRect, type RgbImage } from './image/rgb-image';
export { squareGeometry, squareResize, stretchResize, type SquareGeometry, type SquarePlacement } from './image/square-resize';
export { SSD_DEFAULTS, ssdDetections, ssdNonMaxSuppression, type SsdDecodeOptions } from './postprocess/ssd-detections';
export { TINY_DEFAULTS, TINY_FACE_ANCHORS, tinyYoloDetections, type TinyYoloDecodeOptions } from './postprocess/tiny-yolo-detections';
export { landmarksToPixels } from './postprocess/landmarks';
export { cosineSimilarity, l2Normalise } from './postprocess/l2-normalise';
export { FACE_MODEL_MANIFEST, manifestEntry, parseModelManifest, type FaceModelKind, type ModelManifest, type ModelManifestEntry, type TensorDescription } from './model-manifest';
export { checkEmbedderSpec, faceApiEmbedderSpec, FACE_API_RECOGNITION_ID, type OnnxEmbedderSpec } from './embedder-spec';
