import type { Response } from 'express';
import { CitizenZeroError } from '@citizen-zero/errors';
import { OID4VP_ERROR_CODES, type Oid4vpError, type Oid4vpErrorCode, type Oid4vpOAuthError } from '@citizen-zero/mdoc';
import type { ExceptionResponder } from '@citizen-zero/nest-platform';

/** Failures of the OpenID4VP endpoints beyond the protocol checks of libs/mdoc (whose codes pass through). */
export type Oid4vpServiceErrorCode =
  /** No transaction with this id (or not this relying party's). */
  | 'OID4VP_TRANSACTION_NOT_FOUND'
  /** The wallet came after the transaction's expiry. */
  | 'OID4VP_TRANSACTION_EXPIRED'
  /** A second response for a transaction that already had one: each transaction takes one response. */
  | 'OID4VP_RESPONSE_REPLAYED'
  /** The transaction answered the wallet with a redirect: its verdict is only released with that redirect's response_code (§14.2). */
  | 'OID4VP_RESPONSE_CODE_INVALID'
  /** The elements asked for are not data elements of the doctype. */
  | 'OID4VP_ELEMENTS_INVALID'
  /** The verdict has sealed element values waiting: send the transaction's result key to collect them. */
  | 'OID4VP_RESULT_KEY_REQUIRED'
  /** The result key sent does not open this transaction's values (they stay sealed and waiting). */
  | 'OID4VP_RESULT_KEY_INVALID';

export type Oid4vpEndpointErrorCode = Oid4vpServiceErrorCode | Oid4vpErrorCode;

const SERVICE_STATUS: Record<Oid4vpServiceErrorCode, number> = {
  OID4VP_TRANSACTION_NOT_FOUND: 404,
  OID4VP_TRANSACTION_EXPIRED: 410,
  OID4VP_RESPONSE_REPLAYED: 409,
  OID4VP_RESPONSE_CODE_INVALID: 403,
  OID4VP_ELEMENTS_INVALID: 400,
  OID4VP_RESULT_KEY_REQUIRED: 400,
  OID4VP_RESULT_KEY_INVALID: 400,
};

/** The one place OpenID4VP codes become HTTP statuses: the protocol's own codes are the caller's fault, 400. */
export const OID4VP_STATUS_BY_CODE: Readonly<Record<Oid4vpEndpointErrorCode, number>> = {
  ...(Object.fromEntries(OID4VP_ERROR_CODES.map((code) => [code, 400])) as Record<Oid4vpErrorCode, number>),
  ...SERVICE_STATUS,
};

/**
 * An OpenID4VP endpoint failure. Those the wallet meets (`oauthError` set: the request-object and
 * response endpoints) are answered in the OAuth error shape wallets read (RFC 6749 §5.2, OpenID4VP 1.0
 * §8.5) with the stable `code` added; the relying party's endpoints answer problem details.
 */
export class Oid4vpEndpointError extends CitizenZeroError<Oid4vpEndpointErrorCode> {
  constructor(
    readonly code: Oid4vpEndpointErrorCode,
    message: string,
    readonly oauthError?: Oid4vpOAuthError,
    options?: { cause?: unknown },
  ) {
    super(message, {}, options);
  }

  /** A libs/mdoc protocol error, told to the wallet. */
  static forWallet(error: Oid4vpError): Oid4vpEndpointError {
    return new Oid4vpEndpointError(error.code, error.message, error.oauthError, { cause: error });
  }
}

/** Writes wallet-facing failures as `{ error, error_description, code }` (never personal data), with `cache-control: no-store`. */
export const oid4vpWalletErrors: ExceptionResponder = (exception: unknown, response: Response) => {
  if (!(exception instanceof Oid4vpEndpointError) || !exception.oauthError) return false;
  response.status(OID4VP_STATUS_BY_CODE[exception.code]).setHeader('cache-control', 'no-store');
  response.json({ error: exception.oauthError, error_description: exception.message, code: exception.code });
  return true;
};
