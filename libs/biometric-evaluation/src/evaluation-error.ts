import { CitizenZeroError } from '@citizen-zero/errors';

/**
 * Stable codes of {@link EvaluationError}. Callers that own a domain error (fingerprint, face) check
 * their inputs first and throw their own codes; these are what reaches them otherwise.
 */
export const EVALUATION_ERROR_CODES = [
  /** A score set is empty, or a score is NaN or infinite. */
  'EVALUATION_SCORES_INVALID',
  /** A target rate, threshold or point count is out of its range. */
  'EVALUATION_PARAMETER_INVALID',
] as const;

export type EvaluationErrorCode = (typeof EVALUATION_ERROR_CODES)[number];

/** Bad input to an error-rate computation. `details` carry counts and indices, never scores of a person. */
export class EvaluationError extends CitizenZeroError<EvaluationErrorCode> {
  constructor(
    readonly code: EvaluationErrorCode,
    message: string,
    details: Record<string, string | number | boolean> = {},
    options?: { cause?: unknown },
  ) {
    super(message, details, options);
  }
}
