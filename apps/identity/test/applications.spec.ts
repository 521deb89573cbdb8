import { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyDocumentSeal } from '@citizen-zero/travel-documents';
import { parsePemBundle } from '@citizen-zero/pki';
import { syntheticPortraitJpeg } from '@citizen-zero/test-harness';
import { isValidNationalIdNumber } from '../src/persons/national-identification-number';
import { BiometricStandIn, eventually } from './support/biometric-stand-in';
import { type IdentityTestContext, startIdentity } from './support/identity-test-app';

const registrar = { roles: ['registrar'], subject: 'registrar-ann' };
const approver = { roles: ['approver'], subject: 'approver-ben' };

const applicant = (givenNames: string) => ({
  familyName: 'Mensah',
  givenNames,
  birthDate: '1992-07-14',
  placeOfBirth: 'Lakeside',
  sex: 'M',
  nationalities: ['UT'],
  addresses: [{ kind: 'residence', lines: ['4 Mill Lane'], locality: 'Lakeside', country: 'UT' }],
  portrait: Buffer.from(syntheticPortraitJpeg()).toString('base64'),
});

describe('enrolment workflow and issuance pipeline (PostgreSQL, Redis queues, SoftHSM2)', () => {
  let identity: IdentityTestContext;
  let biometric: BiometricStandIn;
  const duplicates = new Set<string>();
  /** Candidates the stand-in reports for a face reference (tests that need real persons as candidates). */
  const scripted = new Map<string, { personId: string; modality: 'face' | 'fingerprint'; score: number }[]>();

  beforeAll(async () => {
    identity = await startIdentity();
    biometric = new BiometricStandIn(identity.config.redisUrl, identity.config.queuePrefix, (request) =>
      scripted.has(request.probes[0]!.reference) ? { outcome: 'possible-duplicate', candidates: scripted.get(request.probes[0]!.reference)! } : duplicates.has(request.probes[0]!.reference) ? { outcome: 'possible-duplicate', candidates: [{ personId: '00000000-0000-4000-8000-000000000001', modality: 'face', score: 0.91 }] } : request.probes[0]!.reference.startsWith('silent') ? undefined : { outcome: 'no-match' },
    );
  });
  afterAll(async () => {
    await biometric?.close();
    await identity?.close();
  });

  const step = async (id: string, action: string, body: object, as: { roles: string[]; subject: string }) => identity.request('POST', `/applications/${id}/${action}`, { ...as, body });
  const application = (id: string) => identity.request('GET', `/applications/${id}`, approver);
  const waitForState = (id: string, state: string) => eventually(async () => ((await application(id)).body.state === state ? (await application(id)).body : undefined), `application ${id} to be ${state}`);

  async function throughDeduplication(givenNames: string, faceReference: string): Promise<string> {
    const created = await identity.request('POST', '/applications', { ...registrar, body: { type: 'national-id-first', applicant: applicant(givenNames), reason: 'walk-in enrolment, documents checked' } });
    expect(created.status).toBe(201);
    expect(created.body.state).toBe('draft');
    const id: string = created.body.id;
    expect((await step(id, 'submission', { reason: 'applicant signed the form' }, registrar)).body.state).toBe('submitted');
    const captured = await step(id, 'biometrics', { reason: 'captured at counter 3', references: [{ modality: 'face', reference: faceReference }, { modality: 'fingerprint', reference: `${faceReference}-fp` }] }, registrar);
    expect(captured.body.state).toBe('deduplication');
    return id;
  }

  it('takes a first national ID from draft to issued: deduplication over the queue, maker–checker, ID card with a verifiable seal, credential ready to offer', async () => {
    const id = await throughDeduplication('Kofi', 'face-kofi');
    const inReview = await waitForState(id, 'review');
    expect(inReview.deduplicationDetail).toMatchObject({ outcome: 'no-match', candidates: [] });
    expect(biometric.requests.find((request) => request.applicationId === id)).toMatchObject({ probes: [{ modality: 'face', reference: 'face-kofi' }, { modality: 'fingerprint', reference: 'face-kofi-fp' }], thresholds: { face: 0.6, fingerprint: 0.99 } });

    const selfApproval = await step(id, 'approval', { reason: 'all good' }, { roles: ['registrar', 'approver'], subject: 'registrar-ann' });
    expect(selfApproval.status).toBe(403);
    expect(selfApproval.body.code).toBe('MAKER_CHECKER_VIOLATION');

    const approved = await step(id, 'approval', { reason: 'identity established, no duplicate' }, approver);
    expect(approved.status).toBe(200);
    expect(approved.body).toMatchObject({ state: 'approved', decidedBy: 'approver-ben' });
    const personId: string = approved.body.personId;
    const person = await identity.request('GET', `/persons/${personId}`, approver);
    expect(person.body).toMatchObject({ familyName: 'Mensah', givenNames: 'Kofi' });
    expect(isValidNationalIdNumber(person.body.nationalIdNumber)).toBe(true);

    const issued = await waitForState(id, 'issued');
    expect(issued.journal.map((entry: { from: string | null; to: string; actor: string }) => [entry.from, entry.to, entry.actor])).toEqual([
      [null, 'draft', 'registrar-ann'],
      ['draft', 'submitted', 'registrar-ann'],
      ['submitted', 'biometrics-captured', 'registrar-ann'],
      ['biometrics-captured', 'deduplication', 'registrar-ann'],
      ['deduplication', 'review', 'service:biometric'],
      ['review', 'approved', 'approver-ben'],
      ['approved', 'issued', 'system:issuance'],
    ]);
    expect(issued.journal[5].reason).toBe('identity established, no duplicate');

    const rows = await identity.app.get(DataSource).query(`SELECT id, kind, state, status FROM issued_documents WHERE application_id = $1 ORDER BY kind`, [id]);
    expect(rows.map((row: { kind: string; state: string }) => [row.kind, row.state])).toEqual([
      ['id-card', 'issued'],
      ['national-id-credential', 'offered'],
    ]);
    const seal = await identity.request('GET', `/documents/${rows[0].id}`, approver);
    expect(seal.status).toBe(200);
    const verdict = await verifyDocumentSeal(seal.body.seal, { trustAnchors: parsePemBundle(identity.iacaPem) });
    expect(verdict.valid).toBe(true);
    expect(verdict.payload).toMatchObject({ documentType: 'national-id-card', primaryIdentifier: 'Mensah', secondaryIdentifier: 'Kofi', dateOfBirth: '1992-07-14', issuingState: 'UTO', personalNumber: person.body.nationalIdNumber, documentNumber: seal.body.documentNumber });
  });

  it('revokes the earlier ID card and national-ID credential when a replacement for a stolen card is approved', async () => {
    const first = await throughDeduplication('Abena', 'face-abena-1');
    await waitForState(first, 'review');
    const approved = await step(first, 'approval', { reason: 'ok' }, approver);
    await waitForState(first, 'issued');
    const personId: string = approved.body.personId;
    const replacement = await identity.request('POST', '/applications', { ...registrar, body: { type: 'national-id-replacement', personId, replacementReason: 'stolen', reason: 'police report 77/2026' } });
    await step(replacement.body.id, 'submission', { reason: 'signed' }, registrar);
    await step(replacement.body.id, 'biometrics', { reason: 'live', references: [{ modality: 'face', reference: 'face-abena-2' }] }, registrar);
    await waitForState(replacement.body.id, 'review');
    await step(replacement.body.id, 'approval', { reason: 'identity confirmed' }, approver);
    await waitForState(replacement.body.id, 'issued');
    const documents = (await identity.request('GET', `/persons/${personId}/documents`, approver)).body as Array<{ applicationId: string; kind: string; status: string }>;
    expect(documents.filter((document) => document.applicationId === first).map((document) => [document.kind, document.status]).sort()).toEqual([
      ['id-card', 'revoked'],
      ['national-id-credential', 'revoked'],
    ]);
    expect(documents.filter((document) => document.applicationId === replacement.body.id).every((document) => document.status === 'valid')).toBe(true);
  });

  it('refuses transitions the state machine does not allow with 409, naming the state', async () => {
    const created = await identity.request('POST', '/applications', { ...registrar, body: { type: 'national-id-first', applicant: applicant('Ama'), reason: 'walk-in' } });
    const early = await step(created.body.id, 'approval', { reason: 'skip ahead' }, approver);
    expect(early.status).toBe(409);
    expect(early.body).toMatchObject({ code: 'APPLICATION_TRANSITION_INVALID' });
    expect(early.body.detail).toContain('draft');
    await step(created.body.id, 'submission', { reason: 'signed' }, registrar);
    expect((await step(created.body.id, 'submission', { reason: 'again' }, registrar)).status).toBe(409);
    expect((await application(created.body.id)).body.journal).toHaveLength(2);
  });

  it('sends possible duplicates to adjudication: "not a duplicate" returns it to review, "duplicate" rejects it', async () => {
    duplicates.add('face-dup-1').add('face-dup-2');
    const cleared = await throughDeduplication('Yaw', 'face-dup-1');
    const adjudication = await waitForState(cleared, 'adjudication');
    expect(adjudication.deduplicationDetail).toMatchObject({ outcome: 'possible-duplicate', candidates: [{ modality: 'face', score: 0.91 }] });
    expect((await identity.request('GET', '/applications?state=adjudication', approver)).body.map((summary: { id: string }) => summary.id)).toContain(cleared);
    expect((await step(cleared, 'adjudication', { decision: 'not-duplicate', reason: 'twin brother, different fingerprints' }, approver)).body.state).toBe('review');

    const rejected = await throughDeduplication('Yaw', 'face-dup-2');
    await waitForState(rejected, 'adjudication');
    const decision = await step(rejected, 'adjudication', { decision: 'duplicate', reason: 'same person as the candidate' }, approver);
    expect(decision.body.state).toBe('rejected');
    expect((await step(rejected, 'approval', { reason: 'try' }, approver)).status).toBe(409);
  });

  it('shows an adjudicator the candidates side by side — each candidate record read audited — and keeps maker–checker on adjudication and rejection', async () => {
    const portrait = Buffer.from(syntheticPortraitJpeg()).toString('base64');
    const registered = await identity.request('POST', '/persons', { ...registrar, body: { ...applicant('Kwesi'), birthDate: '1988-02-03', portrait } });
    expect(registered.status).toBe(201);
    const candidateId: string = registered.body.id;
    const unknownId = '00000000-0000-4000-8000-0000000000aa';
    scripted.set('face-cand-1', [
      { personId: candidateId, modality: 'face', score: 0.93 },
      { personId: candidateId, modality: 'fingerprint', score: 0.995 },
      { personId: unknownId, modality: 'face', score: 0.71 },
    ]);
    const id = await throughDeduplication('Kwesi', 'face-cand-1');
    await waitForState(id, 'adjudication');

    expect((await identity.request('GET', `/applications/${id}/candidates`, registrar)).status).toBe(403);
    const viewed = await identity.request('GET', `/applications/${id}/candidates`, approver);
    expect(viewed.status).toBe(200);
    expect(viewed.body).toMatchObject({ applicationId: id, outcome: 'possible-duplicate', models: ['stand-in-face@1'], thresholds: { face: 0.6, fingerprint: 0.99 } });
    expect(viewed.body.candidates).toEqual([
      { personId: candidateId, modality: 'face', score: 0.93, threshold: 0.6, person: { nationalIdNumber: registered.body.nationalIdNumber, status: 'active', familyName: 'Mensah', givenNames: 'Kwesi', birthDate: '1988-02-03', sex: 'M', portrait } },
      { personId: candidateId, modality: 'fingerprint', score: 0.995, threshold: 0.99, person: expect.objectContaining({ nationalIdNumber: registered.body.nationalIdNumber }) },
      { personId: unknownId, modality: 'face', score: 0.71, threshold: 0.6 },
    ]);
    // One audited read of the candidate's record for this adjudication (two modalities, one person), none for a candidate the registry does not hold.
    const audit = identity.app.get(DataSource);
    const reads = await audit.query(`SELECT actor, details FROM audit_log WHERE action = 'person.read' AND resource_id = $1 ORDER BY sequence`, [candidateId]);
    expect(reads).toEqual([{ actor: 'approver-ben', details: { purpose: 'adjudication', applicationId: id } }]);
    expect(await audit.query(`SELECT 1 FROM audit_log WHERE resource_id = $1`, [unknownId])).toEqual([]);
    expect(await audit.query(`SELECT actor, details FROM audit_log WHERE action = 'application.candidates-view' AND resource_id = $1`, [id])).toEqual([{ actor: 'approver-ben', details: { candidates: 3 } }]);

    // The registrar who filed it, also holding the approver role, may neither adjudicate nor reject it.
    const makerWithApproverRole = { roles: ['registrar', 'approver'], subject: 'registrar-ann' };
    for (const [action, body] of [['adjudication', { decision: 'not-duplicate', reason: 'looks fine to me' }], ['rejection', { reason: 'changed my mind' }]] as const) {
      const refused = await step(id, action, body, makerWithApproverRole);
      expect(refused.status, action).toBe(403);
      expect(refused.body).toMatchObject({ code: 'MAKER_CHECKER_VIOLATION', detail: expect.stringContaining('another approver must') });
    }
    expect((await application(id)).body.state).toBe('adjudication');

    expect((await step(id, 'adjudication', { decision: 'not-duplicate', reason: 'different person: birth records and fingerprints differ' }, approver)).body.state).toBe('review');
    const afterwards = await identity.request('GET', `/applications/${id}/candidates`, approver);
    expect(afterwards.status).toBe(409);
    expect(afterwards.body.code).toBe('APPLICATION_NOT_IN_ADJUDICATION');
    expect((await identity.request('GET', '/applications/00000000-0000-4000-8000-00000000dead/candidates', approver)).status).toBe(404);
  });

  it('registers a birth without biometrics: submission goes straight to review, approval creates the child with parents, and a sealed birth certificate is issued', async () => {
    const child = { ...applicant('Esi'), birthDate: new Date().toISOString().slice(0, 10), sex: 'F', parents: [{ role: 'mother', familyName: 'Mensah', givenNames: 'Abena' }] };
    const created = await identity.request('POST', '/applications', { ...registrar, body: { type: 'birth-registration', applicant: child, reason: 'hospital notification 2211' } });
    expect((await step(created.body.id, 'submission', { reason: 'parents present' }, registrar)).body.state).toBe('review');
    await step(created.body.id, 'approval', { reason: 'birth notification matches' }, approver);
    await waitForState(created.body.id, 'issued');
    const [row] = await identity.app.get(DataSource).query(`SELECT id FROM issued_documents WHERE application_id = $1`, [created.body.id]);
    const document = await identity.request('GET', `/documents/${row.id}`, approver);
    const verdict = await verifyDocumentSeal(document.body.seal, { trustAnchors: parsePemBundle(identity.iacaPem) });
    expect(verdict.payload).toMatchObject({ documentType: 'birth-certificate', parents: ['Abena Mensah'] });
  });

  it('sends an application to adjudication when the biometric service does not answer in time', async () => {
    await identity.restart({ CZ_DEDUP_TIMEOUT_SECONDS: '2' });
    const id = await throughDeduplication('Kwame', 'silent-1');
    const adjudication = await waitForState(id, 'adjudication');
    expect(adjudication.deduplicationDetail.outcome).toBe('timed-out');
    expect(adjudication.journal.at(-1)).toMatchObject({ from: 'deduplication', to: 'adjudication', actor: 'system' });
  });
});

describe('recovery of an enrolment interrupted between biometric capture and the deduplication request', () => {
  it('starts the deduplication on the next sweep', async () => {
    const identity = await startIdentity();
    const biometric = new BiometricStandIn(identity.config.redisUrl, identity.config.queuePrefix, () => ({ outcome: 'no-match' }));
    try {
      const created = await identity.request('POST', '/applications', { ...registrar, body: { type: 'national-id-first', applicant: applicant('Afua'), reason: 'walk-in' } });
      const id: string = created.body.id;
      await identity.request('POST', `/applications/${id}/submission`, { ...registrar, body: { reason: 'signed' } });
      // As if the process had died right after recording the biometrics.
      await identity.app.get(DataSource).query(`UPDATE applications SET state = 'biometrics-captured', updated_at = now() - interval '1 minute' WHERE id = $1`, [id]);
      const review = await eventually(async () => {
        const body = (await identity.request('GET', `/applications/${id}`, approver)).body;
        return body.state === 'review' ? body : undefined;
      }, 'the resumed deduplication');
      expect(review.journal.map((entry: { to: string; actor: string }) => [entry.to, entry.actor]).slice(-2)).toEqual([
        ['deduplication', 'system'],
        ['review', 'service:biometric'],
      ]);
    } finally {
      await biometric.close();
      await identity.close();
    }
  });
});
