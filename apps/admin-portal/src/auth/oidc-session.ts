import * as oidc from 'openid-client';
import { PORTAL_SERVICES, type PortalConfig, type PortalService, resourceOf } from '../config';
import { type OfficialRole, officialRoles } from './roles';

/** The signed-in official, from the ID token's claims. */
export interface Official {
  readonly subject: string;
  readonly name: string;
  readonly roles: readonly OfficialRole[];
}

interface Tokens {
  /** The identity API's access token, from the code grant or a refresh. */
  readonly accessToken: string;
  readonly refreshToken?: string;
  readonly idToken?: string;
  /** Epoch milliseconds. */
  readonly expiresAt: number;
}

/** An access token for another service's audience, obtained with the refresh token (RFC 8707 §2.2). */
interface ServiceToken {
  readonly accessToken: string;
  readonly expiresAt: number;
}

/** What survives the redirect to the provider and back: never a token, only the PKCE verifier and state. */
interface PendingSignIn {
  readonly codeVerifier: string;
  readonly state: string;
  readonly returnTo: string;
}

export interface OidcSessionEnvironment {
  /** Where the browser is now (the callback URL after the provider's redirect). */
  readonly currentUrl: () => URL;
  /** Leaves the page for the provider. */
  readonly navigate: (url: URL) => void;
  /** Per-tab storage for the pending sign-in (sessionStorage): cleared when the tab closes. */
  readonly storage: Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;
  readonly now: () => number;
  readonly setTimer: (callback: () => void, ms: number) => unknown;
  readonly clearTimer: (handle: unknown) => void;
}

const PENDING_KEY = 'cz.admin-portal.pending-sign-in';
/** Renew this long before the access token expires. */
const RENEW_AHEAD_MS = 60_000;
export const CALLBACK_PATH = '/callback';

/**
 * OpenID Connect sign-in for the portal: authorization code flow with PKCE (S256) as a public
 * client, through openid-client's browser build. Tokens live in this object only (memory), never in
 * localStorage or sessionStorage: a reload signs in again, which the provider's session makes
 * quick. Access tokens are renewed shortly before they expire with the refresh token when the
 * provider granted one (the development provider does for public web clients); without one, the
 * official is sent through the provider again. Sign-out ends the provider's session too
 * (RP-initiated logout).
 *
 * Every service checks that a token was issued for it (its audience), so one token does not open
 * all of them: the authorization request names every service as a resource (RFC 8707 §2.1), the
 * code grant gets the identity API's token, and the refresh token is exchanged for the others'
 * when first needed (RFC 8707 §2.2). Refreshes run one at a time, since the provider rotates the
 * refresh token of a public client on each use.
 */
export class OidcSession {
  private tokens: Tokens | undefined;
  private readonly serviceTokens = new Map<PortalService, ServiceToken>();
  /** Refresh-token grants, chained: each one may rotate the refresh token the next one needs. */
  private refreshChain: Promise<unknown> = Promise.resolve();
  private current: Official | undefined;
  private renewal: unknown;
  private renewing: Promise<void> | undefined;
  private completing: Promise<string> | undefined;
  private readonly listeners = new Set<() => void>();

  private constructor(
    private readonly config: PortalConfig,
    private readonly server: oidc.Configuration,
    private readonly env: OidcSessionEnvironment,
  ) {}

  /** Discovers the provider (`/.well-known/openid-configuration`). */
  static async start(config: PortalConfig, env: OidcSessionEnvironment = browserEnvironment()): Promise<OidcSession> {
    const issuer = new URL(config.issuer);
    // Plain http only for a provider on this machine (development); anything else must be https.
    const insecure = issuer.protocol === 'http:' && ['127.0.0.1', 'localhost', '[::1]'].includes(issuer.hostname);
    const server = await oidc.discovery(issuer, config.clientId, undefined, oidc.None(), insecure ? { execute: [oidc.allowInsecureRequests] } : undefined);
    return new OidcSession(config, server, env);
  }

  get official(): Official | undefined {
    return this.current;
  }

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Sends the official to the provider; they come back to `returnTo` signed in. */
  async signIn(returnTo = '/'): Promise<void> {
    const codeVerifier = oidc.randomPKCECodeVerifier();
    const state = oidc.randomState();
    const pending: PendingSignIn = { codeVerifier, state, returnTo: returnTo.startsWith('/') && !returnTo.startsWith('//') ? returnTo : '/' };
    this.env.storage.setItem(PENDING_KEY, JSON.stringify(pending));
    const parameters = new URLSearchParams({ redirect_uri: this.redirectUri(), scope: 'openid profile roles api', code_challenge: await oidc.calculatePKCECodeChallenge(codeVerifier), code_challenge_method: 'S256', state });
    for (const service of PORTAL_SERVICES) parameters.append('resource', resourceOf(this.config, service));
    this.env.navigate(oidc.buildAuthorizationUrl(this.server, parameters));
  }

  /**
   * On the callback URL: redeems the code (checking state and PKCE); answers where to go next.
   * Idempotent: a second call (React's development double effects) gets the first call's answer,
   * since the code and the pending sign-in can be used only once.
   */
  completeSignIn(): Promise<string> {
    this.completing ??= this.redeem();
    return this.completing;
  }

  private async redeem(): Promise<string> {
    const stored = this.env.storage.getItem(PENDING_KEY);
    this.env.storage.removeItem(PENDING_KEY);
    if (!stored) throw new Error('No sign-in was in progress in this tab. Start again from the sign-in page.');
    const pending = JSON.parse(stored) as PendingSignIn;
    const response = await oidc.authorizationCodeGrant(this.server, this.env.currentUrl(), { pkceCodeVerifier: pending.codeVerifier, expectedState: pending.state, idTokenExpected: true }, { resource: this.config.identityResource });
    this.accept(response);
    return pending.returnTo;
  }

  /**
   * An access token for a service (the identity API unless named): renewed first when it is about
   * to expire. Without a refresh token an expired session sends the official through the provider
   * again, and the other services cannot be reached.
   */
  async accessToken(service: PortalService = 'identity'): Promise<string> {
    if (!this.tokens) throw new Error('not signed in');
    if (service === 'identity') {
      if (this.tokens.expiresAt - this.env.now() <= RENEW_AHEAD_MS) await this.renew();
      if (!this.tokens) throw new Error('the session ended; sign in again');
      return this.tokens.accessToken;
    }
    const cached = this.serviceTokens.get(service);
    if (cached && cached.expiresAt - this.env.now() > RENEW_AHEAD_MS) return cached.accessToken;
    const response = await this.refresh(resourceOf(this.config, service));
    if (!response) throw new Error(`no access to the ${service} service: the provider gave this session no refresh token; sign in again`);
    const token = { accessToken: response.access_token, expiresAt: this.env.now() + (response.expiresIn() ?? 300) * 1000 };
    this.serviceTokens.set(service, token);
    return token.accessToken;
  }

  /** One refresh-token grant for a resource, after the ones already running; keeps a rotated refresh token. */
  private refresh(resource: string): Promise<(oidc.TokenEndpointResponse & oidc.TokenEndpointResponseHelpers) | undefined> {
    const next = this.refreshChain.then(async () => {
      const refreshToken = this.tokens?.refreshToken;
      if (!refreshToken) return undefined;
      const response = await oidc.refreshTokenGrant(this.server, refreshToken, { resource });
      if (response.refresh_token && this.tokens) this.tokens = { ...this.tokens, refreshToken: response.refresh_token };
      return response;
    });
    this.refreshChain = next.catch(() => undefined);
    return next;
  }

  /** Forgets the tokens and ends the session at the provider, which sends the browser back here. */
  signOut(): void {
    const idToken = this.tokens?.idToken;
    this.clear();
    const origin = this.env.currentUrl().origin;
    this.env.navigate(oidc.buildEndSessionUrl(this.server, { post_logout_redirect_uri: origin, client_id: this.config.clientId, ...(idToken && { id_token_hint: idToken }) }));
  }

  private renew(): Promise<void> {
    this.renewing ??= this.doRenew().finally(() => {
      this.renewing = undefined;
    });
    return this.renewing;
  }

  private async doRenew(): Promise<void> {
    const refreshToken = this.tokens?.refreshToken;
    if (refreshToken) {
      try {
        const response = await this.refresh(this.config.identityResource);
        if (response) {
          this.accept(response);
          return;
        }
      } catch {
        // The refresh token was revoked or has expired: sign in again below.
      }
    }
    const returnTo = (({ pathname, search }) => `${pathname}${search}`)(this.env.currentUrl());
    this.clear();
    await this.signIn(returnTo);
  }

  private accept(response: oidc.TokenEndpointResponse & oidc.TokenEndpointResponseHelpers): void {
    const claims = response.claims();
    const previous = this.tokens;
    const expiresIn = response.expiresIn() ?? 300;
    this.tokens = {
      accessToken: response.access_token,
      // A refresh that does not rotate the refresh token (or the ID token) keeps the previous one.
      ...((response.refresh_token ?? previous?.refreshToken) !== undefined && { refreshToken: response.refresh_token ?? previous?.refreshToken }),
      ...((response.id_token ?? previous?.idToken) !== undefined && { idToken: response.id_token ?? previous?.idToken }),
      expiresAt: this.env.now() + expiresIn * 1000,
    };
    if (claims) this.current = { subject: claims.sub, name: typeof claims['name'] === 'string' ? claims['name'] : claims.sub, roles: officialRoles(claims['roles']) };
    this.scheduleRenewal(expiresIn * 1000);
    this.notify();
  }

  private scheduleRenewal(expiresInMs: number): void {
    if (this.renewal !== undefined) this.env.clearTimer(this.renewal);
    // Only a refresh token renews silently; without one the next API call starts a new sign-in.
    if (!this.tokens?.refreshToken) return;
    this.renewal = this.env.setTimer(() => void this.renew(), Math.max(expiresInMs - RENEW_AHEAD_MS, 5_000));
  }

  private clear(): void {
    if (this.renewal !== undefined) this.env.clearTimer(this.renewal);
    this.renewal = undefined;
    this.tokens = undefined;
    this.serviceTokens.clear();
    this.current = undefined;
    this.notify();
  }

  private redirectUri(): string {
    return `${this.env.currentUrl().origin}${CALLBACK_PATH}`;
  }

  private notify(): void {
    for (const listener of this.listeners) listener();
  }
}

export function browserEnvironment(): OidcSessionEnvironment {
  return {
    currentUrl: () => new URL(window.location.href),
    navigate: (url) => window.location.assign(url.href),
    storage: window.sessionStorage,
    now: () => Date.now(),
    setTimer: (callback, ms) => window.setTimeout(callback, ms),
    clearTimer: (handle) => window.clearTimeout(handle as number),
  };
}
