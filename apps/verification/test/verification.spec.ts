import { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MDL_NAMESPACE } from '@citizen-zero/mdoc';
import { TestIssuer } from './support/test-issuer';
import { startVerification, type VerificationTestContext } from './support/verification-test-app';

const officer = { roles: ['security-officer'], subject: 'security-officer-1' };
const b64 = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64');

describe('verification service: trust list, presentations with status, selective disclosure, records without values', () => {
  let issuer: TestIssuer;
  let verification: VerificationTestContext;

  beforeAll(async () => {
    issuer = await TestIssuer.start();
    verification = await startVerification({ CZ_STATUS_LIST_HOSTS: issuer.host });
  });
  afterAll(async () => {
    await verification?.close();
    await issuer?.close();
  });

  const verify = async (presentation: { deviceResponse: Uint8Array; sessionTranscript: Uint8Array }, request?: Record<string, string[]>) =>
    verification.request('POST', '/verifications', { body: { deviceResponse: b64(presentation.deviceResponse), sessionTranscript: b64(presentation.sessionTranscript), ...(request && { request }) } });

  it('refuses a presentation from an issuer that is not (yet) trusted', async () => {
    const result = await verify(await issuer.presentMdl());
    expect(result.status).toBe(200);
    expect(result.body.valid).toBe(false);
    expect(result.body.documents[0].checks.find((check: { check: string }) => check.check === 'issuer-certificate-chain')).toMatchObject({ passed: false, code: 'CERT_CHAIN_UNTRUSTED' });
  });

  it('lets a security officer add an IACA after checking its profile, and publishes it in the bundle', async () => {
    expect((await verification.request('POST', '/trust/iacas', { body: { pem: issuer.iacaPem } })).status).toBe(403);
    const notIaca = await verification.request('POST', '/trust/iacas', { ...officer, body: { pem: issuer.iacaPem.replace(/MII[A-Za-z0-9+/]{10}/, 'MIIAAAAAAAAAAA') } });
    expect(notIaca.status).toBe(400);
    expect(notIaca.body.code).toBe('TRUST_ANCHOR_INVALID');
    const added = await verification.request('POST', '/trust/iacas', { ...officer, body: { pem: issuer.iacaPem } });
    expect(added.status).toBe(201);
    expect(added.body).toMatchObject({ country: 'UT', addedBy: 'security-officer-1' });
    expect((await verification.request('POST', '/trust/iacas', { ...officer, body: { pem: issuer.iacaPem } })).body.code).toBe('TRUST_ANCHOR_EXISTS');
    const bundle = await fetch(`${verification.baseUrl}/trust/bundle.pem`);
    expect(await bundle.text()).toContain(issuer.iacaPem.split('\n')[1]);
  });

  it('verifies a valid mDL with its status, returning only the elements asked for, and records names, not values', async () => {
    const presentation = await issuer.presentMdl(['age_over_18', 'portrait', 'nationality', 'family_name']);
    const result = await verify(presentation, { [MDL_NAMESPACE]: ['age_over_18', 'portrait', 'nationality'] });
    expect(result.body.valid).toBe(true);
    const [document] = result.body.documents;
    expect(document.status).toMatchObject({ status: 'valid', stale: false });
    expect(Object.keys(document.elements[MDL_NAMESPACE]).sort()).toEqual(['age_over_18', 'nationality', 'portrait']);
    expect(document.elements[MDL_NAMESPACE].age_over_18).toBe(true);
    expect(JSON.stringify(result.body)).not.toContain('Okonkwo');
    const [record] = await verification.app.get(DataSource).query(`SELECT * FROM verification_records WHERE id = $1`, [result.body.recordId]);
    expect(record.disclosed_elements.sort()).toEqual([`${MDL_NAMESPACE}/age_over_18`, `${MDL_NAMESPACE}/nationality`, `${MDL_NAMESPACE}/portrait`]);
    expect(JSON.stringify(record)).not.toMatch(/Okonkwo|1990-04-17|Adaeze/);
  });

  it('rejects a revoked or suspended credential by its status list, and a tampered one by its digests', async () => {
    const revoked = await issuer.presentMdl();
    issuer.setStatus(revoked.statusIndex, 'revoked');
    const suspended = await issuer.presentMdl();
    issuer.setStatus(suspended.statusIndex, 'suspended');
    // The cache honours the token's ttl; a fresh verification service sees the change at once.
    const fresh = await startVerification({ CZ_STATUS_LIST_HOSTS: issuer.host });
    try {
      await fresh.request('POST', '/trust/iacas', { ...officer, body: { pem: issuer.iacaPem } });
      const verifyOn = (presentation: { deviceResponse: Uint8Array; sessionTranscript: Uint8Array }) => fresh.request('POST', '/verifications', { body: { deviceResponse: b64(presentation.deviceResponse), sessionTranscript: b64(presentation.sessionTranscript) } });
      const revokedResult = (await verifyOn(revoked)).body;
      expect(revokedResult.valid).toBe(false);
      expect(revokedResult.documents[0].checks.find((check: { check: string }) => check.check === 'status')).toMatchObject({ passed: false, code: 'CREDENTIAL_REVOKED' });
      expect((await verifyOn(suspended)).body.documents[0].status.status).toBe('suspended');
      const tampered = Uint8Array.from(revoked.deviceResponse);
      const at = Buffer.from(tampered).indexOf(Buffer.from('Okonkwo'));
      tampered[at] = 'X'.charCodeAt(0);
      const tamperedResult = (await verifyOn({ ...revoked, deviceResponse: tampered })).body;
      expect(tamperedResult.valid).toBe(false);
      expect(tamperedResult.documents[0].checks.some((check: { code?: string }) => check.code === 'MSO_DIGEST_MISMATCH')).toBe(true);
    } finally {
      await fresh.close();
    }
  });

  it('says when status information is stale, and when a list may not be fetched', async () => {
    const stale = await startVerification({ CZ_STATUS_LIST_HOSTS: issuer.host });
    const elsewhere = await startVerification({ CZ_STATUS_LIST_HOSTS: 'status.other-country.example' });
    try {
      for (const service of [stale, elsewhere]) await service.request('POST', '/trust/iacas', { ...officer, body: { pem: issuer.iacaPem } });
      const presentation = await issuer.presentMdl();
      issuer.serveExpired();
      const staleResult = (await stale.request('POST', '/verifications', { body: { deviceResponse: b64(presentation.deviceResponse), sessionTranscript: b64(presentation.sessionTranscript) } })).body;
      expect(staleResult.documents[0].status).toMatchObject({ status: 'valid', stale: true });
      const blocked = (await elsewhere.request('POST', '/verifications', { body: { deviceResponse: b64(presentation.deviceResponse), sessionTranscript: b64(presentation.sessionTranscript) } })).body;
      expect(blocked.documents[0].status).toMatchObject({ status: 'unknown', code: 'STATUS_LIST_HOST_NOT_ALLOWED' });
      expect(blocked.valid).toBe(false);
    } finally {
      await stale.close();
      await elsewhere.close();
    }
  });

  it('refuses malformed input with a problem body, and retires a trust anchor', async () => {
    const malformed = await verification.request('POST', '/verifications', { body: { deviceResponse: 'AAAA', sessionTranscript: 'AAAA' } });
    expect(malformed.status).toBe(400);
    expect(malformed.body.code).toBe('PRESENTATION_MALFORMED');
    const notBase64 = await verification.request('POST', '/verifications', { body: { deviceResponse: '***', sessionTranscript: 'AAAA' } });
    expect(notBase64.body.errors[0].field).toBe('deviceResponse');
    const [anchor] = (await verification.request('GET', '/trust/iacas', officer)).body;
    expect((await verification.request('POST', `/trust/iacas/${anchor.id}/retirement`, { ...officer, body: { reason: 'superseded' } })).status).toBe(204);
    expect((await verification.request('GET', '/trust/iacas', officer)).body).toEqual([]);
    expect((await verification.request('GET', '/trust/iacas?includeRetired=true', officer)).body[0]).toMatchObject({ retiredBy: 'security-officer-1', retirementReason: 'superseded' });
    expect((await verify(await issuer.presentMdl())).body.valid).toBe(false);
  });
});
