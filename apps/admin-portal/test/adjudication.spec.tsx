import type { IdentityClient } from '@citizen-zero/identity-client';
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { ServiceClient } from '../src/api/service-client';
import type { Official } from '../src/auth/oidc-session';
import { Adjudication } from '../src/screens/adjudication';
import { fakeIdentity, type Recorded } from './fake-identity';

const ID = '2d9f6c1a-3333-4c4c-8888-000000000003';
const CANDIDATE = 'b1c2d3e4-4444-4c4c-8888-000000000004';
const UNKNOWN = '00000000-0000-4000-8000-0000000000aa';
const approver: Official = { subject: 'bello.approver', name: 'Bello Adeyemi', roles: ['approver'] };

const application = (state: string, version = 5) => ({
  id: ID,
  type: 'national-id-first',
  state,
  deduplication: 'possible-duplicate',
  applicant: { familyName: 'Cruz', givenNames: 'Marisol', birthDate: '1979-08-21', placeOfBirth: 'Port Utopia', sex: 'F', nationalities: ['UT'], addresses: [], portrait: 'QVBQTElDQU5U' },
  biometricReferences: [
    { modality: 'face', reference: 'f-1' },
    { modality: 'fingerprint', reference: 'p-1' },
    { modality: 'fingerprint', reference: 'p-2' },
  ],
  createdBy: 'amara.registrar',
  submittedBy: 'amara.registrar',
  version,
  createdAt: '2026-01-05T10:00:00Z',
  updatedAt: '2026-01-05T10:10:00Z',
  journal: [
    { from: null, to: 'draft', actor: 'amara.registrar', reason: 'walk-in', at: '2026-01-05T10:00:00Z' },
    { from: 'deduplication', to: 'adjudication', actor: 'service:biometric', reason: '2 possible duplicate(s): manual adjudication', at: '2026-01-05T10:10:00Z' },
  ],
});

const candidates = {
  applicationId: ID,
  outcome: 'possible-duplicate',
  decidedAt: '2026-01-05T10:10:00Z',
  models: ['face-api/face-recognition@1.7.15+onnx.1'],
  thresholds: { face: 0.6, fingerprint: 0.99 },
  candidates: [
    { personId: CANDIDATE, modality: 'face', score: 0.934, threshold: 0.6, person: { nationalIdNumber: '100000000017', status: 'active', familyName: 'Santos', givenNames: 'Maria Luz', birthDate: '1978-03-09', sex: 'F', portrait: 'Q0FORElEQVRF' } },
    { personId: CANDIDATE, modality: 'fingerprint', score: 0.995, threshold: 0.99, person: { nationalIdNumber: '100000000017', status: 'active', familyName: 'Santos', givenNames: 'Maria Luz', birthDate: '1978-03-09', sex: 'F', portrait: 'Q0FORElEQVRF' } },
    { personId: UNKNOWN, modality: 'face', score: 0.71, threshold: 0.6 },
  ],
};

const unused = new ServiceClient({ baseUrl: 'http://unused.test', token: async () => 'unused', fetch: async () => Promise.reject(new Error('not called in this test')) });

function renderAdjudication(identity: IdentityClient, official: Official = approver) {
  return render(<Adjudication apis={{ identity, biometric: unused, verification: unused, monitor: unused }} official={official} params={{ id: ID }} />);
}

/** The identity service of these tests: the application, its candidates while in adjudication, and scripted decisions. */
function service(decide: (request: Recorded) => { status: number; body?: unknown } = () => ({ status: 200, body: application('review', 6) })) {
  let current = application('adjudication');
  return fakeIdentity((request) => {
    if (request.method === 'GET' && request.url.pathname === `/applications/${ID}`) return { status: 200, body: current };
    if (request.method === 'GET' && request.url.pathname === `/applications/${ID}/candidates`) return current.state === 'adjudication' ? { status: 200, body: candidates } : { status: 409, body: { code: 'APPLICATION_NOT_IN_ADJUDICATION' } };
    if (request.method === 'POST') {
      const answer = decide(request);
      if (answer.status < 300) current = answer.body as ReturnType<typeof application>;
      return answer;
    }
    return undefined;
  });
}

afterEach(cleanup);

describe('Adjudication', () => {
  it('shows the applicant beside each candidate: portraits, data, modality and score against the threshold, and what the threshold means', async () => {
    const { identity, requests } = service();
    renderAdjudication(identity);
    expect(screen.getByText('Loading the application…')).toBeTruthy();
    expect(await screen.findByRole('heading', { level: 1, name: 'Adjudication: First national ID 2d9f6c1a' })).toBeTruthy();
    expect(requests.map((request) => `${request.method} ${request.url.pathname}`)).toEqual([`GET /applications/${ID}`, `GET /applications/${ID}/candidates`]);
    expect(screen.getByRole('note').textContent).toBe('The applicant’s data and each candidate’s record are decrypted for you and recorded in the audit log under your name.');

    const applicant = screen.getByRole('article', { name: 'Applicant' });
    expect(within(applicant).getByRole('img', { name: 'Portrait of the applicant' }).getAttribute('src')).toBe('data:image/jpeg;base64,QVBQTElDQU5U');
    expect(applicant.textContent).toContain('CRUZ, Marisol');
    expect(applicant.textContent).toContain('Captures: 1 face, 2 finger templates');

    const first = screen.getByRole('article', { name: 'Candidate 1: SANTOS, Maria Luz' });
    expect(within(first).getByRole('img', { name: 'Portrait of candidate 1' }).getAttribute('src')).toBe('data:image/jpeg;base64,Q0FORElEQVRF');
    expect(first.textContent).toContain('100000000017');
    expect(within(within(first).getByRole('list', { name: 'Scores of candidate 1' })).getAllByRole('listitem').map((item) => item.textContent)).toEqual(['Face score 0.934 (threshold 0.600)', 'Fingerprints score 0.995 (threshold 0.990)']);

    const second = screen.getByRole('article', { name: 'Candidate 2: no registry record' });
    expect(second.textContent).toContain('The registry holds no record for this candidate');
    expect(second.textContent).toContain('Face score 0.710 (threshold 0.600)');

    expect(screen.getByText(/found 2 possible duplicate\(s\)/).textContent).toContain('0.5 means even odds that two captures are of the same person. A candidate is reported from the deduplication threshold (face 0.600, fingerprints 0.990). A score at or above it is a reason to compare, not proof');
    const decision = screen.getByRole('form', { name: 'Decision' });
    expect(within(decision).getAllByRole('radio').map((radio) => (radio as HTMLInputElement).value)).toEqual(['not-duplicate', 'duplicate']);
  });

  it('requires a decision and a reason before sending anything', async () => {
    const { identity, requests } = service();
    renderAdjudication(identity);
    fireEvent.click(await screen.findByRole('button', { name: 'Record the decision' }));
    expect(screen.getByRole('alert').textContent).toBe('Choose a decision.');
    fireEvent.click(screen.getByRole('radio', { name: /Duplicate —/ }));
    fireEvent.click(screen.getByRole('button', { name: 'Record the decision' }));
    expect(screen.getByRole('alert').textContent).toBe('Give a reason: it is recorded with your decision.');
    fireEvent.change(screen.getByLabelText(/Reason/), { target: { value: '   ' } });
    fireEvent.click(screen.getByRole('button', { name: 'Record the decision' }));
    expect(screen.getByRole('alert').textContent).toBe('Give a reason: it is recorded with your decision.');
    expect(requests.filter((request) => request.method === 'POST')).toHaveLength(0);
  });

  it('shows the service’s maker–checker refusal as given, with what to do and the reference, and keeps the form', async () => {
    const { identity, requests } = service(() => ({
      status: 403,
      body: { code: 'MAKER_CHECKER_VIOLATION', detail: 'the official who created or submitted an application cannot adjudicate it; another approver must', correlationId: 'corr-mc-1' },
    }));
    renderAdjudication(identity, { subject: 'amara.registrar', name: 'Amara Obi', roles: ['registrar', 'approver'] });
    expect(await screen.findByText(/You filed or submitted this application/)).toBeTruthy();
    fireEvent.click(screen.getByRole('radio', { name: /Not a duplicate/ }));
    fireEvent.change(screen.getByLabelText(/Reason/), { target: { value: 'different birth records' } });
    fireEvent.click(screen.getByRole('button', { name: 'Record the decision' }));
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('The official who created or submitted an application cannot adjudicate it; another approver must. Ask another approver to decide this application.');
    expect(alert.textContent).toContain('Reference: corr-mc-1');
    expect(requests.find((request) => request.method === 'POST')).toMatchObject({ url: new URL(`http://identity.test/applications/${ID}/adjudication`), body: { decision: 'not-duplicate', reason: 'different birth records' } });
    expect(screen.getByRole('heading', { level: 1 }).textContent).toBe('Adjudication: First national ID 2d9f6c1a');
    expect(screen.getByRole('button', { name: 'Record the decision' })).toBeTruthy();
  });

  it('records "not a duplicate", reloads the application in review, and approves it there', async () => {
    const { identity, requests } = service((request) =>
      request.url.pathname.endsWith('/adjudication') ? { status: 200, body: application('review', 6) } : { status: 200, body: { ...application('approved', 7), decidedBy: 'bello.approver' } },
    );
    renderAdjudication(identity);
    fireEvent.click(await screen.findByRole('radio', { name: /Not a duplicate/ }));
    fireEvent.change(screen.getByLabelText(/Reason/), { target: { value: 'different person: birth records differ' } });
    fireEvent.click(screen.getByRole('button', { name: 'Record the decision' }));
    expect(await screen.findByRole('heading', { level: 1, name: 'Application: First national ID 2d9f6c1a' })).toBeTruthy();
    expect(screen.getByText('First national ID 2d9f6c1a: Recorded: not a duplicate. The application is now in review.')).toBeTruthy();
    // Out of adjudication, the candidates are no longer asked for.
    expect(requests.filter((request) => request.url.pathname.endsWith('/candidates'))).toHaveLength(1);
    expect(screen.queryByRole('article', { name: /Candidate/ })).toBeNull();

    fireEvent.click(screen.getByRole('radio', { name: /Approve/ }));
    fireEvent.change(screen.getByLabelText(/Reason/), { target: { value: 'identity established' } });
    fireEvent.click(screen.getByRole('button', { name: 'Record the decision' }));
    await waitFor(() => expect(screen.getByText('This application is approved: there is nothing to decide here.')).toBeTruthy());
    expect(requests.filter((request) => request.method === 'POST').map((request) => [request.url.pathname, request.body])).toEqual([
      [`/applications/${ID}/adjudication`, { decision: 'not-duplicate', reason: 'different person: birth records differ' }],
      [`/applications/${ID}/approval`, { reason: 'identity established' }],
    ]);
  });

  it('says what went wrong when the application cannot be loaded, and retries', async () => {
    let calls = 0;
    const { identity } = fakeIdentity((request) => {
      if (request.url.pathname === `/applications/${ID}` && ++calls === 1) return { status: 404, body: { code: 'APPLICATION_NOT_FOUND', detail: 'no application with this id', correlationId: 'c-404' } };
      if (request.url.pathname === `/applications/${ID}`) return { status: 200, body: application('rejected', 6) };
      return undefined;
    });
    renderAdjudication(identity);
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('No application with this id.');
    fireEvent.click(within(alert).getByRole('button', { name: 'Try again' }));
    expect(await screen.findByText('This application is rejected: there is nothing to decide here.')).toBeTruthy();
  });
});
