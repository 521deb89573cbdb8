import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freeLoopbackPort } from '@citizen-zero/test-harness';
import { startVerification, type VerificationTestContext } from './support/verification-test-app';

describe('readiness covers what the verification service uses: PostgreSQL and Redis (and the HSM where it signs the trust list: trust-bundle.spec.ts)', () => {
  let verification: VerificationTestContext;
  let withoutRedis: VerificationTestContext;

  beforeAll(async () => {
    verification = await startVerification();
    withoutRedis = await startVerification({ CZ_REDIS_URL: `redis://127.0.0.1:${await freeLoopbackPort()}` });
  });
  afterAll(async () => {
    await verification?.close();
    await withoutRedis?.close();
  });

  it('is ready with its checks, and records each probe for the monitor', async () => {
    const ready = await verification.request('GET', '/health/ready', { bearer: null });
    expect(ready.status).toBe(200);
    expect(ready.body).toEqual({ status: 'ok', checks: { database: 'up', redis: 'up' } });
    const metrics = await (await fetch(`${verification.baseUrl}/metrics`)).text();
    expect(metrics).toMatch(/readiness_check_up\{check="redis",service="verification"\} 1/);
    expect(metrics).toMatch(/readiness_check_duration_seconds\{check="database",service="verification"\} \d/);
  });

  it('is not ready, naming the check, when Redis does not answer', async () => {
    const ready = await withoutRedis.request('GET', '/health/ready', { bearer: null });
    expect(ready.status).toBe(503);
    expect(ready.body).toEqual({ status: 'down', checks: { database: 'up', redis: 'down' } });
    expect((await withoutRedis.request('GET', '/health/live', { bearer: null })).status).toBe(200);
  });
});
