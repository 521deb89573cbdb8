import { generateKeyPair, exportJWK, type JWK } from 'jose';
import Provider, { type ClientMetadata, type Configuration, errors, type KoaContextWithOIDC } from 'oidc-provider';

/**
 * The development OpenID provider that `npm start` runs (node-oidc-provider): demo officials for
 * the admin portal's authorization code flow with PKCE, and client-credentials clients for
 * services and the platform's own seeding. Access tokens are JWTs (RFC 9068) for the resource
 * (audience) asked for, carrying the official's or client's `roles`. In production any standard
 * IdP (e.g. Keycloak) takes its place; the services only read issuer, JWKS and the roles claim.
 */
export interface DemoOfficial {
  readonly username: string;
  readonly name: string;
  readonly roles: readonly string[];
}

export interface ServiceClient {
  readonly clientId: string;
  readonly clientSecret: string;
  readonly roles: readonly string[];
}

export interface DevIdentityProviderOptions {
  readonly issuer: string;
  /** Resource indicators (absolute URIs) the provider issues tokens for, e.g. `urn:citizen-zero:identity`. */
  readonly resources: readonly string[];
  readonly officials: readonly DemoOfficial[];
  readonly serviceClients: readonly ServiceClient[];
  /** Browser clients (admin portal, verifier) with their redirect URIs. */
  readonly browserClients: ReadonlyArray<{ readonly clientId: string; readonly redirectUris: readonly string[]; readonly postLogoutRedirectUris?: readonly string[] }>;
  /** The signing key (private JWK, ES256); persisted by the caller so tokens survive restarts. */
  readonly signingKey: JWK;
  /** Secrets that sign the provider's cookies. */
  readonly cookieKeys: readonly string[];
}

export async function generateSigningKey(): Promise<JWK> {
  const { privateKey } = await generateKeyPair('ES256', { extractable: true });
  return { ...(await exportJWK(privateKey)), alg: 'ES256', use: 'sig', kid: `dev-${Date.now().toString(36)}` };
}

export function createDevIdentityProvider(options: DevIdentityProviderOptions): Provider {
  const officials = new Map(options.officials.map((official) => [official.username, official]));
  const serviceRoles = new Map(options.serviceClients.map((client) => [client.clientId, client.roles]));
  const clients: ClientMetadata[] = [
    ...options.serviceClients.map((client): ClientMetadata => ({ client_id: client.clientId, client_secret: client.clientSecret, grant_types: ['client_credentials'], redirect_uris: [], response_types: [] })),
    ...options.browserClients.map(
      (client): ClientMetadata => ({
        client_id: client.clientId,
        token_endpoint_auth_method: 'none' as const,
        grant_types: ['authorization_code', 'refresh_token'],
        response_types: ['code'],
        redirect_uris: [...client.redirectUris],
        post_logout_redirect_uris: [...(client.postLogoutRedirectUris ?? [])],
      }),
    ),
  ];
  const configuration: Configuration = {
    clients,
    jwks: { keys: [options.signingKey] },
    clientDefaults: { id_token_signed_response_alg: 'ES256', grant_types: ['authorization_code'], response_types: ['code'] },
    cookies: { keys: [...options.cookieKeys] },
    findAccount: (_ctx: KoaContextWithOIDC, id: string) => {
      const official = officials.get(id);
      return official ? { accountId: id, claims: () => ({ sub: id, name: official.name, roles: [...official.roles] }) } : undefined;
    },
    claims: { openid: ['sub'], profile: ['name'], roles: ['roles'] },
    // The ID token carries the claims of the granted scopes (name, roles), as Keycloak's mappers
    // do: the admin portal reads the official's roles from its ID token, never from the access
    // token meant for the services (whose audience the userinfo endpoint refuses).
    conformIdTokenClaims: false,
    // Browser clients call the token and end-session endpoints from their own origin: allowed for
    // the origins of their registered redirect URIs only (the provider refuses all CORS by default).
    clientBasedCORS: (_ctx, origin, client) => (client.redirectUris ?? []).some((uri) => new URL(uri).origin === origin),
    scopes: ['openid', 'profile', 'roles', 'offline_access', 'api'],
    pkce: { required: () => true },
    // The web apps are public clients that keep tokens in memory and exchange their refresh token
    // for each service's audience (RFC 8707): they get one without asking for offline_access
    // (node-oidc-provider's default issues refresh tokens only with offline_access).
    issueRefreshToken: (_ctx, client, code) => client.grantTypeAllowed('refresh_token') && (code.scopes.has('offline_access') || client.clientAuthMethod === 'none'),
    features: {
      devInteractions: { enabled: true },
      clientCredentials: { enabled: true },
      rpInitiatedLogout: { enabled: true },
      resourceIndicators: {
        enabled: true,
        defaultResource: (_ctx, _client, oneOf) => (oneOf ? (Array.isArray(oneOf) ? oneOf[0]! : oneOf) : options.resources[0]!),
        useGrantedResource: () => true,
        getResourceServerInfo: (_ctx, resourceIndicator) => {
          if (!options.resources.includes(resourceIndicator)) throw new errors.InvalidTarget(`unknown resource ${resourceIndicator}`);
          return { scope: 'api', audience: resourceIndicator, accessTokenTTL: 900, accessTokenFormat: 'jwt', jwt: { sign: { alg: 'ES256' } } };
        },
      },
    },
    extraTokenClaims: (_ctx, token) => {
      const accountId = 'accountId' in token ? (token.accountId as string | undefined) : undefined;
      if (accountId) return { roles: [...(officials.get(accountId)?.roles ?? [])] };
      const clientId = token.clientId;
      return { sub: clientId, roles: [...(clientId ? (serviceRoles.get(clientId) ?? []) : [])] };
    },
    ttl: { AccessToken: 900, ClientCredentials: 900, Session: 8 * 3600, Grant: 8 * 3600, Interaction: 3600, IdToken: 900, RefreshToken: 8 * 3600 },
    routes: { jwks: '/jwks' },
  };
  const provider = new Provider(options.issuer, configuration);
  provider.proxy = false;
  // The built-in development pages import a Google font and leave the browser to ask for a
  // favicon: on a closed network both fail (and the portal's browser test fails on any failed
  // request). Serve them self-contained.
  provider.use(async (ctx, next) => {
    await next();
    if (typeof ctx.body === 'string' && ctx.response.is('html')) {
      ctx.body = ctx.body.replace(/@import url\(https:\/\/fonts\.googleapis\.com\/[^)]*\);/g, '').replace('<head>', '<head><link rel="icon" href="data:,">');
    }
  });
  return provider;
}
