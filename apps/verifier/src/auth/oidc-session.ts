import * as oidc from 'openid-client';
import type { VerifierConfig } from '../config';

/** The signed-in official, from the ID token. */
export interface Official {
  readonly subject: string;
  readonly name: string;
  readonly roles: readonly string[];
}

interface PendingSignIn {
  readonly codeVerifier: string;
  readonly state: string;
}

export interface OidcEnvironment {
  readonly currentUrl: () => URL;
  readonly navigate: (url: URL) => void;
  /** Per-tab storage for the pending sign-in only (never a token). */
  readonly storage: Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;
}

const PENDING_KEY = 'cz.verifier.pending-sign-in';
export const CALLBACK_PATH = '/callback';

/**
 * Sign-in of the official who enrols this device (OpenID Connect authorization code flow with PKCE,
 * public client `verifier-app`): the access token is for the verification service only (RFC 8707
 * resource), kept in memory, used once to have the reader certificate issued, and forgotten with the
 * page. Verifying needs no sign-in: the trust material is public and verification is offline.
 */
export class OidcSession {
  private token: { accessToken: string; official: Official } | undefined;
  private completing: Promise<void> | undefined;

  private constructor(
    private readonly config: VerifierConfig,
    private readonly server: oidc.Configuration,
    private readonly env: OidcEnvironment,
  ) {}

  static async start(config: VerifierConfig, env: OidcEnvironment = browserEnvironment()): Promise<OidcSession> {
    const issuer = new URL(config.issuer);
    const insecure = issuer.protocol === 'http:' && ['127.0.0.1', 'localhost', '[::1]'].includes(issuer.hostname);
    const server = await oidc.discovery(issuer, config.clientId, undefined, oidc.None(), insecure ? { execute: [oidc.allowInsecureRequests] } : undefined);
    return new OidcSession(config, server, env);
  }

  get official(): Official | undefined {
    return this.token?.official;
  }

  get accessToken(): string | undefined {
    return this.token?.accessToken;
  }

  async signIn(): Promise<void> {
    const codeVerifier = oidc.randomPKCECodeVerifier();
    const state = oidc.randomState();
    this.env.storage.setItem(PENDING_KEY, JSON.stringify({ codeVerifier, state } satisfies PendingSignIn));
    const parameters = new URLSearchParams({
      redirect_uri: `${this.env.currentUrl().origin}${CALLBACK_PATH}`,
      scope: 'openid profile roles api',
      code_challenge: await oidc.calculatePKCECodeChallenge(codeVerifier),
      code_challenge_method: 'S256',
      state,
      resource: this.config.verificationResource,
    });
    this.env.navigate(oidc.buildAuthorizationUrl(this.server, parameters));
  }

  /** On the callback URL: redeems the code (state and PKCE checked). Idempotent. */
  completeSignIn(): Promise<void> {
    this.completing ??= this.redeem();
    return this.completing;
  }

  private async redeem(): Promise<void> {
    const stored = this.env.storage.getItem(PENDING_KEY);
    this.env.storage.removeItem(PENDING_KEY);
    if (!stored) throw new Error('No sign-in was in progress in this tab. Start again.');
    const pending = JSON.parse(stored) as PendingSignIn;
    const response = await oidc.authorizationCodeGrant(this.server, this.env.currentUrl(), { pkceCodeVerifier: pending.codeVerifier, expectedState: pending.state, idTokenExpected: true }, { resource: this.config.verificationResource });
    const claims = response.claims();
    const roles = Array.isArray(claims?.['roles']) ? (claims['roles'] as unknown[]).filter((role): role is string => typeof role === 'string') : [];
    this.token = { accessToken: response.access_token, official: { subject: claims?.sub ?? 'unknown', name: typeof claims?.['name'] === 'string' ? claims['name'] : (claims?.sub ?? 'official'), roles } };
  }

  /** Forgets the token (the device stays enrolled: its certificate is kept). */
  forget(): void {
    this.token = undefined;
  }
}

export function browserEnvironment(): OidcEnvironment {
  return { currentUrl: () => new URL(window.location.href), navigate: (url) => window.location.assign(url.href), storage: window.sessionStorage };
}
