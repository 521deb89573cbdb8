import { createHash, randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OidcTokenVerifier } from '@citizen-zero/nest-platform';
import { freeLoopbackPort } from '@citizen-zero/test-harness';
import { createDevIdentityProvider, generateSigningKey } from '../src/dev-identity-provider.mjs';
import { DEMO_OFFICIALS, PLATFORM_RESOURCES } from '../src/platform-accounts.mjs';

describe('development identity provider (node-oidc-provider)', () => {
  let issuer: string;
  let server: { close(callback?: () => void): void };
  beforeAll(async () => {
    const port = await freeLoopbackPort();
    issuer = `http://127.0.0.1:${port}`;
    const provider = createDevIdentityProvider({
      issuer,
      resources: PLATFORM_RESOURCES,
      officials: DEMO_OFFICIALS,
      serviceClients: [{ clientId: 'platform-seeder', clientSecret: 'a-long-enough-test-secret-value-123', roles: ['registrar', 'approver'] }],
      browserClients: [{ clientId: 'admin-portal', redirectUris: ['http://127.0.0.1:5173/callback'] }],
      signingKey: await generateSigningKey(),
      cookieKeys: ['test-cookie-key-test-cookie-key'],
    });
    server = provider.listen(port, '127.0.0.1');
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const clientCredentials = async (resource: string, secret = 'a-long-enough-test-secret-value-123') =>
    fetch(`${issuer}/token`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: `Basic ${Buffer.from(`platform-seeder:${secret}`).toString('base64')}` }, body: new URLSearchParams({ grant_type: 'client_credentials', resource, scope: 'api' }) });

  it('lets browser clients call the token endpoint from their redirect URIs’ origin only (CORS)', async () => {
    const redeem = (origin: string) =>
      fetch(`${issuer}/token`, { method: 'POST', headers: { origin, 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ grant_type: 'authorization_code', client_id: 'admin-portal', code: 'not-a-real-code', code_verifier: 'x'.repeat(43), redirect_uri: 'http://127.0.0.1:5173/callback' }) });
    const portal = await redeem('http://127.0.0.1:5173');
    expect(portal.headers.get('access-control-allow-origin')).toBe('http://127.0.0.1:5173');
    expect((await portal.json()).error).toBe('invalid_grant');
    const other = await redeem('https://elsewhere.example');
    expect(other.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('publishes discovery with the JWKS and the authorization code flow with PKCE', async () => {
    const discovery = await (await fetch(`${issuer}/.well-known/openid-configuration`)).json();
    expect(discovery).toMatchObject({ issuer, jwks_uri: `${issuer}/jwks`, code_challenge_methods_supported: ['S256'] });
    expect(discovery.grant_types_supported).toEqual(expect.arrayContaining(['authorization_code', 'client_credentials', 'refresh_token']));
  });

  it('issues JWT access tokens for a resource that the services’ verifier accepts, with the client’s roles', async () => {
    const response = await clientCredentials('urn:citizen-zero:identity');
    expect(response.status).toBe(200);
    const { access_token: token } = await response.json();
    const verifier = new OidcTokenVerifier({ issuer, audience: 'urn:citizen-zero:identity', jwksUrl: `${issuer}/jwks`, algorithms: ['ES256'], rolesClaim: 'roles' }, (roles) => new Set(roles));
    const actor = await verifier.verify(token);
    expect(actor).toMatchObject({ subject: 'platform-seeder', roles: ['registrar', 'approver'] });
    const otherAudience = new OidcTokenVerifier({ issuer, audience: 'urn:citizen-zero:verification', jwksUrl: `${issuer}/jwks`, algorithms: ['ES256'], rolesClaim: 'roles' }, (roles) => new Set(roles));
    await expect(otherAudience.verify(token)).rejects.toMatchObject({ code: 'AUTH_TOKEN_INVALID' });
  });

  it('gives a web app (public client) a refresh token from the code flow without offline_access, which it exchanges for another service’s audience (RFC 8707)', async () => {
    const redirectUri = 'http://127.0.0.1:5173/callback';
    const form = { 'content-type': 'application/x-www-form-urlencoded' };
    const cookies = new Map<string, string>();
    const browse = async (url: string, init: { method?: string; body?: URLSearchParams } = {}) => {
      const response = await fetch(new URL(url, issuer), { ...init, redirect: 'manual', headers: { ...(init.body && form), cookie: [...cookies].map(([name, value]) => `${name}=${value}`).join('; ') } });
      for (const cookie of response.headers.getSetCookie()) {
        const pair = cookie.split(';')[0]!;
        cookies.set(pair.slice(0, pair.indexOf('=')), pair.slice(pair.indexOf('=') + 1));
      }
      return response;
    };
    const verifier = randomBytes(32).toString('base64url');
    const authorization = new URLSearchParams({ client_id: 'admin-portal', response_type: 'code', redirect_uri: redirectUri, scope: 'openid profile roles api', code_challenge: createHash('sha256').update(verifier).digest('base64url'), code_challenge_method: 'S256', state: 'state-1' });
    for (const resource of PLATFORM_RESOURCES) authorization.append('resource', resource);
    // The browser's way through the development login and consent pages.
    let response = await browse(`/auth?${authorization}`);
    for (let step = 0; step < 12 && !response.headers.get('location')?.startsWith(redirectUri); step++) {
      const location = response.headers.get('location');
      if (location) {
        response = await browse(location);
        continue;
      }
      const page = await response.text();
      const action = /action="([^"]+)"/.exec(page)?.[1];
      const prompt = /name="prompt" value="(\w+)"/.exec(page)?.[1];
      expect(action, page.slice(0, 500)).toBeDefined();
      response = await browse(action!, { method: 'POST', body: new URLSearchParams(prompt === 'login' ? { prompt, login: 'amara.registrar', password: 'any' } : { prompt: prompt! }) });
    }
    const code = new URL(response.headers.get('location')!).searchParams.get('code');
    expect(code).toEqual(expect.any(String));
    const tokens = await (await fetch(`${issuer}/token`, { method: 'POST', headers: form, body: new URLSearchParams({ grant_type: 'authorization_code', client_id: 'admin-portal', code: code!, code_verifier: verifier, redirect_uri: redirectUri, resource: 'urn:citizen-zero:identity' }) })).json();
    expect(tokens.refresh_token).toEqual(expect.any(String));

    const exchanged = await (await fetch(`${issuer}/token`, { method: 'POST', headers: form, body: new URLSearchParams({ grant_type: 'refresh_token', client_id: 'admin-portal', refresh_token: tokens.refresh_token, resource: 'urn:citizen-zero:biometric' }) })).json();
    const biometric = new OidcTokenVerifier({ issuer, audience: 'urn:citizen-zero:biometric', jwksUrl: `${issuer}/jwks`, algorithms: ['ES256'], rolesClaim: 'roles' }, (roles) => new Set(roles));
    expect(await biometric.verify(exchanged.access_token)).toMatchObject({ subject: 'amara.registrar', roles: ['registrar'] });
  });

  it('refuses a wrong client secret and an unknown resource', async () => {
    expect((await clientCredentials('urn:citizen-zero:identity', 'wrong')).status).toBe(401);
    expect((await clientCredentials('urn:elsewhere:api')).status).toBe(400);
  });
});
