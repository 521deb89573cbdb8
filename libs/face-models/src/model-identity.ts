/**
 * Which model produced a result. Every template and score records it, so templates from
 * different models (or from a different conversion of the same weights) are never compared,
 * and thresholds can be configured per model.
 */
export interface ModelIdentity {
  /** Stable identifier, e.g. `face-api/face-recognition`. */
  readonly id: string;
  /** Version of the model file, e.g. `1.7.15+onnx.1` (source package version + converter revision). */
  readonly version: string;
}

export function sameModel(a: ModelIdentity, b: ModelIdentity): boolean {
  return a.id === b.id && a.version === b.version;
}

export function formatModel(model: ModelIdentity): string {
  return `${model.id}@${model.version}`;
}
