import { CitizenZeroError } from '@citizen-zero/errors';

/** Failures of the biometric service, by stable code; HTTP statuses in http/problem-details.ts. */
export type BiometricErrorCode =
  | 'IMAGE_INVALID'
  | 'IMAGE_TOO_LARGE'
  | 'FACE_NOT_FOUND'
  | 'QUALITY_REJECTED'
  | 'PRESENTATION_ATTACK_SUSPECTED'
  | 'MINUTIAE_RECORD_INVALID'
  | 'TEMPLATE_NOT_FOUND'
  | 'TEMPLATE_IN_OTHER_SUBJECT'
  | 'SUBJECT_NOT_FOUND'
  | 'MODALITY_MISMATCH'
  | 'MODEL_MISMATCH'
  | 'GALLERY_EMPTY';

export class BiometricError extends CitizenZeroError<BiometricErrorCode> {
  constructor(
    readonly code: BiometricErrorCode,
    message: string,
    details: Record<string, string | number | boolean> = {},
    options?: { cause?: unknown },
  ) {
    super(message, details, options);
  }
}
