import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { ReviewQueue } from '../src/screens/review-queue';
import { fakeIdentity } from './fake-identity';

const inReview = { id: '0b7d3f0e-1111-4c4c-8888-000000000001', type: 'national-id-first', state: 'review', deduplication: 'clear', createdAt: '2026-01-05T09:00:00Z', updatedAt: '2026-01-05T09:10:00Z' };
const inAdjudication = { id: '1c8e4a1f-2222-4c4c-8888-000000000002', type: 'national-id-first', state: 'adjudication', deduplication: 'possible-duplicate', createdAt: '2026-01-05T10:00:00Z', updatedAt: '2026-01-05T10:10:00Z' };

afterEach(cleanup);

describe('ReviewQueue', () => {
  it('lists what waits for review and adjudication, and offers approval only for applications in review', async () => {
    const { identity, requests } = fakeIdentity(({ method, url }) => (method === 'GET' && url.pathname === '/applications' ? { status: 200, body: [inReview, inAdjudication] } : undefined));
    render(<ReviewQueue identity={identity} />);
    expect(screen.getByText('Loading the review queue…').getAttribute('role')).toBe('status');
    const review = await screen.findByRole('listitem', { name: /First national ID 0b7d3f0e/ });
    expect(requests[0]!.url.searchParams.getAll('state')).toEqual(['review', 'adjudication']);
    expect(requests[0]!.authorization).toBe('Bearer access-token');
    const items = screen.getAllByRole('listitem');
    expect(within(items[0]!).getByRole('button', { name: 'Approve…' })).toBeTruthy();
    expect(within(items[1]!).queryByRole('button', { name: 'Approve…' })).toBeNull();
    expect(within(items[1]!).getByText('possible duplicate: adjudication')).toBeTruthy();
    expect(review).toBe(items[0]);
  });

  it('links every item to its page: side-by-side comparison for a possible duplicate, the application for one in review', async () => {
    const { identity } = fakeIdentity(({ method, url }) => (method === 'GET' && url.pathname === '/applications' ? { status: 200, body: [inReview, inAdjudication] } : undefined));
    render(<ReviewQueue identity={identity} />);
    const adjudication = await screen.findByRole('link', { name: 'Compare with the candidates: First national ID 1c8e4a1f' });
    expect(adjudication.getAttribute('href')).toBe(`/review/${inAdjudication.id}`);
    expect(screen.getByRole('link', { name: 'Open First national ID 0b7d3f0e' }).getAttribute('href')).toBe(`/review/${inReview.id}`);
    fireEvent.click(adjudication);
    expect(window.location.pathname).toBe(`/review/${inAdjudication.id}`);
  });

  it('asks for a reason before sending a decision', async () => {
    const { identity, requests } = fakeIdentity(({ method }) => (method === 'GET' ? { status: 200, body: [inReview] } : { status: 201, body: {} }));
    render(<ReviewQueue identity={identity} />);
    fireEvent.click(await screen.findByRole('button', { name: 'Approve…' }));
    fireEvent.click(screen.getByRole('button', { name: 'Confirm approval' }));
    expect(screen.getByRole('alert').textContent).toBe('Give a reason: it is recorded with your decision.');
    expect(requests.filter((request) => request.method === 'POST')).toHaveLength(0);
  });

  it('shows the service’s maker–checker refusal, with what to do and the reference to quote', async () => {
    const { identity, requests } = fakeIdentity(({ method }) =>
      method === 'GET'
        ? { status: 200, body: [inReview] }
        : { status: 403, body: { type: 'urn:citizen-zero:problem:MAKER_CHECKER_VIOLATION', status: 403, code: 'MAKER_CHECKER_VIOLATION', detail: 'the official who created or submitted an application cannot approve it; another approver must', correlationId: 'corr-123' } },
    );
    render(<ReviewQueue identity={identity} />);
    fireEvent.click(await screen.findByRole('button', { name: 'Approve…' }));
    fireEvent.change(screen.getByLabelText(/Reason/), { target: { value: 'documents checked' } });
    fireEvent.click(screen.getByRole('button', { name: 'Confirm approval' }));
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('The official who created or submitted an application cannot approve it; another approver must. Ask another approver to decide this application.');
    expect(alert.textContent).toContain('Reference: corr-123');
    const post = requests.find((request) => request.method === 'POST')!;
    expect(post.url.pathname).toBe(`/applications/${inReview.id}/approval`);
    expect(post.body).toEqual({ reason: 'documents checked' });
    // The form stays open so the official can cancel or hand over.
    expect(screen.getByRole('button', { name: 'Cancel' })).toBeTruthy();
  });

  it('rejects with the reason, confirms, and reloads the queue', async () => {
    let decided = false;
    const { identity, requests } = fakeIdentity(({ method }) => {
      if (method === 'POST') {
        decided = true;
        return { status: 201, body: { ...inAdjudication, state: 'rejected' } };
      }
      return { status: 200, body: decided ? [] : [inAdjudication] };
    });
    render(<ReviewQueue identity={identity} />);
    fireEvent.click(await screen.findByRole('button', { name: 'Reject…' }));
    fireEvent.change(screen.getByLabelText(/Reason/), { target: { value: 'same person as an existing record' } });
    fireEvent.click(screen.getByRole('button', { name: 'Confirm rejection' }));
    await waitFor(() => expect(screen.getByText(/Nothing waits for review/)).toBeTruthy());
    expect(screen.getByRole('status').textContent).toBe('First national ID 1c8e4a1f rejected.');
    expect(requests.map((request) => `${request.method} ${request.url.pathname}`)).toEqual(['GET /applications', `POST /applications/${inAdjudication.id}/rejection`, 'GET /applications']);
  });

  it('says what went wrong when the queue cannot be loaded, and retries', async () => {
    let calls = 0;
    const { identity } = fakeIdentity(() => (++calls === 1 ? { status: 503, body: { code: 'HSM_UNAVAILABLE', detail: 'a platform dependency is not available', correlationId: 'c-9' } } : { status: 200, body: [] }));
    render(<ReviewQueue identity={identity} />);
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('A platform dependency is not available. The service has a problem; try again later');
    fireEvent.click(within(alert).getByRole('button', { name: 'Try again' }));
    expect(await screen.findByText(/Nothing waits for review/)).toBeTruthy();
  });
});
