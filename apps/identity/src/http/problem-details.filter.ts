import type { Response } from 'express';
import type { ExceptionResponder, ProblemDetailsOptions } from '@citizen-zero/nest-platform';
import type { IdentityErrorCode } from '../identity-error';
import { Oid4vciError } from '../oid4vci/oid4vci-error';

/** The one place the identity service's error codes become HTTP statuses (RFC 9457 problem details). */
const STATUS_BY_CODE: Record<IdentityErrorCode, number> = {
  VALIDATION_FAILED: 400,
  MAKER_CHECKER_VIOLATION: 403,
  PERSON_NOT_FOUND: 404,
  APPLICATION_NOT_FOUND: 404,
  DEAD_LETTER_NOT_FOUND: 404,
  DOCUMENT_NOT_FOUND: 404,
  WEBHOOK_NOT_FOUND: 404,
  PERSON_ALREADY_REGISTERED: 409,
  APPLICATION_TRANSITION_INVALID: 409,
  APPLICATION_NOT_IN_ADJUDICATION: 409,
  APPLICATION_CONFLICT: 409,
  KEY_ROTATION_IN_PROGRESS: 409,
  PORTRAIT_MISSING: 409,
  DOCUMENT_NOT_ISSUED: 409,
  DOCUMENT_TRANSITION_INVALID: 409,
  DOCUMENT_NOT_VALID: 409,
  PERSON_DECEASED: 409,
  RECORD_DECRYPTION_FAILED: 500,
  ZK_ISSUER_KEY_UNAVAILABLE: 503,
};

/** OpenID4VCI endpoints answer in the OAuth error shape the wallet expects, not as problem details. */
const oauthErrors: ExceptionResponder = (exception: unknown, response: Response) => {
  if (!(exception instanceof Oid4vciError)) return false;
  response.status(exception.status).setHeader('cache-control', 'no-store');
  if (exception.status === 401) response.setHeader('www-authenticate', `Bearer error="${exception.error}"`);
  response.json({ error: exception.error, error_description: exception.description });
  return true;
};

export const IDENTITY_PROBLEM_DETAILS: ProblemDetailsOptions = {
  statusByCode: STATUS_BY_CODE,
  // The HSM being unreachable or locked is the platform's fault, not the caller's.
  unavailableCodePrefixes: ['HSM_'],
  responders: [oauthErrors],
};
