import type { IdentityClient } from '@citizen-zero/identity-client';
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { ServiceClient } from '../src/api/service-client';
import { Enrolment } from '../src/screens/enrolment';
import { assessment, fakeBiometric, JPEG_BASE64, jpegFile } from './fake-biometric';
import { fakeIdentity, type Recorded } from './fake-identity';

const APPLICATION_ID = '7a1b2c3d-5555-4c4c-8888-000000000005';
const PERSON_ID = 'c0ffee00-6666-4c4c-8888-000000000006';
const FACE = 'face0001-0000-4000-8000-000000000001';
const registrar = { subject: 'amara.registrar', name: 'Amara Obi', roles: ['registrar' as const] };
const unused = new ServiceClient({ baseUrl: 'http://unused.test', token: async () => 'unused', fetch: async () => Promise.reject(new Error('not called in this test')) });

const applicationAnswer = (state: string, type = 'national-id-first') => ({ id: APPLICATION_ID, type, state, biometricReferences: [], createdBy: 'amara.registrar', version: 1, journal: [], createdAt: '2026-01-05T10:00:00Z', updatedAt: '2026-01-05T10:00:00Z' });

/** The identity service's answers to an enrolment: filed, submitted, biometrics recorded (or what `override` says). */
function identityService(override: (request: Recorded) => { status: number; body?: unknown } | undefined = () => undefined) {
  return fakeIdentity((request) => {
    const overridden = override(request);
    if (overridden) return overridden;
    const { method, url } = request;
    if (method === 'POST' && url.pathname === '/applications') return { status: 201, body: applicationAnswer('draft', (request.body as { type: string }).type) };
    if (method === 'POST' && url.pathname.endsWith('/submission')) return { status: 200, body: applicationAnswer('submitted') };
    if (method === 'POST' && url.pathname.endsWith('/biometrics')) return { status: 200, body: applicationAnswer('deduplication') };
    return undefined;
  });
}

function biometricService() {
  return fakeBiometric(({ path }) => {
    if (path === '/assessments/face') return { status: 200, body: assessment() };
    if (path === '/captures/face') return { status: 201, body: { reference: FACE, modality: 'face', model: 'face-api@1', quality: { score: 78, components: [], rejections: [] }, liveness: assessment().liveness } };
    if (path === '/captures/fingerprint')
      return {
        status: 201,
        body: {
          modality: 'fingerprint',
          templates: [
            { reference: 'finger02-0000-4000-8000-000000000002', fingerPosition: 2, quality: 80, minutiae: 41 },
            { reference: 'finger07-0000-4000-8000-000000000007', fingerPosition: 7, quality: 72, minutiae: 37 },
          ],
        },
      };
    return undefined;
  });
}

function renderEnrolment(identity: IdentityClient, biometric: ServiceClient) {
  render(<Enrolment apis={{ identity, biometric, verification: unused, monitor: unused }} official={registrar} params={{}} />);
}

const type = (label: RegExp | string, value: string) => fireEvent.change(screen.getByLabelText(label), { target: { value } });

function fillApplicant() {
  type('Family name', 'Cruz');
  type('Given names', 'Marisol');
  type('Date of birth', '1979-08-21');
  type('Place of birth', 'Port Utopia');
  type(/^Sex/, 'F');
  type(/^Nationalities/, 'ut');
  type('Street and number', '3 Hill Street');
  type('Locality', 'Lakeside');
  type(/^Country/, 'ut');
}

async function keepPortrait() {
  fireEvent.change(screen.getByLabelText('Upload a photo'), { target: { files: [jpegFile()] } });
  fireEvent.click(await screen.findByRole('button', { name: 'Keep this portrait' }));
  await screen.findByText(/Portrait kept/);
}

afterEach(cleanup);

describe('Enrolment', () => {
  it('enrols a first national ID: applicant, kept portrait, fingerprint records, then files, submits and records the captures with the progress of each step', async () => {
    const { identity, requests } = identityService();
    const { biometric, requests: biometricRequests } = biometricService();
    renderEnrolment(identity, biometric);
    expect((screen.getByLabelText('Type of application') as HTMLSelectElement).value).toBe('national-id-first');
    fillApplicant();
    await keepPortrait();
    fireEvent.change(screen.getByLabelText('Add minutiae record files'), { target: { files: [new File([new Uint8Array([0x46, 0x4d, 0x52, 0x00, 0x20, 0x32, 0x30, 0x00])], 'right-index-left-index.fmr')] } });
    const records = await screen.findByRole('list', { name: 'Fingerprint records' });
    await waitFor(() => expect(records.textContent).toContain('kept: right index finger (quality 80, 41 minutiae); left index finger (quality 72, 37 minutiae)'));
    expect(biometricRequests.find((request) => request.path === '/captures/fingerprint')!.body).toEqual({ record: 'Rk1SACAyMAA=' });
    type(/^Note for the application/, 'passport and birth certificate checked');

    fireEvent.click(screen.getByRole('button', { name: 'Submit the application' }));
    const success = await screen.findByText(/is submitted/);
    expect(success.textContent).toContain('First national ID 7a1b2c3d is submitted. The biometric service is checking it for duplicates');
    expect(within(screen.getByRole('list', { name: 'Submission steps' })).getAllByRole('listitem').map((item) => item.textContent)).toEqual([
      'Filing the application: done',
      'Submitting it for review: done',
      'Recording the biometric captures and asking for deduplication: done',
    ]);
    expect(requests.map((request) => `${request.method} ${request.url.pathname}`)).toEqual(['POST /applications', `POST /applications/${APPLICATION_ID}/submission`, `POST /applications/${APPLICATION_ID}/biometrics`]);
    expect(requests[0]!.body).toEqual({
      type: 'national-id-first',
      reason: 'passport and birth certificate checked',
      applicant: { familyName: 'Cruz', givenNames: 'Marisol', birthDate: '1979-08-21', placeOfBirth: 'Port Utopia', sex: 'F', nationalities: ['UT'], addresses: [{ kind: 'residence', lines: ['3 Hill Street'], locality: 'Lakeside', country: 'UT' }], portrait: JPEG_BASE64 },
    });
    expect(requests[2]!.body).toEqual({
      reason: 'portrait uploaded from a file at the enrolment desk; 2 finger template(s)',
      references: [
        { modality: 'face', reference: FACE },
        { modality: 'fingerprint', reference: 'finger02-0000-4000-8000-000000000002' },
        { modality: 'fingerprint', reference: 'finger07-0000-4000-8000-000000000007' },
      ],
    });
    // Filed: the form is read-only; the registrar starts afresh for the next applicant.
    expect((screen.getByLabelText('Family name') as HTMLInputElement).disabled).toBe(true);
    fireEvent.click(screen.getByRole('button', { name: 'Start another application' }));
    expect((screen.getByLabelText('Family name') as HTMLInputElement).value).toBe('');
  });

  it('says everything that is missing before sending anything, and moves the focus there', async () => {
    const { identity, requests } = identityService();
    const { biometric } = biometricService();
    renderEnrolment(identity, biometric);
    type('Family name', 'Cruz');
    fireEvent.click(screen.getByRole('button', { name: 'Submit the application' }));
    const alert = screen.getByRole('alert');
    expect(within(alert).getAllByRole('listitem').map((item) => item.textContent)).toEqual([
      'Enter the given names.',
      'Enter the date of birth.',
      'Enter the place of birth.',
      'Enter the sex.',
      'Enter the nationalities as two-letter country codes (ISO 3166-1), separated by commas.',
      'Enter the residence address: street and locality.',
      'Enter the country of residence as a two-letter code (ISO 3166-1).',
      'Take or upload the portrait, check the feedback, and keep it.',
      'Write a note for the application’s journal (for example, which documents you checked).',
    ]);
    await waitFor(() => expect(document.activeElement).toBe(alert));
    expect(requests).toHaveLength(0);
  });

  it('resumes from the step that failed, without filing the application twice', async () => {
    let biometricsCalls = 0;
    const { identity, requests } = identityService((request) =>
      request.url.pathname.endsWith('/biometrics') && ++biometricsCalls === 1 ? { status: 503, body: { code: 'HSM_UNAVAILABLE', detail: 'a platform dependency is not available', correlationId: 'corr-503' } } : undefined,
    );
    const { biometric } = biometricService();
    renderEnrolment(identity, biometric);
    fillApplicant();
    await keepPortrait();
    type(/^Note for the application/, 'documents checked');
    fireEvent.click(screen.getByRole('button', { name: 'Submit the application' }));
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('A platform dependency is not available. The service has a problem; try again later');
    expect(alert.textContent).toContain('Reference: corr-503');
    expect(screen.getByText(/is filed; trying again continues from the step that failed/)).toBeTruthy();
    expect(within(screen.getByRole('list', { name: 'Submission steps' })).getAllByRole('listitem').map((item) => item.textContent)).toEqual([
      'Filing the application: done',
      'Submitting it for review: done',
      'Recording the biometric captures and asking for deduplication: failed',
    ]);
    fireEvent.click(screen.getByRole('button', { name: 'Try again' }));
    await screen.findByText(/is submitted/);
    expect(requests.map((request) => `${request.method} ${request.url.pathname}`)).toEqual([
      'POST /applications',
      `POST /applications/${APPLICATION_ID}/submission`,
      `POST /applications/${APPLICATION_ID}/biometrics`,
      `POST /applications/${APPLICATION_ID}/biometrics`,
    ]);
  });

  it('keeps the form editable when the service refuses the filing itself, and says so', async () => {
    const { identity, requests } = identityService((request) =>
      request.url.pathname === '/applications' ? { status: 400, body: { code: 'VALIDATION_FAILED', detail: 'the request is invalid: applicant.familyName: may contain letters, spaces, apostrophes, dots and hyphens only', correlationId: 'c-400' } } : undefined,
    );
    const { biometric } = biometricService();
    renderEnrolment(identity, biometric);
    fillApplicant();
    type('Family name', 'Cruz 2');
    await keepPortrait();
    type(/^Note for the application/, 'documents checked');
    fireEvent.click(screen.getByRole('button', { name: 'Submit the application' }));
    expect((await screen.findByRole('alert')).textContent).toContain('The request is invalid: applicant.familyName: may contain letters');
    expect(screen.getByText('Nothing was filed. Correct what the message says, then submit again.')).toBeTruthy();
    expect((screen.getByLabelText('Family name') as HTMLInputElement).disabled).toBe(false);
    expect(screen.getByRole('button', { name: 'Submit the application' })).toBeTruthy();
    expect(requests).toHaveLength(1);
  });

  it('files a replacement for a registered person found by national ID number (an audited search), with the reason and a new capture', async () => {
    const person = { id: PERSON_ID, nationalIdNumber: '100000000017', status: 'active', familyName: 'Santos', givenNames: 'Maria Luz', birthDate: '1978-03-09', placeOfBirth: 'Port Utopia', sex: 'F', nationalities: ['UT'], addresses: [], parents: [], biometricReferences: [], createdAt: '2026-01-01T00:00:00Z', version: 1 };
    const { identity, requests } = identityService((request) => (request.method === 'GET' && request.url.pathname === '/persons' ? { status: 200, body: [person] } : undefined));
    const { biometric } = biometricService();
    renderEnrolment(identity, biometric);
    type('Type of application', 'national-id-replacement');
    expect(screen.queryByLabelText('Family name')).toBeNull();
    expect(screen.getByRole('note').textContent).toContain('recorded in the audit log under your name');
    type('National ID number', '100000000017');
    fireEvent.click(screen.getByRole('button', { name: 'Find' }));
    expect((await screen.findByText(/SANTOS, Maria Luz/)).textContent).toBe('SANTOS, Maria Luz · born 1978-03-09 · active');
    expect(requests[0]!.url.searchParams.get('nationalIdNumber')).toBe('100000000017');
    type('Why is the card replaced?', 'stolen');
    await keepPortrait();
    type(/^Note for the application/, 'police report 77/2026');
    fireEvent.click(screen.getByRole('button', { name: 'Submit the application' }));
    await screen.findByText(/is submitted/);
    expect(requests.find((request) => request.method === 'POST' && request.url.pathname === '/applications')!.body).toEqual({ type: 'national-id-replacement', reason: 'police report 77/2026', replacementReason: 'stolen', personId: PERSON_ID });
  });

  it('registers a birth with its parents and no biometrics: filed and submitted straight to review', async () => {
    const { identity, requests } = identityService();
    const { biometric, requests: biometricRequests } = biometricService();
    renderEnrolment(identity, biometric);
    type('Type of application', 'birth-registration');
    expect(screen.queryByLabelText('Upload a photo')).toBeNull();
    type('Family name', 'Okonkwo');
    type('Given names', 'Chidi');
    type('Date of birth', '2026-01-04');
    type('Place of birth', 'Utopia General Hospital');
    type(/^Sex/, 'M');
    type(/^Nationalities/, 'UT');
    type('Parent 1: family name', 'Okonkwo');
    type('Parent 1: given names', 'Adaeze Marie');
    type(/^Note for the application/, 'hospital notification 2211');
    fireEvent.click(screen.getByRole('button', { name: 'Submit the application' }));
    expect((await screen.findByText(/is submitted/)).textContent).toContain('It waits in the approvers’ review queue.');
    expect(requests.map((request) => `${request.method} ${request.url.pathname}`)).toEqual(['POST /applications', `POST /applications/${APPLICATION_ID}/submission`]);
    expect(requests[0]!.body).toMatchObject({ type: 'birth-registration', applicant: { addresses: [], parents: [{ role: 'mother', familyName: 'Okonkwo', givenNames: 'Adaeze Marie' }] } });
    expect(biometricRequests).toHaveLength(0);
  });
});
