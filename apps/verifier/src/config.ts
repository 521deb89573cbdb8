/**
 * What the verifier needs to know about its deployment, read from `/config.json` (written by whoever
 * serves the app: `npm start`'s web-app server, or a deployment's web server) and kept by the service
 * worker for offline starts. Nothing deployment-specific is compiled into the bundle.
 */
export interface VerifierConfig {
  /** The OpenID provider, for the official who enrols this device (sign-in is needed only for that). */
  readonly issuer: string;
  /** This app's public client id at the provider (PKCE, no secret). */
  readonly clientId: string;
  /** The verification service: trust list, reader certificates, the session relay. */
  readonly verificationUrl: string;
  /** The resource indicator (RFC 8707) of the verification service's tokens. */
  readonly verificationResource: string;
  /** The identity service: status lists and BBS issuer keys. */
  readonly identityUrl: string;
  /** Status List Token URLs to synchronise (the `uri` credentials name in their MSO). */
  readonly statusListUrls: readonly string[];
  /**
   * Trust anchors of the trust list signer (PEM): the signed VICAL's x5chain must chain to one of
   * them. Without any, the app falls back to the unsigned PEM bundle and says so.
   */
  readonly trustListSignerAnchorsPem: string;
  /** Relay URL prefixes (ws: or wss:) a wallet's engagement may name; a QR code naming another is refused. */
  readonly relayUrlPrefixes: readonly string[];
  /** After this many hours since the last sync, the trust material is reported stale. */
  readonly maxAgeHours: number;
  /** Whether a summary of each verification (outcome, checks, document type; never element values) is kept on the device. */
  readonly retainVerifications: boolean;
  /** ISO/IEC 18013-5 IntentToRetain sent for every requested element (§8.3.2.1.2.1). */
  readonly intentToRetain: boolean;
  /** The audience zero-knowledge proofs are bound to (who asks); default: this app's origin. */
  readonly zkAudience?: string;
}

export class VerifierConfigError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`the verifier's configuration (/config.json) is invalid: ${problems.join('; ')}`);
    this.name = 'VerifierConfigError';
  }
}

/** Validates the parsed `/config.json`, reporting every problem at once. */
export function parseVerifierConfig(value: unknown): VerifierConfig {
  const problems: string[] = [];
  const record = (typeof value === 'object' && value !== null && !Array.isArray(value) ? value : {}) as Record<string, unknown>;
  const text = (name: string, required = true): string => {
    const field = record[name];
    if (field === undefined && !required) return '';
    if (typeof field !== 'string' || (required && field.trim() === '')) {
      problems.push(`${name} is required`);
      return '';
    }
    return field.trim();
  };
  const url = (value: string, name: string, protocols: readonly string[]): string => {
    try {
      if (!protocols.includes(new URL(value).protocol)) problems.push(`${name} must be a ${protocols.join(' or ')} URL`);
    } catch {
      problems.push(`${name} must be a ${protocols.join(' or ')} URL`);
    }
    return value.replace(/\/$/, '');
  };
  const httpUrl = (name: string): string => {
    const field = text(name);
    return field === '' ? field : url(field, name, ['https:', 'http:']);
  };
  const list = (name: string, protocols: readonly string[], fallback: readonly string[]): string[] => {
    const field = record[name];
    if (field === undefined) return [...fallback];
    if (!Array.isArray(field) || field.some((entry) => typeof entry !== 'string')) {
      problems.push(`${name} must be a list of URLs`);
      return [];
    }
    return (field as string[]).map((entry, index) => url(entry.trim(), `${name}[${index}]`, protocols));
  };
  const flag = (name: string, fallback: boolean): boolean => {
    const field = record[name];
    if (field === undefined) return fallback;
    if (typeof field !== 'boolean') problems.push(`${name} must be true or false`);
    return field === true;
  };
  const verificationUrl = httpUrl('verificationUrl');
  const identityUrl = httpUrl('identityUrl');
  const maxAge = record['maxAgeHours'] ?? 24;
  if (typeof maxAge !== 'number' || !Number.isFinite(maxAge) || maxAge <= 0 || maxAge > 24 * 90) problems.push('maxAgeHours must be a number of hours from 0 to 2160');
  const zkAudience = text('zkAudience', false);
  const config: VerifierConfig = {
    issuer: httpUrl('issuer'),
    clientId: text('clientId'),
    verificationUrl,
    verificationResource: text('verificationResource'),
    identityUrl,
    statusListUrls: list('statusListUrls', ['https:', 'http:'], identityUrl ? [`${identityUrl}/status-lists/1`] : []),
    trustListSignerAnchorsPem: text('trustListSignerAnchorsPem', false),
    relayUrlPrefixes: list('relayUrlPrefixes', ['wss:', 'ws:'], verificationUrl ? [`${verificationUrl.replace(/^http/, 'ws')}/relay/sessions/`] : []),
    maxAgeHours: typeof maxAge === 'number' ? maxAge : 24,
    retainVerifications: flag('retainVerifications', false),
    intentToRetain: flag('intentToRetain', false),
    ...(zkAudience && { zkAudience }),
  };
  if (problems.length > 0) throw new VerifierConfigError(problems);
  return config;
}

export async function loadVerifierConfig(fetchFn: typeof fetch = fetch): Promise<VerifierConfig> {
  // The service worker answers from its cache when the network is cut.
  const response = await fetchFn('/config.json', { cache: 'no-store' });
  if (!response.ok) throw new VerifierConfigError([`/config.json answered ${response.status}`]);
  return parseVerifierConfig(await response.json());
}
