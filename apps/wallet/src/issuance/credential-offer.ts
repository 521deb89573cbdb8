/**
 * Credential Offers (OpenID4VCI 1.0 §4.1): what the citizen scans or opens, before anything is
 * sent anywhere. Only the pre-authorised code grant (§4.1.1) is taken: the offer carries a
 * one-time code, and the issuer hands the citizen a transaction code on another channel.
 */
export const CREDENTIAL_OFFER_SCHEME = 'openid-credential-offer://';
export const PRE_AUTHORIZED_CODE_GRANT = 'urn:ietf:params:oauth:grant-type:pre-authorized_code';

export interface TxCodeSpec {
  readonly inputMode: 'numeric' | 'text';
  readonly length?: number;
  readonly description?: string;
}

export interface CredentialOffer {
  readonly credentialIssuer: string;
  readonly credentialConfigurationIds: readonly string[];
  readonly preAuthorizedCode: string;
  /** Present when the issuer requires a transaction code (§4.1.1). */
  readonly txCode?: TxCodeSpec;
}

/** Where the offer is: by value, or by reference (`credential_offer_uri`, fetched with GET). */
export type CredentialOfferReference = { readonly offer: CredentialOffer } | { readonly offerUri: string };

export class CredentialOfferError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CredentialOfferError';
  }
}

/**
 * Reads `openid-credential-offer://?credential_offer=…` or `…?credential_offer_uri=…` (§4.1.2, §4.1.3),
 * and the same query on any other URL (a web link to the wallet). `allowHttp` admits http: issuers
 * (development only: §13.1 wants TLS).
 */
export function parseCredentialOfferUri(text: string, options: { allowHttp?: boolean } = {}): CredentialOfferReference {
  let parameters: URLSearchParams;
  try {
    parameters = new URL(text.trim()).searchParams;
  } catch {
    throw new CredentialOfferError('this is not a credential offer link');
  }
  const byValue = parameters.get('credential_offer');
  const byReference = parameters.get('credential_offer_uri');
  if (byValue && byReference) throw new CredentialOfferError('a credential offer has credential_offer or credential_offer_uri, not both');
  if (byReference) {
    checkHttpsUrl(byReference, 'credential_offer_uri', options.allowHttp);
    return { offerUri: byReference };
  }
  if (!byValue) throw new CredentialOfferError('this link carries no credential offer');
  let parsed: unknown;
  try {
    parsed = JSON.parse(byValue);
  } catch {
    throw new CredentialOfferError('the credential offer is not JSON');
  }
  return { offer: parseCredentialOffer(parsed, options) };
}

/** Checks a Credential Offer object (§4.1.1). */
export function parseCredentialOffer(value: unknown, options: { allowHttp?: boolean } = {}): CredentialOffer {
  const offer = object(value, 'the credential offer');
  const credentialIssuer = offer['credential_issuer'];
  if (typeof credentialIssuer !== 'string') throw new CredentialOfferError('the credential offer names no credential_issuer');
  checkHttpsUrl(credentialIssuer, 'credential_issuer', options.allowHttp);
  const ids = offer['credential_configuration_ids'];
  if (!Array.isArray(ids) || ids.length === 0 || !ids.every((id) => typeof id === 'string' && id.length > 0)) throw new CredentialOfferError('credential_configuration_ids must be a non-empty list of strings');
  const grants = object(offer['grants'] ?? {}, 'grants');
  const grant = grants[PRE_AUTHORIZED_CODE_GRANT];
  if (grant === undefined) throw new CredentialOfferError('this wallet accepts pre-authorised offers only (the offer has no pre-authorized_code grant)');
  const preAuthorized = object(grant, 'the pre-authorized_code grant');
  const code = preAuthorized['pre-authorized_code'];
  if (typeof code !== 'string' || code.length === 0) throw new CredentialOfferError('the offer has no pre-authorized_code');
  let txCode: TxCodeSpec | undefined;
  if (preAuthorized['tx_code'] !== undefined) {
    const spec = object(preAuthorized['tx_code'], 'tx_code');
    const inputMode = spec['input_mode'] ?? 'numeric';
    if (inputMode !== 'numeric' && inputMode !== 'text') throw new CredentialOfferError('tx_code input_mode must be numeric or text');
    const length = spec['length'];
    if (length !== undefined && (typeof length !== 'number' || !Number.isInteger(length) || length < 1 || length > 64)) throw new CredentialOfferError('tx_code length must be a small positive integer');
    const description = spec['description'];
    txCode = { inputMode, ...(typeof length === 'number' && { length }), ...(typeof description === 'string' && { description: description.slice(0, 300) }) };
  }
  return { credentialIssuer: credentialIssuer.replace(/\/+$/, ''), credentialConfigurationIds: ids as string[], preAuthorizedCode: code, ...(txCode && { txCode }) };
}

/** Checks a transaction code against the offer's description of it. */
export function checkTxCode(spec: TxCodeSpec | undefined, txCode: string): string | undefined {
  if (!spec) return undefined;
  if (spec.inputMode === 'numeric' && !/^\d+$/.test(txCode)) return 'the code is digits only';
  if (spec.length !== undefined && txCode.length !== spec.length) return `the code has ${spec.length} characters`;
  return undefined;
}

function object(value: unknown, what: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new CredentialOfferError(`${what} must be a JSON object`);
  return value as Record<string, unknown>;
}

function checkHttpsUrl(value: string, what: string, allowHttp = false): void {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new CredentialOfferError(`${what} is not a URL`);
  }
  if (url.protocol !== 'https:' && !(allowHttp && url.protocol === 'http:')) throw new CredentialOfferError(`${what} must be an https URL`);
}
