import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { CitizenRecord } from '../src/screens/citizen-record';
import { idCard, nationalIdCredential, PERSON_ID, PORTRAIT, type RecordedCall, santos, santosHistory, screenProps, scriptedIdentity } from './record-fixtures';

const PDF_TEXT = '%PDF-1.7\n% a test document\n%%EOF\n';
const PDF_BYTES = new TextEncoder().encode(PDF_TEXT);
const text = (bytes: ArrayBuffer | Uint8Array) => new TextDecoder().decode(bytes);

/** The identity service as the record sees it: the person, their documents and history; `overrides` answer first. */
function recordService(overrides: (call: RecordedCall) => ReturnType<Parameters<typeof scriptedIdentity>[0]> = () => undefined, documents: () => unknown[] = () => [idCard, nationalIdCredential]) {
  return scriptedIdentity((call) => {
    const answer = overrides(call);
    if (answer) return answer;
    const path = call.url.pathname;
    if (call.method === 'GET' && path === `/persons/${PERSON_ID}`) return { status: 200, body: santos };
    if (call.method === 'GET' && path === `/persons/${PERSON_ID}/documents`) return { status: 200, body: documents() };
    if (call.method === 'GET' && path === `/persons/${PERSON_ID}/history`) return { status: 200, body: santosHistory };
    return undefined;
  });
}

const row = (name: string) => screen.getByRole('row', { name });

beforeEach(() => {
  window.history.replaceState(null, '', '/');
});
afterEach(() => {
  cleanup();
  vi.restoreAllMocks();
});

describe('CitizenRecord', () => {
  it('shows the decrypted record with the audit notice, the portrait, the documents with their status, and the history', async () => {
    const { identity, calls } = recordService();
    render(<CitizenRecord {...screenProps(identity, ['approver'], { id: PERSON_ID })} />);
    expect(screen.getByRole('note').textContent).toContain('Each view of it — the personal details, the history, a document’s PDF — is written to the audit log under your name');
    expect(await screen.findByRole('heading', { level: 1, name: 'SANTOS, Maria Luz' })).toBeTruthy();
    expect(screen.getByText('1000000017')).toBeTruthy();
    expect(screen.getByText('Port Utopia', { selector: 'dd' })).toBeTruthy();
    expect(screen.getByRole('img', { name: 'Portrait of Maria Luz Santos' }).getAttribute('src')).toBe(`data:image/jpeg;base64,${PORTRAIT}`);

    const card = await screen.findByRole('row', { name: 'National ID card I00000007' });
    expect(within(card).getByText('issued')).toBeTruthy();
    expect(within(card).getByText('valid').className).toContain('cz-status-valid');
    expect(within(card).getByRole('button', { name: 'PDF of National ID card I00000007' })).toBeTruthy();
    expect(within(card).getByRole('button', { name: 'Suspend National ID card I00000007' })).toBeTruthy();
    expect(within(card).getByRole('button', { name: 'Revoke National ID card I00000007' })).toBeTruthy();
    expect(within(card).queryByRole('button', { name: /Reinstate/ })).toBeNull();
    const credential = row('National ID (wallet credential)');
    expect(within(credential).getByText('ready for the wallet')).toBeTruthy();
    expect(within(credential).getByRole('button', { name: 'Wallet offer for National ID (wallet credential)' })).toBeTruthy();

    const changes = await screen.findByRole('table', { name: 'Changes to the record' });
    const lines = within(changes)
      .getAllByRole('row')
      .slice(1)
      .map((line) => within(line).getAllByRole('cell').slice(1).map((cell) => cell.textContent));
    // Newest first.
    expect(lines).toEqual([
      ['Reinstated', 'National ID card', 'Investigation closed', 'bello.approver'],
      ['Suspended', 'National ID card', 'Lost', 'bello.approver'],
      ['Issued', 'National ID card', '—', 'system:issuance'],
      ['Registered', '—', '—', 'platform-approver'],
    ]);
    const journal = screen.getByRole('list', { name: /Journal of First national ID 0b7d3f0e/ });
    expect(within(journal).getAllByRole('listitem').map((item) => item.textContent)).toEqual([
      expect.stringMatching(/created as draft by amara\.registrar: “demo: first national ID”$/),
      expect.stringMatching(/review → approved by platform-approver: “demo: documents verified, no duplicate”$/),
      expect.stringMatching(/approved → issued by system:issuance: “all documents issued”$/),
    ]);
    expect(calls.map((call) => `${call.method} ${call.url.pathname}`).sort()).toEqual([`GET /persons/${PERSON_ID}`, `GET /persons/${PERSON_ID}/documents`, `GET /persons/${PERSON_ID}/history`]);
  });

  it('shows a registrar the record and where to file a new document, but no issuance or lifecycle actions', async () => {
    const { identity } = recordService();
    render(<CitizenRecord {...screenProps(identity, ['registrar'], { id: PERSON_ID })} />);
    const card = await screen.findByRole('row', { name: 'National ID card I00000007' });
    expect(within(card).queryAllByRole('button')).toEqual([]);
    expect(screen.getByRole('link', { name: 'Enrolment' }).getAttribute('href')).toBe('/enrolment');
    expect(screen.getByRole('region', { name: 'Issue and reissue' }).textContent).toContain('find them by their national ID number, 1000000017');
    expect(screen.queryByRole('button', { name: 'Record death…' })).toBeNull();
    expect(screen.queryByRole('heading', { name: 'Waiting for approval' })).toBeNull();
  });

  it('revokes a document after a reason and a confirmation, then shows the new status', async () => {
    let revoked = false;
    const { identity, calls } = recordService(
      (call) => {
        if (call.method !== 'POST') return undefined;
        revoked = true;
        return { status: 200, body: { ...idCard, status: 'revoked' } };
      },
      () => [revoked ? { ...idCard, status: 'revoked' } : idCard, nationalIdCredential],
    );
    render(<CitizenRecord {...screenProps(identity, ['approver'], { id: PERSON_ID })} />);
    fireEvent.click(await screen.findByRole('button', { name: 'Revoke National ID card I00000007' }));
    const dialog = screen.getByRole('dialog', { name: 'Revoke: National ID card I00000007' });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Continue' }));
    expect(within(dialog).getByRole('alert').textContent).toBe('Choose a reason: it is recorded with the change.');
    fireEvent.change(within(dialog).getByLabelText('Reason (recorded in the audit log)'), { target: { value: 'stolen' } });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Continue' }));
    expect(dialog.textContent).toContain('Revoking cannot be undone');
    expect(calls.filter((call) => call.method === 'POST')).toHaveLength(0);
    fireEvent.click(within(dialog).getByRole('button', { name: 'Confirm: revoke' }));
    await waitFor(() => expect(within(row('National ID card I00000007')).getByText('revoked')).toBeTruthy());
    expect(screen.getByText('National ID card I00000007 is now revoked.').getAttribute('role')).toBe('status');
    expect(screen.queryByRole('dialog')).toBeNull();
    const post = calls.find((call) => call.method === 'POST')!;
    expect(post.url.pathname).toBe(`/documents/${idCard.id}/lifecycle`);
    expect(post.body).toEqual({ action: 'revoke', reason: 'stolen' });
    // Nothing is offered on a revoked card any more.
    expect(within(row('National ID card I00000007')).queryByRole('button', { name: /Revoke|Suspend|Reinstate/ })).toBeNull();
  });

  it('downloads the PDF fetched with the official’s token under the service’s file name, and previews the same bytes', async () => {
    const { identity, calls } = recordService((call) => (call.url.pathname === `/documents/${idCard.id}/pdf` ? { status: 200, bytes: PDF_BYTES, type: 'application/pdf' } : undefined));
    const saved: { href: string; download: string }[] = [];
    const blobs: Blob[] = [];
    Object.assign(URL, { createObjectURL: vi.fn((blob: Blob) => (blobs.push(blob), `blob:http://portal.test/${blobs.length}`)), revokeObjectURL: vi.fn() });
    vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
      saved.push({ href: this.href, download: this.download });
    });
    const rendered: Uint8Array[] = [];
    const renderPdfPages = async (bytes: Uint8Array, container: HTMLElement) => {
      rendered.push(bytes);
      container.append(Object.assign(document.createElement('div'), { textContent: 'page 1' }));
      return 1;
    };
    render(<CitizenRecord {...screenProps(identity, ['approver'], { id: PERSON_ID })} renderPdfPages={renderPdfPages} />);
    fireEvent.click(await screen.findByRole('button', { name: 'PDF of National ID card I00000007' }));
    const panel = screen.getByRole('region', { name: 'PDF: National ID card I00000007' });
    fireEvent.click(within(panel).getByRole('button', { name: 'Download PDF' }));
    expect(await within(panel).findByText('Saved id-card-I00000007.pdf.')).toBeTruthy();
    expect(saved).toEqual([{ href: 'blob:http://portal.test/1', download: 'id-card-I00000007.pdf' }]);
    expect(blobs[0]!.type).toBe('application/pdf');
    expect(text(await blobs[0]!.arrayBuffer())).toBe(PDF_TEXT);

    fireEvent.click(within(panel).getByRole('button', { name: 'Preview' }));
    expect(await within(panel).findByText(/1 page\. The rendering is recorded in the audit log\./)).toBeTruthy();
    expect(rendered.map(text)).toEqual([PDF_TEXT]);
    expect(within(panel).getByText('page 1')).toBeTruthy();
    // Fetched once, for both.
    expect(calls.filter((call) => call.url.pathname.endsWith('/pdf'))).toHaveLength(1);
  });

  it('shows issuance in progress and updates by itself when the documents are issued', async () => {
    let reads = 0;
    const pending = { ...idCard, state: 'pending', issuedAt: undefined, validUntil: undefined, documentNumber: undefined };
    const { identity } = recordService(undefined, () => (++reads < 3 ? [pending] : [idCard]));
    render(<CitizenRecord {...screenProps(identity, ['approver'], { id: PERSON_ID })} />);
    expect(await screen.findByRole('progressbar', { name: 'National ID card being issued' })).toBeTruthy();
    expect(screen.getByText(/Issuing 1 of 1… this page updates by itself\./)).toBeTruthy();
    await waitFor(() => expect(screen.getByRole('row', { name: 'National ID card I00000007' })).toBeTruthy(), { timeout: 8_000 });
    expect(screen.queryByRole('progressbar')).toBeNull();
    expect(reads).toBe(3);
  });

  it('approves an application waiting for this person from the record, and shows the maker–checker refusal as given', async () => {
    const waiting = { ...santosHistory.applications[0]!, id: '7a7a7a7a-2222-4c4c-8888-000000000002', type: 'passport', state: 'review', decidedBy: undefined, journal: [] };
    const { identity, calls } = recordService((call) => {
      if (call.url.pathname.endsWith('/history')) return { status: 200, body: { ...santosHistory, applications: [...santosHistory.applications, waiting] } };
      if (call.method === 'POST') return { status: 403, body: { code: 'MAKER_CHECKER_VIOLATION', detail: 'the official who created or submitted an application cannot approve it; another approver must', correlationId: 'corr-77' } };
      return undefined;
    });
    render(<CitizenRecord {...screenProps(identity, ['approver'], { id: PERSON_ID })} />);
    const item = within(await screen.findByRole('list', { name: 'Applications waiting for approval' })).getByRole('listitem', { name: 'Passport 7a7a7a7a' });
    fireEvent.click(within(item).getByRole('button', { name: 'Approve and issue…' }));
    fireEvent.click(within(item).getByRole('button', { name: 'Approve and issue' }));
    expect(within(item).getByRole('alert').textContent).toBe('Give a reason: it is recorded with your approval.');
    fireEvent.change(within(item).getByLabelText(/Reason/), { target: { value: 'passport photo checked' } });
    fireEvent.click(within(item).getByRole('button', { name: 'Approve and issue' }));
    const alert = await within(item).findByText(/Ask another approver to decide this application\./);
    expect(alert.closest('[role="alert"]')!.textContent).toContain('Reference: corr-77');
    expect(calls.find((call) => call.method === 'POST')).toMatchObject({ url: new URL(`http://identity.test/applications/${waiting.id}/approval`), body: { reason: 'passport photo checked' } });
  });

  it('records a death with a reason, after confirmation', async () => {
    let dead = false;
    const { identity, calls } = recordService((call) => {
      if (call.method === 'POST') {
        dead = true;
        return { status: 200, body: [{ ...idCard, status: 'revoked' }, { ...nationalIdCredential, status: 'revoked' }] };
      }
      if (call.url.pathname === `/persons/${PERSON_ID}` && dead) return { status: 200, body: { ...santos, status: 'deceased' } };
      return undefined;
    });
    render(<CitizenRecord {...screenProps(identity, ['approver'], { id: PERSON_ID })} />);
    fireEvent.click(await screen.findByRole('button', { name: 'Record death…' }));
    const dialog = screen.getByRole('dialog', { name: 'Record death: SANTOS, Maria Luz' });
    fireEvent.change(within(dialog).getByLabelText(/Reason/), { target: { value: 'death' } });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Continue' }));
    expect(dialog.textContent).toContain('every valid or suspended document and credential is revoked');
    fireEvent.click(within(dialog).getByRole('button', { name: 'Confirm: record death' }));
    expect(await screen.findByText('Death recorded for SANTOS, Maria Luz; 2 documents revoked.')).toBeTruthy();
    expect(calls.find((call) => call.method === 'POST')).toMatchObject({ url: new URL(`http://identity.test/persons/${PERSON_ID}/lifecycle`), body: { action: 'record-death', reason: 'death' } });
  });

  it('says what went wrong when the record cannot be read, and retries', async () => {
    let reads = 0;
    const { identity } = recordService((call) => (call.url.pathname === `/persons/${PERSON_ID}` && ++reads === 1 ? { status: 404, body: { code: 'PERSON_NOT_FOUND', detail: 'no person with this id', correlationId: 'c-404' } } : undefined));
    render(<CitizenRecord {...screenProps(identity, ['approver'], { id: PERSON_ID })} />);
    const details = screen.getByRole('region', { name: 'Personal details' });
    const alert = await within(details).findByRole('alert');
    expect(alert.textContent).toContain('No person with this id.');
    fireEvent.click(within(alert).getByRole('button', { name: 'Try again' }));
    expect(await screen.findByRole('heading', { level: 1, name: 'SANTOS, Maria Luz' })).toBeTruthy();
  });
});
