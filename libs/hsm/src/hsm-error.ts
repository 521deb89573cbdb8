import { CitizenZeroError } from '@citizen-zero/errors';
import * as pkcs11 from 'pkcs11js';

export const HSM_ERROR_CODES = [
  'HSM_MODULE_LOAD_FAILED',
  'HSM_TOKEN_NOT_FOUND',
  'HSM_PIN_INCORRECT',
  'HSM_PIN_LOCKED',
  'HSM_NOT_LOGGED_IN',
  'HSM_KEY_NOT_FOUND',
  'HSM_KEY_EXISTS',
  'HSM_TOKEN_REMOVED',
  'HSM_UNSUPPORTED',
  'HSM_OPERATION_FAILED',
] as const;

export type HsmErrorCode = (typeof HSM_ERROR_CODES)[number];

/** An HSM failure with a stable code and a message that says what to do. Never carries a PIN or key material. */
export class HsmError extends CitizenZeroError<HsmErrorCode> {
  constructor(
    readonly code: HsmErrorCode,
    message: string,
    details: Record<string, string | number | boolean> = {},
    options?: { cause?: unknown },
  ) {
    super(message, details, options);
  }
}

/** PKCS#11 v2.40 §5.1 value that pkcs11js does not export. */
const CKR_CURVE_NOT_SUPPORTED = 0x140;

/** CKR_* values meaning the token or its sessions are gone (PKCS#11 v2.40 §5.1). */
const SESSION_LOST = new Set<number>([pkcs11.CKR_SESSION_HANDLE_INVALID, pkcs11.CKR_SESSION_CLOSED, pkcs11.CKR_DEVICE_REMOVED, pkcs11.CKR_TOKEN_NOT_PRESENT, pkcs11.CKR_DEVICE_ERROR, pkcs11.CKR_USER_NOT_LOGGED_IN]);

export function pkcs11ReturnValue(error: unknown): number | undefined {
  return typeof error === 'object' && error !== null && 'code' in error && typeof (error as { code: unknown }).code === 'number' ? (error as { code: number }).code : undefined;
}

export function isSessionLost(error: unknown): boolean {
  const code = pkcs11ReturnValue(error);
  return code !== undefined && SESSION_LOST.has(code);
}

/** Maps a pkcs11js error to an HsmError, in one place. */
export function toHsmError(error: unknown, operation: string, context: { tokenLabel?: string; keyLabel?: string } = {}): HsmError {
  if (error instanceof HsmError) return error;
  const code = pkcs11ReturnValue(error);
  const details = { operation, ...(context.tokenLabel && { token: context.tokenLabel }), ...(context.keyLabel && { key: context.keyLabel }), ...(code !== undefined && { ckr: code }) };
  const reason = error instanceof Error ? error.message : String(error);
  switch (code) {
    case pkcs11.CKR_PIN_INCORRECT:
      return new HsmError('HSM_PIN_INCORRECT', `the token${context.tokenLabel ? ` "${context.tokenLabel}"` : ''} rejected the user PIN; check CZ_HSM_PIN (repeated failures lock the PIN)`, details, { cause: error });
    case pkcs11.CKR_PIN_LOCKED:
      return new HsmError('HSM_PIN_LOCKED', `the user PIN of token${context.tokenLabel ? ` "${context.tokenLabel}"` : ''} is locked; a security officer must reset it with the SO PIN`, details, { cause: error });
    case pkcs11.CKR_USER_NOT_LOGGED_IN:
      return new HsmError('HSM_NOT_LOGGED_IN', `${operation} needs a logged-in session`, details, { cause: error });
    case pkcs11.CKR_DEVICE_REMOVED:
    case pkcs11.CKR_TOKEN_NOT_PRESENT:
    case pkcs11.CKR_DEVICE_ERROR:
    case pkcs11.CKR_SESSION_HANDLE_INVALID:
    case pkcs11.CKR_SESSION_CLOSED:
      return new HsmError('HSM_TOKEN_REMOVED', `the HSM token${context.tokenLabel ? ` "${context.tokenLabel}"` : ''} is no longer reachable during ${operation}; check the device or network HSM and reopen`, details, { cause: error });
    case pkcs11.CKR_MECHANISM_INVALID:
    case pkcs11.CKR_FUNCTION_NOT_SUPPORTED:
    case CKR_CURVE_NOT_SUPPORTED:
      return new HsmError('HSM_UNSUPPORTED', `the HSM does not support ${operation}: ${reason}`, details, { cause: error });
    default:
      return new HsmError('HSM_OPERATION_FAILED', `${operation} failed in the HSM: ${reason}`, details, { cause: error });
  }
}
