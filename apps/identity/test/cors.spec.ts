import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type IdentityTestContext, startIdentity } from './support/identity-test-app';

const PORTAL = 'http://127.0.0.1:5173';

describe('CORS: browser origins on the allow-list (CZ_CORS_ORIGINS) only', () => {
  let identity: IdentityTestContext;
  beforeAll(async () => {
    identity = await startIdentity({ CZ_CORS_ORIGINS: PORTAL });
  });
  afterAll(() => identity?.close());

  const preflight = (origin: string) =>
    fetch(`${identity.baseUrl}/applications?state=review`, { method: 'OPTIONS', headers: { origin, 'access-control-request-method': 'GET', 'access-control-request-headers': 'authorization,x-correlation-id' } });

  it('answers the portal’s preflight with its origin, the bearer and correlation headers, and no credentials', async () => {
    const response = await preflight(PORTAL);
    expect(response.status).toBe(204);
    expect(response.headers.get('access-control-allow-origin')).toBe(PORTAL);
    expect(response.headers.get('access-control-allow-headers')).toBe('authorization,content-type,x-correlation-id');
    expect(response.headers.get('access-control-allow-credentials')).toBeNull();
  });

  it('exposes the correlation id (to quote) and Retry-After (to wait after a 429) to the portal on real requests', async () => {
    const response = await fetch(`${identity.baseUrl}/health/live`, { headers: { origin: PORTAL } });
    expect(response.headers.get('access-control-allow-origin')).toBe(PORTAL);
    expect(response.headers.get('access-control-expose-headers')).toBe('x-correlation-id,retry-after');
  });

  it('gives any other origin no CORS headers, so browsers refuse to hand it the answer', async () => {
    for (const origin of ['https://evil.example', 'http://127.0.0.1:5174', 'null']) {
      const response = await preflight(origin);
      expect(response.headers.get('access-control-allow-origin'), origin).toBeNull();
    }
  });
});
