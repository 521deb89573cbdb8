import { CitizenZeroError } from '@citizen-zero/errors';

/**
 * Stable codes for everything this library refuses. Quality rejections (`QUALITY_*`) are results,
 * not errors: a picture that is too dark is assessed, not refused.
 */
export const FACE_ANALYSIS_ERROR_CODES = [
  /** Not an interleaved RGB image: a width or height that is not a positive integer, or data that is not width × height × 3 values (same code and meaning as in `@citizen-zero/face-models`). */
  'FACE_IMAGE_INVALID',
  /** Landmarks that are not the 68 points of the iBUG layout (or the 5 alignment points where 5 are accepted), or a point that is not finite. */
  'FACE_LANDMARKS_INVALID',
  /** The landmarks cannot define a similarity transform: every source point is at the same place. */
  'FACE_ALIGNMENT_DEGENERATE',
  /** A quality or fusion configuration value out of its range (negative weight, min above max, threshold outside [0, 1], …). */
  'FACE_ANALYSIS_CONFIG_INVALID',
  /** A function parameter out of its range (output size, FFT length, blur radius, …). */
  'FACE_ANALYSIS_PARAMETER_INVALID',
  /** Evaluation scores that cannot be evaluated: an empty class or species, a score that is not finite. */
  'FACE_EVALUATION_SCORES_INVALID',
] as const;

export type FaceAnalysisErrorCode = (typeof FACE_ANALYSIS_ERROR_CODES)[number];

/** Refused input to face analysis. `details` carry sizes, counts and field names, never pixels, landmarks or scores of a person. */
export class FaceAnalysisError extends CitizenZeroError<FaceAnalysisErrorCode> {
  constructor(
    readonly code: FaceAnalysisErrorCode,
    message: string,
    details: Record<string, string | number | boolean> = {},
    options?: { cause?: unknown },
  ) {
    super(message, details, options);
  }
}
