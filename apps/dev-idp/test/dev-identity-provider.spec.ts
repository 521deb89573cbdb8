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

  it('refuses a wrong client secret and an unknown resource', async () => {
    expect((await clientCredentials('urn:citizen-zero:identity', 'wrong')).status).toBe(401);
    expect((await clientCredentials('urn:elsewhere:api')).status).toBe(400);
  });
});
