import type { ProblemDetailsOptions } from '@citizen-zero/nest-platform';
import { FINGERPRINT_ERROR_CODES } from '@citizen-zero/fingerprint';
import type { BiometricErrorCode } from '../biometric-error';

/** The one place the biometric service's error codes become HTTP statuses. */
const STATUS_BY_CODE: Record<BiometricErrorCode, number> = {
  IMAGE_INVALID: 400,
  MINUTIAE_RECORD_INVALID: 400,
  IMAGE_TOO_LARGE: 413,
  FACE_NOT_FOUND: 422,
  QUALITY_REJECTED: 422,
  PRESENTATION_ATTACK_SUSPECTED: 422,
  MODALITY_MISMATCH: 422,
  MODEL_MISMATCH: 422,
  TEMPLATE_NOT_FOUND: 404,
  SUBJECT_NOT_FOUND: 404,
  GALLERY_EMPTY: 404,
  TEMPLATE_IN_OTHER_SUBJECT: 409,
};

/** Malformed minutiae records keep libs/fingerprint's codes (FMR_…): 400. */
const FINGERPRINT_STATUS = Object.fromEntries(FINGERPRINT_ERROR_CODES.map((code) => [code, code === 'PARAMETER_INVALID' ? 500 : 400]));

export const BIOMETRIC_PROBLEM_DETAILS: ProblemDetailsOptions = {
  statusByCode: { ...FINGERPRINT_STATUS, ...STATUS_BY_CODE, RECORD_DECRYPTION_FAILED: 500, FACE_MODEL_HASH_MISMATCH: 500 },
  unavailableCodePrefixes: ['HSM_'],
};
