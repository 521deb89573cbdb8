/**
 * What the portal needs to know about its deployment, read at start-up from `/config.json`
 * (written by whoever serves the portal: `npm start`'s portal server, or a deployment's web server).
 * Nothing deployment-specific is compiled into the bundle.
 */
export interface PortalConfig {
  /** The OpenID provider's issuer identifier. */
  readonly issuer: string;
  /** This portal's client id at the OpenID provider (a public client: PKCE, no secret). */
  readonly clientId: string;
  /** The identity API's base URL. */
  readonly identityUrl: string;
  /** The resource indicator (RFC 8707) the identity API's tokens are issued for. */
  readonly identityResource: string;
  /** The biometric API (portrait capture, quality and liveness feedback at enrolment). */
  readonly biometricUrl: string;
  readonly biometricResource: string;
  /** The verification API (trust list management). */
  readonly verificationUrl: string;
  readonly verificationResource: string;
  /** The monitor (service health, topology, alerts). */
  readonly monitorUrl: string;
  readonly monitorResource: string;
}

/** The services the portal calls, each with its own access token audience. */
export type PortalService = 'identity' | 'biometric' | 'verification' | 'monitor';
export const PORTAL_SERVICES: readonly PortalService[] = ['identity', 'biometric', 'verification', 'monitor'];

export function resourceOf(config: PortalConfig, service: PortalService): string {
  return config[`${service}Resource`];
}

export class PortalConfigError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`the portal's configuration (/config.json) is invalid: ${problems.join('; ')}`);
    this.name = 'PortalConfigError';
  }
}

/** Validates the parsed `/config.json`, reporting every problem at once. */
export function parsePortalConfig(value: unknown): PortalConfig {
  const problems: string[] = [];
  const record = (typeof value === 'object' && value !== null ? value : {}) as Record<string, unknown>;
  const text = (name: keyof PortalConfig): string => {
    const field = record[name];
    if (typeof field !== 'string' || field.trim() === '') {
      problems.push(`${name} is required`);
      return '';
    }
    return field.trim();
  };
  const httpUrl = (name: keyof PortalConfig): string => {
    const field = text(name);
    if (field === '') return field;
    try {
      const url = new URL(field);
      if (url.protocol !== 'https:' && url.protocol !== 'http:') problems.push(`${name} must be an http(s) URL`);
    } catch {
      problems.push(`${name} must be an http(s) URL`);
    }
    return field.replace(/\/$/, '');
  };
  const config: PortalConfig = {
    issuer: httpUrl('issuer'),
    clientId: text('clientId'),
    identityUrl: httpUrl('identityUrl'),
    identityResource: text('identityResource'),
    biometricUrl: httpUrl('biometricUrl'),
    biometricResource: text('biometricResource'),
    verificationUrl: httpUrl('verificationUrl'),
    verificationResource: text('verificationResource'),
    monitorUrl: httpUrl('monitorUrl'),
    monitorResource: text('monitorResource'),
  };
  if (problems.length > 0) throw new PortalConfigError(problems);
  return config;
}

export async function loadPortalConfig(fetchFn: typeof fetch = fetch): Promise<PortalConfig> {
  const response = await fetchFn('/config.json', { cache: 'no-store' });
  if (!response.ok) throw new PortalConfigError([`/config.json answered ${response.status}`]);
  return parsePortalConfig(await response.json());
}
