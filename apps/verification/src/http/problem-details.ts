import type { ProblemDetailsOptions } from '@citizen-zero/nest-platform';
import type { VerificationErrorCode } from '../verification-error';

/** The one place the verification service's error codes become HTTP statuses. */
const STATUS_BY_CODE: Record<VerificationErrorCode, number> = {
  TRUST_ANCHOR_INVALID: 400,
  PRESENTATION_MALFORMED: 400,
  TRUST_ANCHOR_NOT_FOUND: 404,
  TRUST_BUNDLE_NOT_CONFIGURED: 404,
  TRUST_ANCHOR_EXISTS: 409,
  RELYING_PARTY_EXISTS: 409,
  RELYING_PARTY_NOT_FOUND: 404,
  API_KEY_NOT_FOUND: 404,
  PURPOSE_REQUIRED: 400,
  PURPOSE_NOT_ALLOWED: 403,
  REQUEST_REQUIRED: 400,
};

export const VERIFICATION_PROBLEM_DETAILS: ProblemDetailsOptions = { statusByCode: STATUS_BY_CODE, unavailableCodePrefixes: ['HSM_'] };
