import { writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Hsm } from '@citizen-zero/hsm';
import { certificatePem, issueDocumentSignerCertificate, parseCertificate } from '@citizen-zero/pki';
import { eventually } from './support/biometric-stand-in';
import { type IdentityTestContext, startIdentity } from './support/identity-test-app';

const registrar = { roles: ['registrar'], subject: 'registrar-mo' };
const approver = { roles: ['approver'], subject: 'approver-ned' };
const admin = { roles: ['admin'], subject: 'admin-ola' };

describe('dead letters: a job that fails every attempt is kept with its error and can be replayed once the cause is fixed', () => {
  let identity: IdentityTestContext;
  beforeAll(async () => {
    identity = await startIdentity();
  });
  afterAll(() => identity?.close());

  it('lands in the dead-letter table after three attempts, and a replay after the fix issues it once', async () => {
    // The seal key disappears from the HSM after the service has started (an operator mistake).
    const hsm = await Hsm.open(identity.token);
    await hsm.deleteKey('seal');
    await hsm.close();

    const created = await identity.request('POST', '/applications', { ...registrar, body: { type: 'birth-registration', applicant: { familyName: 'Okafor', givenNames: 'Ify', birthDate: '2026-11-20', placeOfBirth: 'Utopia City', sex: 'F', nationalities: ['UT'], addresses: [] }, reason: 'notification' } });
    const id: string = created.body.id;
    await identity.request('POST', `/applications/${id}/submission`, { ...registrar, body: { reason: 'signed' } });
    await identity.request('POST', `/applications/${id}/approval`, { ...approver, body: { reason: 'verified' } });

    const [letter] = await eventually(async () => {
      const list = (await identity.request('GET', '/dead-letters', admin)).body as Array<Record<string, unknown>>;
      return list.length > 0 ? list : undefined;
    }, 'a dead letter', 30_000);
    expect(letter).toMatchObject({ queue: 'identity.issuance.seal', jobName: 'issue-document', attempts: 3 });
    expect(String(letter!['errorCode'])).toMatch(/^HSM_/);
    expect(Object.keys(letter!['payload'] as object)).toEqual(['documentId']);
    expect((await identity.request('GET', `/applications/${id}`, approver)).body.state).toBe('approved');
    expect((await identity.request('GET', '/dead-letters', { roles: ['registrar'], subject: 'x' })).status).toBe(403);

    // The security officer generates a new seal key and has the IACA certify it; the service restarts with it.
    const fix = await Hsm.open(identity.token);
    await fix.generateEcKeyPair({ label: 'seal', curve: 'P-256' });
    const seal = await fix.signer('seal');
    const now = Date.now();
    const certificate = await issueDocumentSignerCertificate({ iacaSigner: await fix.signer('iaca'), iacaCertificate: parseCertificate(identity.iacaPem), publicKeySpki: await seal.publicKeySpki(), subject: { country: 'UT', commonName: 'Utopia Test seal (replacement)' }, validity: { notBefore: new Date(now - 60_000), notAfter: new Date(now + 365 * 86_400_000) } });
    await fix.close();
    writeFileSync(identity.config.signing.sealCertificateFile, certificatePem(certificate));
    await identity.restart();

    const replayed = await identity.request('POST', `/dead-letters/${letter!['id']}/replay`, admin);
    expect(replayed.status).toBe(200);
    expect(replayed.body).toMatchObject({ replayedBy: 'admin-ola' });
    await eventually(async () => ((await identity.request('GET', `/applications/${id}`, approver)).body.state === 'issued' ? true : undefined), 'the replayed issuance');
    expect((await identity.request('POST', `/dead-letters/${letter!['id']}/replay`, admin)).status).toBe(409);
    expect((await identity.request('GET', '/dead-letters', admin)).body).toEqual([]);
    expect((await identity.request('GET', '/dead-letters?includeReplayed=false', admin)).body).toEqual([]);
    expect((await identity.request('GET', '/dead-letters?includeReplayed=maybe', admin)).status).toBe(400);
    expect((await identity.request('GET', '/dead-letters?includeReplayed=true', admin)).body).toHaveLength(1);
  }, 60_000);
});
