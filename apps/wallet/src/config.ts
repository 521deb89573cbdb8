/**
 * What the wallet needs to know about its deployment, read at start-up from `/config.json`
 * (written by whoever serves the wallet: `npm start`'s web-app server, or a deployment's web
 * server). Nothing deployment-specific is compiled into the bundle. The service worker keeps the
 * last copy, so an installed wallet starts offline.
 */
export interface WalletConfig {
  /** The identity service: the credential issuer the wallet expects offers from. */
  readonly identityUrl: string;
  /** The verification service: the trust list (IACA certificates) and the session relay. */
  readonly verificationUrl: string;
  /** The session relay endpoint put in the device engagement (`ws(s)://…/relay/sessions`). */
  readonly relayUrl: string;
  /** PEM bundle of the issuing authorities' roots (IACA): credentials and status lists are checked against it. */
  readonly trustListUrl: string;
  /** PEM bundle of the reader CAs: a reader whose certificate chains to one is named to the citizen. */
  readonly readerTrustAnchorsUrl?: string;
  /** PEM bundle of the roots of relying parties' access certificates (OpenID4VP, x509_san_dns). */
  readonly verifierTrustAnchorsUrl?: string;
  /** Development only: accept http: issuers and OpenID4VP response URIs (production is https only). */
  readonly allowHttp: boolean;
}

export class WalletConfigError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`the wallet's configuration (/config.json) is invalid: ${problems.join('; ')}`);
    this.name = 'WalletConfigError';
  }
}

/** Validates the parsed `/config.json`, reporting every problem at once. */
export function parseWalletConfig(value: unknown): WalletConfig {
  const problems: string[] = [];
  const record = (typeof value === 'object' && value !== null && !Array.isArray(value) ? value : {}) as Record<string, unknown>;
  const url = (name: keyof WalletConfig, protocols: readonly string[], optional = false): string | undefined => {
    const field = record[name];
    if (field === undefined && optional) return undefined;
    if (typeof field !== 'string' || field.trim() === '') {
      problems.push(`${name} is required`);
      return undefined;
    }
    try {
      if (!protocols.includes(new URL(field.trim()).protocol)) problems.push(`${name} must be a ${protocols.join(' or ')} URL`);
    } catch {
      problems.push(`${name} must be a ${protocols.join(' or ')} URL`);
    }
    return field.trim().replace(/\/+$/, '');
  };
  const http = ['https:', 'http:'];
  const identityUrl = url('identityUrl', http);
  const verificationUrl = url('verificationUrl', http);
  const relayUrl = record['relayUrl'] === undefined && verificationUrl ? `${verificationUrl.replace(/^http/, 'ws')}/relay/sessions` : url('relayUrl', ['wss:', 'ws:']);
  const trustListUrl = record['trustListUrl'] === undefined && verificationUrl ? `${verificationUrl}/trust/bundle.pem` : url('trustListUrl', http);
  const readerTrustAnchorsUrl = url('readerTrustAnchorsUrl', http, true);
  const verifierTrustAnchorsUrl = url('verifierTrustAnchorsUrl', http, true);
  const allowHttp = record['allowHttp'] ?? false;
  if (typeof allowHttp !== 'boolean') problems.push('allowHttp must be true or false');
  if (problems.length > 0) throw new WalletConfigError(problems);
  return {
    identityUrl: identityUrl!,
    verificationUrl: verificationUrl!,
    relayUrl: relayUrl!,
    trustListUrl: trustListUrl!,
    ...(readerTrustAnchorsUrl && { readerTrustAnchorsUrl }),
    ...(verifierTrustAnchorsUrl && { verifierTrustAnchorsUrl }),
    allowHttp: allowHttp as boolean,
  };
}

export async function loadWalletConfig(fetchFn: typeof fetch = fetch): Promise<WalletConfig> {
  const response = await fetchFn('/config.json', { cache: 'no-store' });
  if (!response.ok) throw new WalletConfigError([`/config.json answered ${response.status}`]);
  return parseWalletConfig(await response.json());
}
