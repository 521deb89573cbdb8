export { buildFaceModels, compareManifests, convertFaceModels, serialiseManifest, staleModelFiles, type BuildOptions, type BuildResult, type ConvertedModel, type ModelManifest, type ModelManifestEntry } from './convert';
export { CONVERTER_REVISION, MODEL_DEFINITIONS, SOURCE_PACKAGE, type ModelDefinition, type ModelKind, type TensorDescription } from './catalogue';
export { ConversionError, CONVERSION_ERROR_CODES, type ConversionErrorCode } from './conversion-error';
export { readTfjsWeights, sha256, type HashedInput, type TfjsWeights, type Weight } from './tfjs-weights';
export { defaultBuildOptions } from './paths';
export { OnnxGraph, IR_VERSION, OPSET, type ModelMetadata } from './onnx-graph';
