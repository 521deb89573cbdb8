import { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MDL_NAMESPACE } from '@citizen-zero/mdoc';
import { TestIssuer } from './support/test-issuer';
import { startVerification, type VerificationTestContext } from './support/verification-test-app';

const officer = { roles: ['security-officer'], subject: 'security-officer-1' };
const b64 = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64');

describe('relying parties: API keys (hash only, shown once, rotation), purposes, sliding-window rate limits, usage metering', () => {
  let issuer: TestIssuer;
  let verification: VerificationTestContext;
  let party: { id: string; apiKey: string; keyId: string };
  let firstKeyId = '';

  /** A call with an API key instead of an OIDC token. */
  const withKey = async (key: string, method: string, path: string, body?: unknown, header: 'authorization' | 'x-api-key' = 'authorization') => {
    const response = await fetch(`${verification.baseUrl}${path}`, { method, headers: { [header]: header === 'authorization' ? `ApiKey ${key}` : key, ...(body !== undefined && { 'content-type': 'application/json' }) }, ...(body !== undefined && { body: JSON.stringify(body) }) });
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : undefined, headers: response.headers };
  };
  const verifyAs = async (key: string, purpose: string | undefined, elements: string[] | undefined) => {
    const presentation = await issuer.presentMdl(['age_over_18', 'portrait', 'family_name']);
    return withKey(key, 'POST', '/verifications', { deviceResponse: b64(presentation.deviceResponse), sessionTranscript: b64(presentation.sessionTranscript), ...(elements && { request: { [MDL_NAMESPACE]: elements } }), ...(purpose && { purpose }) });
  };

  beforeAll(async () => {
    issuer = await TestIssuer.start();
    verification = await startVerification({ CZ_STATUS_LIST_HOSTS: issuer.host });
    expect((await verification.request('POST', '/trust/iacas', { ...officer, body: { pem: issuer.iacaPem } })).status).toBe(201);
    const registered = await verification.request('POST', '/relying-parties', { ...officer, body: { name: 'Corner Shop', purposes: ['age-verification'], rateLimitPerMinute: 8 } });
    expect(registered.status).toBe(201);
    party = registered.body;
  });
  afterAll(async () => {
    await verification?.close();
    await issuer?.close();
  });

  it('registers a party and shows its key once; only the key\'s hash is stored', async () => {
    expect(party.apiKey).toMatch(/^czrp_[A-Za-z0-9_-]{16}_[A-Za-z0-9_-]{43}$/);
    const described = await verification.request('GET', `/relying-parties/${party.id}`, officer);
    expect(described.body).toMatchObject({ name: 'Corner Shop', purposes: ['age-verification'], rateLimitPerMinute: 8, keys: [{ keyId: party.keyId }] });
    const secret = /^czrp_[A-Za-z0-9_-]{16}_(.{43})$/.exec(party.apiKey)![1]!;
    expect(JSON.stringify(described.body)).not.toContain(secret);
    const [row] = await verification.app.get(DataSource).query(`SELECT encode(secret_hash, 'hex') AS hash FROM relying_party_keys WHERE id = $1`, [party.keyId]);
    expect(row.hash).toHaveLength(64);
    const dump = JSON.stringify(await verification.app.get(DataSource).query(`SELECT * FROM relying_party_keys`));
    expect(dump).not.toContain(secret);
    expect(dump).not.toContain(Buffer.from(secret).toString('hex'));
    expect((await verification.request('POST', '/relying-parties', { ...officer, body: { name: 'Corner Shop', purposes: ['nationality'] } })).body.code).toBe('RELYING_PARTY_EXISTS');
    expect((await verification.request('POST', '/relying-parties', { ...officer, body: { name: 'Shady', purposes: ['everything'] } })).body.code).toBe('VALIDATION_FAILED');
    expect((await verification.request('POST', '/relying-parties', { roles: ['verifier'], body: { name: 'Self-registered', purposes: ['age-verification'] } })).status).toBe(403);
  });

  it('lets the party verify within its purpose and returns only what it asked for', async () => {
    const result = await verifyAs(party.apiKey, 'age-verification', ['age_over_18']);
    expect(result.status, JSON.stringify(result.body)).toBe(200);
    expect(result.body.valid).toBe(true);
    expect(Object.keys(result.body.documents[0].elements[MDL_NAMESPACE])).toEqual(['age_over_18']);
    const [record] = await verification.app.get(DataSource).query(`SELECT relying_party, disclosed_elements FROM verification_records WHERE id = $1`, [result.body.recordId]);
    expect(record).toEqual({ relying_party: `relying-party:${party.id}`, disclosed_elements: [`${MDL_NAMESPACE}/age_over_18`] });
    expect((await withKey(party.apiKey, 'GET', '/trust/iacas', undefined, 'x-api-key')).status).toBe(403);
  });

  it('refuses requests outside the purpose, without a purpose, or without naming the elements', async () => {
    const outside = await verifyAs(party.apiKey, 'age-verification', ['age_over_18', 'family_name']);
    expect(outside.status).toBe(403);
    expect(outside.body).toMatchObject({ code: 'PURPOSE_NOT_ALLOWED', detail: expect.stringContaining('family_name') });
    expect((await verifyAs(party.apiKey, 'identity-verification', ['family_name'])).body.code).toBe('PURPOSE_NOT_ALLOWED');
    expect((await verifyAs(party.apiKey, undefined, ['age_over_18'])).body.code).toBe('PURPOSE_REQUIRED');
    expect((await verifyAs(party.apiKey, 'age-verification', undefined)).body.code).toBe('REQUEST_REQUIRED');
  });

  it('refuses unknown, malformed and revoked keys; rotation keeps the old key until it is revoked', async () => {
    expect((await verifyAs('czrp_not-a-key', 'age-verification', ['age_over_18'])).body.code).toBe('AUTH_API_KEY_INVALID');
    const forged = party.apiKey.slice(0, -4) + (party.apiKey.endsWith('AAAA') ? 'BBBB' : 'AAAA');
    expect((await verifyAs(forged, 'age-verification', ['age_over_18'])).status).toBe(401);
    const rotated = await verification.request('POST', `/relying-parties/${party.id}/keys`, officer);
    expect(rotated.status).toBe(201);
    expect((await verifyAs(rotated.body.apiKey, 'age-verification', ['age_over_18'])).status).toBe(200);
    expect((await verifyAs(party.apiKey, 'age-verification', ['age_over_18'])).status).toBe(200);
    expect((await verification.request('DELETE', `/relying-parties/${party.id}/keys/${party.keyId}`, officer)).status).toBe(204);
    expect((await verifyAs(party.apiKey, 'age-verification', ['age_over_18'])).body.code).toBe('AUTH_API_KEY_INVALID');
    expect((await verification.request('DELETE', `/relying-parties/${party.id}/keys/${party.keyId}`, officer)).body.code).toBe('API_KEY_NOT_FOUND');
    firstKeyId = party.keyId;
    party = { ...party, apiKey: rotated.body.apiKey, keyId: rotated.body.keyId };
  });

  it('limits each key to its rate over a sliding minute, answering 429 with Retry-After', async () => {
    const registered = await verification.request('POST', '/relying-parties', { ...officer, body: { name: 'Busy Bar', purposes: ['age-verification'], rateLimitPerMinute: 3 } });
    const statuses: number[] = [];
    let refused: Awaited<ReturnType<typeof verifyAs>> | undefined;
    for (let attempt = 0; attempt < 5; attempt++) {
      const result = await verifyAs(registered.body.apiKey, 'age-verification', ['age_over_18']);
      statuses.push(result.status);
      if (result.status === 429) refused = result;
    }
    expect(statuses).toEqual([200, 200, 200, 429, 429]);
    expect(refused!.body.code).toBe('RATE_LIMITED');
    const retryAfter = Number(refused!.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);
    // Another party's key has its own window.
    expect((await verifyAs(party.apiKey, 'age-verification', ['age_over_18'])).status).toBe(200);
  });

  it('meters usage per day, operation and key', async () => {
    const usage = await verification.request('GET', `/relying-parties/${party.id}/usage?days=2`, { roles: ['auditor'] });
    expect(usage.status).toBe(200);
    const [today] = usage.body;
    expect(today.day).toBe(new Date().toISOString().slice(0, 10));
    // Counted: the requests that passed authentication and the purpose checks — 4 so far with this party's keys
    // (one in the purpose test, two around the rotation, one beside the other party's rate limit).
    expect(today.operations.mdoc).toBe(4);
    expect(today.keys).toEqual({ [firstKeyId]: 2, [party.keyId]: 2 });
    expect(usage.body[1].operations).toEqual({});
  });
});
