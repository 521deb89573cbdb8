import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { DeadLetters } from '../src/screens/dead-letters';
import { screenProps, scriptedIdentity } from './record-fixtures';

const letter = {
  id: '9d000000-0000-4000-8000-000000000001',
  queue: 'issuance-seal',
  jobName: 'issue-document',
  jobId: 'issue-d0c00000-0000-4000-8000-000000000001',
  payload: { documentId: 'd0c00000-0000-4000-8000-000000000001' },
  errorCode: 'HSM_UNAVAILABLE',
  errorMessage: 'the HSM did not answer',
  attempts: 3,
  failedAt: '2026-01-05T10:00:00.000Z',
};

afterEach(cleanup);

describe('DeadLetters', () => {
  it('lists what failed and when, by identifiers only', async () => {
    const { identity, calls } = scriptedIdentity(() => ({ status: 200, body: [letter] }));
    render(<DeadLetters {...screenProps(identity, ['security-officer'])} />);
    const row = await screen.findByRole('row', { name: 'Issue a document, document d0c00000' });
    expect(row.textContent).toContain('HSM_UNAVAILABLE the HSM did not answer');
    expect(row.textContent).toContain('queue issuance-seal');
    expect(within(row).getByText('3')).toBeTruthy();
    expect(within(row).getByRole('button', { name: 'Replay: Issue a document, document d0c00000' })).toBeTruthy();
    expect(Object.fromEntries(calls[0]!.url.searchParams)).toEqual({ includeReplayed: 'false', limit: '200' });
  });

  it('replays with progress, says the result, and reloads the list', async () => {
    let release: () => void = () => undefined;
    let replayed = false;
    const { identity, calls } = scriptedIdentity(async (call) => {
      if (call.method === 'POST') {
        await new Promise<void>((resolve) => (release = resolve));
        replayed = true;
        return { status: 200, body: { ...letter, replayedAt: '2026-01-05T11:00:00.000Z', replayedBy: 'dara.security' } };
      }
      return { status: 200, body: replayed ? [] : [letter] };
    });
    render(<DeadLetters {...screenProps(identity, ['security-officer'])} />);
    fireEvent.click(await screen.findByRole('button', { name: 'Replay: Issue a document, document d0c00000' }));
    expect(await screen.findByRole('progressbar', { name: 'Replaying Issue a document, document d0c00000' })).toBeTruthy();
    expect((screen.getByRole('button', { name: 'Replay: Issue a document, document d0c00000' }) as HTMLButtonElement).disabled).toBe(true);
    release();
    expect(await screen.findByText(/No failed job waits for a replay\./)).toBeTruthy();
    expect(screen.getByText(/Issue a document \(document d0c00000\) is back on its queue since .+\. If it fails again it comes back here\./).getAttribute('role')).toBe('status');
    expect(calls.map((call) => `${call.method} ${call.url.pathname}`)).toEqual(['GET /dead-letters', `POST /dead-letters/${letter.id}/replay`, 'GET /dead-letters']);
  });

  it('shows a refused replay where it happened, and lists replayed letters on request', async () => {
    const { identity, calls } = scriptedIdentity((call) =>
      call.method === 'POST'
        ? { status: 409, body: { code: 'APPLICATION_CONFLICT', detail: 'this dead letter has already been replayed', correlationId: 'c-2' } }
        : { status: 200, body: call.url.searchParams.get('includeReplayed') === 'true' ? [letter, { ...letter, id: '9d000000-0000-4000-8000-000000000002', replayedAt: '2026-01-04T09:00:00.000Z', replayedBy: 'eli.admin' }] : [letter] },
    );
    render(<DeadLetters {...screenProps(identity, ['admin'])} />);
    fireEvent.click(await screen.findByRole('button', { name: /^Replay:/ }));
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('This dead letter has already been replayed. Someone may have acted on it already: reload and check.');
    fireEvent.click(screen.getByLabelText('Show replayed letters too'));
    await waitFor(() => expect(screen.getAllByRole('row')).toHaveLength(3));
    expect(screen.getByText(/replayed .+ by eli\.admin/)).toBeTruthy();
    expect(calls.at(-1)!.url.searchParams.get('includeReplayed')).toBe('true');
  });
});
