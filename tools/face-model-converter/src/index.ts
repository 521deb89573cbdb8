export { buildFaceModels, compareManifests, convertFaceModels, serialiseManifest, staleModelFiles, type BuildOptions, type BuildResult, type ConvertedModel, type ModelManifest, type ModelManifestEntry, type ModelSources } from './convert';
export {
  CONVERTER_REVISION,
  HUMAN_MODELS_PACKAGE,
  HUMAN_MODELS_VERSION,
  MODEL_DEFINITIONS,
  SOURCE_PACKAGE,
  type FaceApiModelDefinition,
  type HumanModelDefinition,
  type ModelDefinition,
  type ModelKind,
  type TensorDescription,
} from './catalogue';
export { ConversionError, CONVERSION_ERROR_CODES, type ConversionErrorCode } from './conversion-error';
export { readTfjsWeights, sha256, type HashedInput, type TfjsWeights, type Weight } from './tfjs-weights';
export { readTfjsGraphModel, type AttrValue, type GraphNode, type SignatureTensor, type TfjsGraphModel } from './tfjs-graph';
export { translateGraphModel, type GraphTranslation } from './graph-translator';
export { defaultBuildOptions } from './paths';
export { OnnxGraph, IR_VERSION, OPSET, type ModelMetadata } from './onnx-graph';
