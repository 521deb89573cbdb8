import { CitizenZeroError } from '@citizen-zero/errors';

export const FACE_MODEL_ERROR_CODES = [
  'FACE_MODEL_MANIFEST_INVALID',
  'FACE_MODEL_UNKNOWN',
  'FACE_MODEL_NOT_FOUND',
  'FACE_MODEL_HASH_MISMATCH',
  'FACE_MODEL_SPEC_INVALID',
  'FACE_MODEL_OUTPUT_INVALID',
  'FACE_IMAGE_INVALID',
] as const;

export type FaceModelErrorCode = (typeof FACE_MODEL_ERROR_CODES)[number];

/** A face model that cannot be loaded or trusted, or an image it cannot take. Never carries image data. */
export class FaceModelError extends CitizenZeroError<FaceModelErrorCode> {
  constructor(
    readonly code: FaceModelErrorCode,
    message: string,
    details: Record<string, string | number | boolean> = {},
    options?: { cause?: unknown },
  ) {
    super(message, details, options);
  }
}
