import type { RgbImage } from '../image/rgb-image';
import type { ModelIdentity } from '../model-identity';

/**
 * One passive presentation-attack-detection model (ISO/IEC 30107-1 terms): a face crop in, a
 * score out. Alone it is not a PAD subsystem; the biometric service fuses one or more of these
 * with image cues behind a `PresentationAttackDetector`. Scores of different models, or of
 * different versions of one model, are not comparable: record `model` with every score and
 * set thresholds per model id and version.
 */
export interface PadModel {
  readonly model: ModelIdentity;
  /**
   * The bona fide score of the face in `face`: 0 (attack presentation) – 1 (bona fide
   * presentation). `face` is a square crop around one face with some margin (see the model's
   * documentation for the crop it was trained on).
   */
  score(face: RgbImage): Promise<number>;
}
