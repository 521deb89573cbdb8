import { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parsePemBundle } from '@citizen-zero/pki';
import { StatusList, StatusType, verifyStatusListToken } from '@citizen-zero/status-list';
import { syntheticPortraitJpeg } from '@citizen-zero/test-harness';
import { verifyDocumentSeal } from '@citizen-zero/travel-documents';
import { BiometricStandIn, eventually } from './support/biometric-stand-in';
import { type IdentityTestContext, startIdentity } from './support/identity-test-app';

const registrar = { roles: ['registrar'], subject: 'registrar-pia' };
const approver = { roles: ['approver'], subject: 'approver-quinn' };

describe('passport issuance and document lifecycle (suspend, reinstate, expiry) in the status list', () => {
  let identity: IdentityTestContext;
  let biometric: BiometricStandIn;
  let passport: { id: string; statusListIndex: number };

  beforeAll(async () => {
    identity = await startIdentity();
    biometric = new BiometricStandIn(identity.config.redisUrl, identity.config.queuePrefix, () => ({ outcome: 'no-match' }));
    const person = await identity.request('POST', '/persons', { ...registrar, body: { familyName: 'Lindqvist', givenNames: 'Maja Elin', birthDate: '1979-12-31', placeOfBirth: 'Northport', sex: 'F', nationalities: ['UT'], addresses: [], portrait: Buffer.from(syntheticPortraitJpeg()).toString('base64') } });
    const application = await identity.request('POST', '/applications', { ...registrar, body: { type: 'passport', personId: person.body.id, reason: 'travel' } });
    await identity.request('POST', `/applications/${application.body.id}/submission`, { ...registrar, body: { reason: 'signed' } });
    await identity.request('POST', `/applications/${application.body.id}/biometrics`, { ...registrar, body: { reason: 'live', references: [{ modality: 'face', reference: 'face-maja' }] } });
    await eventually(async () => ((await identity.request('GET', `/applications/${application.body.id}`, approver)).body.state === 'review' ? true : undefined), 'review');
    await identity.request('POST', `/applications/${application.body.id}/approval`, { ...approver, body: { reason: 'ok' } });
    await eventually(async () => ((await identity.request('GET', `/applications/${application.body.id}`, approver)).body.state === 'issued' ? true : undefined), 'issued');
    passport = (await identity.request('GET', `/persons/${person.body.id}/documents`, approver)).body[0];
  }, 60_000);
  afterAll(async () => {
    await biometric?.close();
    await identity?.close();
  });

  const listStatus = async (index: number) => {
    const uri = `${identity.baseUrl}/status-lists/1`;
    const response = await fetch(uri, { headers: { accept: 'application/statuslist+jwt' } });
    expect(response.headers.get('content-type')).toContain('application/statuslist+jwt');
    const verdict = await verifyStatusListToken(await response.text(), { trustAnchors: parsePemBundle(identity.iacaPem), expectedUri: uri });
    expect(verdict.errors).toEqual([]);
    return (verdict.statusList as StatusList).get(index);
  };

  it('issues a passport data page: TD3 seal payload, a PDF that renders the same bytes twice', async () => {
    const document = await identity.request('GET', `/documents/${passport.id}`, approver);
    expect(document.body).toMatchObject({ kind: 'passport', state: 'issued', status: 'valid' });
    expect(document.body.documentNumber).toMatch(/^P[0-9A-Z]{8}$/);
    const verdict = await verifyDocumentSeal(document.body.seal, { trustAnchors: parsePemBundle(identity.iacaPem) });
    expect(verdict.valid).toBe(true);
    expect(verdict.payload).toMatchObject({ documentType: 'passport', primaryIdentifier: 'Lindqvist', secondaryIdentifier: 'Maja Elin', dateOfBirth: '1979-12-31' });
    const bearer = await identity.idp.token(approver.subject, approver.roles);
    const pdf = async () => Buffer.from(await (await fetch(`${identity.baseUrl}/documents/${passport.id}/pdf`, { headers: { authorization: `Bearer ${bearer}` } })).arrayBuffer());
    const first = await pdf();
    expect(first.subarray(0, 5).toString()).toBe('%PDF-');
    expect((await pdf()).equals(first)).toBe(true);
    const audit = await identity.request('GET', `/audit/entries?resourceId=${passport.id}`, { roles: ['auditor'], subject: 'auditor-r' });
    expect(audit.body.map((entry: { action: string }) => entry.action)).toEqual(['document.issue', 'document.read', 'document.render', 'document.render']);
  });

  it('suspends and reinstates a document, refuses what its status does not allow, and publishes each state', async () => {
    expect(await listStatus(passport.statusListIndex)).toBe(StatusType.VALID);
    expect((await identity.request('POST', `/documents/${passport.id}/lifecycle`, { ...approver, body: { action: 'suspend', reason: 'lost' } })).body.status).toBe('suspended');
    expect(await listStatus(passport.statusListIndex)).toBe(StatusType.SUSPENDED);
    const again = await identity.request('POST', `/documents/${passport.id}/lifecycle`, { ...approver, body: { action: 'suspend', reason: 'lost' } });
    expect(again.status).toBe(409);
    expect((await identity.request('POST', `/documents/${passport.id}/lifecycle`, { ...approver, body: { action: 'reinstate', reason: 'investigation-closed' } })).body.status).toBe('valid');
    expect(await listStatus(passport.statusListIndex)).toBe(StatusType.VALID);
    expect((await identity.request('POST', `/documents/${passport.id}/lifecycle`, { ...approver, body: { action: 'suspend', reason: 'because I said so' } })).status).toBe(400);
    expect((await identity.request('POST', `/documents/${passport.id}/lifecycle`, { ...registrar, body: { action: 'suspend', reason: 'lost' } })).status).toBe(403);
  });

  it('expires a document past its date on the next sweep', async () => {
    await identity.app.get(DataSource).query(`UPDATE issued_documents SET valid_until = now() - interval '1 day' WHERE id = $1`, [passport.id]);
    await eventually(async () => ((await identity.request('GET', `/documents/${passport.id}`, approver)).body.status === 'expired' ? true : undefined), 'expiry');
    expect(await listStatus(passport.statusListIndex)).toBe(StatusType.INVALID);
  });
});
