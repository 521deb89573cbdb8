/** onnxruntime-node implementations of the face model ports. Import from `@citizen-zero/face-models/onnx`. */
export { loadFaceApiModels, type FaceApiModels, type FaceApiModelsOptions } from './face-api-models';
export { OnnxFaceEmbedder } from './onnx-face-embedder';
export { OnnxLandmark68Model, FACE_LANDMARK_68_ID } from './onnx-landmark-68-model';
export { OnnxModel, type OnnxRuntimeOptions } from './onnx-model';
export { HUMAN_ANTISPOOF_ID, HUMAN_LIVENESS_ID, LIVENESS_LIVE_INDEX, loadPadModels, OnnxAntispoofModel, OnnxLivenessModel, type PadInference, type PadModels, type PadModelsOptions } from './onnx-pad-models';
export { OnnxSsdFaceDetector, SSD_MOBILENETV1_ID } from './onnx-ssd-face-detector';
export { OnnxTinyFaceDetector, TINY_FACE_DETECTOR_ID, type TinyFaceDetectorOptions } from './onnx-tiny-face-detector';
