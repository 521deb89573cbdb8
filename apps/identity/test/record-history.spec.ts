import { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { syntheticPortraitJpeg } from '@citizen-zero/test-harness';
import { BiometricStandIn, eventually } from './support/biometric-stand-in';
import { type IdentityTestContext, startIdentity } from './support/identity-test-app';

const registrar = { roles: ['registrar'], subject: 'registrar-ines' };
const approver = { roles: ['approver'], subject: 'approver-omar' };
const auditor = { roles: ['auditor'], subject: 'auditor-lea' };

interface Document {
  id: string;
  kind: string;
  state: string;
  status: string;
  documentNumber?: string;
}

describe('a person’s record for officials: documents, lifecycle refusals by code, and the audited history', () => {
  let identity: IdentityTestContext;
  let biometric: BiometricStandIn;
  let personId: string;
  let applicationId: string;
  let card: Document;
  let credential: Document;

  const documents = async (): Promise<Document[]> => (await identity.request('GET', `/persons/${personId}/documents`, approver)).body;
  const lifecycle = (documentId: string, action: string, reason: string) => identity.request('POST', `/documents/${documentId}/lifecycle`, { ...approver, body: { action, reason } });

  beforeAll(async () => {
    identity = await startIdentity();
    biometric = new BiometricStandIn(identity.config.redisUrl, identity.config.queuePrefix, () => ({ outcome: 'no-match' }));
    const person = await identity.request('POST', '/persons', { ...registrar, body: { familyName: 'Haddad', givenNames: 'Samir', birthDate: '1982-06-30', placeOfBirth: 'Eastbay', sex: 'M', nationalities: ['UT'], addresses: [], portrait: Buffer.from(syntheticPortraitJpeg()).toString('base64') } });
    personId = person.body.id;
    const application = await identity.request('POST', '/applications', { ...registrar, body: { type: 'national-id-renewal', personId, reason: 'card expires next month' } });
    applicationId = application.body.id;
    await identity.request('POST', `/applications/${applicationId}/submission`, { ...registrar, body: { reason: 'applicant present' } });
    await identity.request('POST', `/applications/${applicationId}/biometrics`, { ...registrar, body: { reason: 'live capture', references: [{ modality: 'face', reference: 'face-samir' }] } });
    await eventually(async () => ((await identity.request('GET', `/applications/${applicationId}`, approver)).body.state === 'review' ? true : undefined), 'review');
    expect((await identity.request('POST', `/applications/${applicationId}/approval`, { ...approver, body: { reason: 'photo matches the register' } })).status).toBe(200);
    await eventually(async () => ((await identity.request('GET', `/applications/${applicationId}`, approver)).body.state === 'issued' ? true : undefined), 'issued');
    const issued = await documents();
    card = issued.find((document) => document.kind === 'id-card')!;
    credential = issued.find((document) => document.kind === 'national-id-credential')!;
  }, 90_000);
  afterAll(async () => {
    await biometric?.close();
    await identity?.close();
  });

  it('lists the person’s documents with their state and status, and the number of what is issued', async () => {
    expect(card).toMatchObject({ state: 'issued', status: 'valid', documentNumber: expect.stringMatching(/^I[0-9A-Z]{8}$/) });
    expect(credential).toMatchObject({ state: 'offered', status: 'valid' });
    expect(credential.documentNumber).toBeUndefined();
    // The number in the list is the one printed on the card (sealed in the document, read back audited).
    expect((await identity.request('GET', `/documents/${card.id}`, approver)).body.documentNumber).toBe(card.documentNumber);
  });

  it('refuses lifecycle actions the status does not allow, and offers of a credential that is not valid, each with its own code', async () => {
    const reinstateValid = await lifecycle(card.id, 'reinstate', 'investigation-closed');
    expect(reinstateValid.status).toBe(409);
    expect(reinstateValid.body).toMatchObject({ code: 'DOCUMENT_TRANSITION_INVALID', detail: 'cannot reinstate a document that is valid (allowed from: suspended)' });
    expect((await identity.request('POST', `/documents/${credential.id}/offer`, approver)).status).toBe(200);
    expect((await lifecycle(credential.id, 'suspend', 'fraud-suspected')).body.status).toBe('suspended');
    const offerSuspended = await identity.request('POST', `/documents/${credential.id}/offer`, approver);
    expect(offerSuspended.status).toBe(409);
    expect(offerSuspended.body.code).toBe('DOCUMENT_NOT_VALID');
    expect((await lifecycle(credential.id, 'reinstate', 'investigation-closed')).body.status).toBe('valid');
  });

  it('records a death: every valid document revoked, and no further lifecycle action on the person', async () => {
    const death = await identity.request('POST', `/persons/${personId}/lifecycle`, { ...approver, body: { action: 'record-death', reason: 'death' } });
    expect(death.status).toBe(200);
    expect(death.body.map((document: Document) => [document.kind, document.status]).sort()).toEqual([
      ['id-card', 'revoked'],
      ['national-id-credential', 'revoked'],
    ]);
    expect((await identity.request('GET', `/persons/${personId}`, approver)).body.status).toBe('deceased');
    const again = await identity.request('POST', `/persons/${personId}/lifecycle`, { ...approver, body: { action: 'suspend', reason: 'court-order' } });
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('PERSON_DECEASED');
    expect((await lifecycle(card.id, 'reinstate', 'data-error')).body.code).toBe('DOCUMENT_TRANSITION_INVALID');
  });

  it('gives the history: the application with its journal, and the changes to the person and documents, but no reads', async () => {
    const response = await identity.request('GET', `/persons/${personId}/history`, approver);
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    const { applications, events } = response.body;
    expect(applications).toHaveLength(1);
    expect(applications[0]).toMatchObject({ id: applicationId, type: 'national-id-renewal', state: 'issued', createdBy: registrar.subject, submittedBy: registrar.subject, decidedBy: approver.subject });
    expect(applications[0].journal.map((entry: { from: string | null; to: string }) => `${entry.from ?? '∅'}→${entry.to}`)).toEqual([
      '∅→draft',
      'draft→submitted',
      'submitted→biometrics-captured',
      'biometrics-captured→deduplication',
      'deduplication→review',
      'review→approved',
      'approved→issued',
    ]);
    expect(applications[0].journal[5]).toMatchObject({ actor: approver.subject, reason: 'photo matches the register' });

    const summary = events.map((event: { action: string; documentKind?: string; reason?: string; documentsAffected?: number }) => [event.action, event.documentKind ?? '', event.reason ?? '', event.documentsAffected ?? '']);
    // The credential is issued only when a wallet redeems its offer, which has not happened here.
    expect(summary).toEqual([
      ['person.register', '', '', ''],
      ['document.issue', 'id-card', '', ''],
      ['credential.offer', 'national-id-credential', '', ''],
      ['document.suspend', 'national-id-credential', 'fraud-suspected', ''],
      ['document.reinstate', 'national-id-credential', 'investigation-closed', ''],
      ['person.record-death', '', 'death', 2],
    ]);
    // Oldest first, by audit sequence; document events name their document.
    const sequences = events.map((event: { sequence: number }) => event.sequence);
    expect(sequences).toEqual([...sequences].sort((a, b) => a - b));
    expect(events.find((event: { action: string }) => event.action === 'document.suspend').documentId).toBe(credential.id);
    expect(events[0].actor).toBe(registrar.subject);
  });

  it('writes each history read to the audit log under the official, with counts only', async () => {
    await identity.request('GET', `/persons/${personId}/history`, { roles: ['registrar'], subject: 'registrar-ines' });
    const entries = (await identity.app.get(DataSource).query(`SELECT actor, details FROM audit_log WHERE action = 'person.history' AND resource_id = $1 ORDER BY sequence`, [personId])) as { actor: string; details: Record<string, unknown> }[];
    expect(entries.map((entry) => entry.actor)).toEqual([approver.subject, registrar.subject]);
    expect(entries[1]!.details).toEqual({ applications: 1, events: 6 });
    expect(JSON.stringify(entries)).not.toContain('Haddad');
  });

  it('answers 404 for an unknown person and 403 to a role without decrypted reads', async () => {
    const unknown = await identity.request('GET', '/persons/0b7d3f0e-1111-4c4c-8888-000000000099/history', approver);
    expect(unknown.status).toBe(404);
    expect(unknown.body.code).toBe('PERSON_NOT_FOUND');
    expect((await identity.request('GET', `/persons/${personId}/history`, auditor)).status).toBe(403);
  });
});
