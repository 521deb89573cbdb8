import type { RgbImage } from '../image/rgb-image';
import type { ModelIdentity } from '../model-identity';

/**
 * Turns a face into a fixed-length vector compared by cosine similarity (the dot product, the
 * vectors being unit length). Vectors of different models, or of different versions of one
 * model, are not comparable: store `model` with every template and set thresholds per model.
 */
export interface FaceEmbedder {
  readonly model: ModelIdentity;
  readonly dimension: number;
  /** The embedding of `face`, L2-normalised. `face` is the crop the model expects (see its input description). */
  embed(face: RgbImage): Promise<Float32Array>;
}
