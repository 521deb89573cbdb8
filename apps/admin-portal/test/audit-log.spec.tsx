import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Official } from '../src/auth/oidc-session';
import { AUDIT_PAGE_SIZE, AuditLog } from '../src/screens/audit-log';
import { controlledStream, type ScriptedAnswer, type ScriptedRequest, scriptedApis } from './scripted-services';

const auditor: Official = { subject: 'chen.auditor', name: 'Chen Wei', roles: ['auditor'] };

const entry = (sequence: number, overrides: Record<string, unknown> = {}) => ({
  sequence,
  occurredAt: new Date(Date.UTC(2026, 2, 1, 9, 0, sequence)).toISOString(),
  actor: 'bello.approver',
  action: 'person.read',
  resourceType: 'person',
  resourceId: `5b7c0000-0000-4000-8000-${String(sequence).padStart(12, '0')}`,
  details: { purpose: 'record' },
  previousHash: '00'.repeat(32),
  entryHash: 'ab'.repeat(32),
  ...overrides,
});
/** Newest first, as the screen asks: `count` entries ending at `newest`. */
const newestFirst = (newest: number, count: number) => Array.from({ length: count }, (_, index) => entry(newest - index));

let saved: Array<{ name: string; blob: Blob }>;
beforeEach(() => {
  saved = [];
  let pending: Blob | undefined;
  URL.createObjectURL = vi.fn((blob: Blob) => {
    pending = blob;
    return 'blob:http://portal.test/export';
  });
  URL.revokeObjectURL = vi.fn();
  vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
    saved.push({ name: this.download, blob: pending! });
  });
});
afterEach(() => {
  cleanup();
  vi.restoreAllMocks();
});

function auditApis(handle: (request: ScriptedRequest) => ScriptedAnswer | undefined) {
  return scriptedApis((request) => (request.service === 'identity' ? handle(request) : undefined));
}

/** jsdom's Blob has no text(): read it as the browser would with a FileReader. */
function blobText(blob: Blob): Promise<string> {
  return new Promise((resolve) => {
    const reader = new FileReader();
    reader.onload = () => resolve(reader.result as string);
    reader.readAsText(blob);
  });
}

const entriesRequests = (requests: readonly ScriptedRequest[]) => requests.filter((request) => request.url.pathname === '/audit/entries');

describe('AuditLog: search', () => {
  it('shows the newest entries first, a page at a time, and pages back and forth', async () => {
    const { apis, requests } = auditApis(({ url }) => {
      if (url.pathname !== '/audit/entries') return undefined;
      const before = url.searchParams.get('beforeSequence');
      // 120 entries in all: pages of 50 (asked for 51 to know whether older ones exist).
      const newest = before ? Number(before) - 1 : 120;
      return { status: 200, body: newestFirst(newest, Math.min(Number(url.searchParams.get('limit')), newest)) };
    });
    render(<AuditLog apis={apis} official={auditor} params={{}} />);
    expect(screen.getByRole('status').textContent).toBe('Loading audit entries…');
    const table = await screen.findByRole('table', { name: 'Entries' });
    const rows = within(table).getAllByRole('row').slice(1);
    expect(rows).toHaveLength(AUDIT_PAGE_SIZE);
    expect(within(rows[0]!).getAllByRole('cell').map((cell) => cell.textContent)).toEqual(['120', expect.any(String), 'bello.approver', 'person.read', 'person 5b7c0000-0000-4000-8000-000000000120', 'purpose: record']);
    expect(entriesRequests(requests)[0]!.url.searchParams.toString()).toBe('order=desc&limit=51');
    expect((screen.getByRole('button', { name: 'Newer entries' }) as HTMLButtonElement).disabled).toBe(true);

    fireEvent.click(screen.getByRole('button', { name: 'Older entries' }));
    await waitFor(() => expect(within(screen.getByRole('table', { name: 'Entries' })).getAllByRole('row')[1]!.textContent).toMatch(/^70/));
    expect(entriesRequests(requests)[1]!.url.searchParams.get('beforeSequence')).toBe('71');
    expect(screen.getByText('Page 2')).toBeTruthy();
    // The results heading takes the focus so keyboard users land on the new page.
    expect(document.activeElement).toBe(screen.getByRole('heading', { name: 'Entries' }));

    fireEvent.click(screen.getByRole('button', { name: 'Older entries' }));
    await waitFor(() => expect(within(screen.getByRole('table', { name: 'Entries' })).getAllByRole('row')).toHaveLength(21));
    expect((screen.getByRole('button', { name: 'Older entries' }) as HTMLButtonElement).disabled).toBe(true);
    fireEvent.click(screen.getByRole('button', { name: 'Newer entries' }));
    await waitFor(() => expect(within(screen.getByRole('table', { name: 'Entries' })).getAllByRole('row')[1]!.textContent).toMatch(/^70/));
    expect(entriesRequests(requests).map((request) => request.url.searchParams.get('beforeSequence'))).toEqual([null, '71', '21', '71']);
  });

  it('searches by actor, action, resource type, resource and time range, and says when nothing matches', async () => {
    const { apis, requests } = auditApis(({ url }) => (url.pathname === '/audit/entries' ? { status: 200, body: url.searchParams.has('actor') ? [] : newestFirst(3, 3) } : undefined));
    render(<AuditLog apis={apis} official={auditor} params={{}} />);
    await screen.findByRole('table', { name: 'Entries' });
    fireEvent.change(screen.getByLabelText('Actor'), { target: { value: ' dara.security ' } });
    fireEvent.change(screen.getByLabelText('Action'), { target: { value: 'person.read' } });
    fireEvent.change(screen.getByLabelText('Resource type'), { target: { value: 'person' } });
    fireEvent.change(screen.getByLabelText('Resource id'), { target: { value: '5b7c' } });
    fireEvent.change(screen.getByLabelText('From'), { target: { value: '2026-03-01T09:00' } });
    fireEvent.change(screen.getByLabelText('Until'), { target: { value: '2026-03-02T09:00' } });
    fireEvent.click(screen.getByRole('button', { name: 'Search' }));
    expect(await screen.findByText('No entry matches. Widen the search: clear a field or the time range.')).toBeTruthy();
    const sent = entriesRequests(requests).at(-1)!.url.searchParams;
    expect(Object.fromEntries(sent)).toEqual({ actor: 'dara.security', action: 'person.read', resourceType: 'person', resourceId: '5b7c', from: new Date('2026-03-01T09:00').toISOString(), until: new Date('2026-03-02T09:00').toISOString(), order: 'desc', limit: '51' });
    expect(screen.getByText(/^Newest first: entries with actor dara\.security, action person\.read, resource type person, resource 5b7c, from .+, until .+\.$/)).toBeTruthy();

    fireEvent.click(screen.getByRole('button', { name: 'Clear' }));
    await screen.findByRole('table', { name: 'Entries' });
    expect((screen.getByLabelText('Actor') as HTMLInputElement).value).toBe('');
    expect(entriesRequests(requests).at(-1)!.url.searchParams.toString()).toBe('order=desc&limit=51');
  });

  it('refuses a time range that ends before it starts, without asking the service', async () => {
    const { apis, requests } = auditApis(({ url }) => (url.pathname === '/audit/entries' ? { status: 200, body: [] } : undefined));
    render(<AuditLog apis={apis} official={auditor} params={{}} />);
    await screen.findByText(/No entry matches/);
    fireEvent.change(screen.getByLabelText('From'), { target: { value: '2026-03-02T09:00' } });
    fireEvent.change(screen.getByLabelText('Until'), { target: { value: '2026-03-01T09:00' } });
    fireEvent.click(screen.getByRole('button', { name: 'Search' }));
    expect(screen.getByRole('alert').textContent).toBe('“Until” must be after “From”: change one of them and search again.');
    expect(screen.getByLabelText('Until').getAttribute('aria-invalid')).toBe('true');
    expect(screen.getByLabelText('Until').getAttribute('aria-describedby')).toBe(screen.getByRole('alert').id);
    expect(entriesRequests(requests)).toHaveLength(1);
  });
});

describe('AuditLog: hash chain', () => {
  it('gives a clear verdict on an intact chain, with the head to record elsewhere', async () => {
    const { apis, requests } = auditApis(({ url }) => {
      if (url.pathname === '/audit/entries') return { status: 200, body: [] };
      if (url.pathname === '/audit/verification') return { status: 200, body: { valid: true, entries: 1200, lastSequence: 1200, lastHash: '9f2c'.repeat(16), findings: [] } };
      return undefined;
    });
    render(<AuditLog apis={apis} official={auditor} params={{}} />);
    fireEvent.click(screen.getByRole('button', { name: 'Verify the hash chain' }));
    expect(screen.getByRole('button', { name: 'Verifying…' })).toBeTruthy();
    const verdict = await screen.findByTestId('chain-verdict');
    expect(verdict.getAttribute('role')).toBe('status');
    expect(verdict.textContent).toContain('The chain is intact. 1200 entries checked, up to #1200');
    expect(verdict.textContent).toContain(`Head hash: ${'9f2c'.repeat(16)}`);
    expect(requests.filter((request) => request.url.pathname === '/audit/verification')).toHaveLength(1);
  });

  it('says a broken chain is broken, where, and what to do', async () => {
    const { apis } = auditApis(({ url }) => {
      if (url.pathname === '/audit/entries') return { status: 200, body: [] };
      if (url.pathname === '/audit/verification') {
        return { status: 200, body: { valid: false, entries: 9, lastSequence: 10, lastHash: 'ff'.repeat(32), findings: [{ code: 'AUDIT_ENTRY_ALTERED', sequence: 2, message: 'entry 2 does not match its hash' }, { code: 'AUDIT_ENTRY_MISSING', sequence: 4, message: 'entry 4 is missing' }] } };
      }
      return undefined;
    });
    render(<AuditLog apis={apis} official={auditor} params={{}} />);
    fireEvent.click(screen.getByRole('button', { name: 'Verify the hash chain' }));
    const verdict = await screen.findByTestId('chain-verdict');
    expect(verdict.getAttribute('role')).toBe('alert');
    expect(verdict.textContent).toContain('The chain is broken. 2 problems in 9 entries:');
    expect(within(verdict).getAllByRole('listitem').map((item) => item.textContent)).toEqual(['#2 AUDIT_ENTRY_ALTERED: entry 2 does not match its hash', '#4 AUDIT_ENTRY_MISSING: entry 4 is missing']);
    expect(verdict.textContent).toContain('report it to the security officers now');
  });
});

describe('AuditLog: export', () => {
  it('exports what the search selects as JSON Lines, with progress while it streams, and saves the file', async () => {
    const download = controlledStream();
    const { apis, requests } = auditApis(({ url }) => {
      if (url.pathname === '/audit/entries') return { status: 200, body: [entry(1, { actor: 'dara.security' })] };
      if (url.pathname === '/audit/export') return { status: 200, stream: download.stream, contentType: 'application/x-ndjson' };
      return undefined;
    });
    render(<AuditLog apis={apis} official={auditor} params={{}} />);
    fireEvent.change(screen.getByLabelText('Actor'), { target: { value: 'dara.security' } });
    fireEvent.click(screen.getByRole('button', { name: 'Search' }));
    await screen.findByRole('table', { name: 'Entries' });
    expect(screen.getByText(/Downloads entries with actor dara\.security — every matching entry, not only this page — oldest first/)).toBeTruthy();

    fireEvent.click(screen.getByRole('button', { name: 'Export' }));
    const lines = [1, 2, 3].map((sequence) => `${JSON.stringify(entry(sequence, { actor: 'dara.security' }))}\n`);
    download.write(lines[0]! + lines[1]!);
    await waitFor(() => expect(screen.getByTestId('export-progress').textContent).toBe('Exporting… 2 entries so far.'));
    expect((screen.getByRole('button', { name: 'Exporting…' }) as HTMLButtonElement).disabled).toBe(true);
    download.write(lines[2]!);
    download.close();
    expect((await screen.findByTestId('export-done')).textContent).toMatch(/^Exported 3 entries to audit-log-\d{4}-\d\d-\d\dT\d\d-\d\d\.jsonl\.$/);

    const exportRequest = requests.find((request) => request.url.pathname === '/audit/export')!;
    expect(Object.fromEntries(exportRequest.url.searchParams)).toEqual({ actor: 'dara.security', format: 'jsonl' });
    expect(exportRequest.authorization).toBe('Bearer identity-token');
    expect(saved).toHaveLength(1);
    expect(saved[0]!.name).toMatch(/^audit-log-.+\.jsonl$/);
    expect(saved[0]!.blob.type).toBe('application/x-ndjson');
    expect(await blobText(saved[0]!.blob)).toBe(lines.join(''));
  });

  it('exports CSV, counting entries without the header line', async () => {
    const csv = 'sequence,occurredAt,actor,action,resourceType,resourceId,details,previousHash,entryHash\r\n1,2026-03-01T09:00:01.000Z,a,person.read,person,x,"{""purpose"":""record""}",00,ab\r\n';
    const { apis, requests } = auditApis(({ url }) => {
      if (url.pathname === '/audit/entries') return { status: 200, body: [] };
      if (url.pathname === '/audit/export') return { status: 200, text: csv, contentType: 'text/csv' };
      return undefined;
    });
    render(<AuditLog apis={apis} official={auditor} params={{}} />);
    fireEvent.click(screen.getByLabelText(/CSV/));
    fireEvent.click(screen.getByRole('button', { name: 'Export' }));
    expect((await screen.findByTestId('export-done')).textContent).toMatch(/^Exported 1 entry to audit-log-.+\.csv\.$/);
    expect(requests.find((request) => request.url.pathname === '/audit/export')!.url.searchParams.get('format')).toBe('csv');
    expect(await blobText(saved[0]!.blob)).toBe(csv);
  });

  it('can be cancelled half-way, and then saves nothing', async () => {
    const download = controlledStream();
    const { apis } = auditApis(({ url }) => {
      if (url.pathname === '/audit/entries') return { status: 200, body: [] };
      if (url.pathname === '/audit/export') return { status: 200, stream: download.stream, contentType: 'application/x-ndjson' };
      return undefined;
    });
    render(<AuditLog apis={apis} official={auditor} params={{}} />);
    fireEvent.click(screen.getByRole('button', { name: 'Export' }));
    download.write(`${JSON.stringify(entry(1))}\n`);
    await waitFor(() => expect(screen.getByTestId('export-progress').textContent).toBe('Exporting… 1 entry so far.'));
    fireEvent.click(screen.getByRole('button', { name: 'Cancel export' }));
    expect(await screen.findByText('Export cancelled; nothing was saved.')).toBeTruthy();
    expect(saved).toEqual([]);
  });

  it('says why an export was refused, with the reference to quote', async () => {
    const { apis } = auditApis(({ url }) => {
      if (url.pathname === '/audit/entries') return { status: 200, body: [] };
      if (url.pathname === '/audit/export') return { status: 403, body: { code: 'PERMISSION_DENIED', detail: 'this role may not read the audit log', correlationId: 'corr-42' } };
      return undefined;
    });
    render(<AuditLog apis={apis} official={auditor} params={{}} />);
    fireEvent.click(screen.getByRole('button', { name: 'Export' }));
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('This role may not read the audit log. Your role does not allow this; ask an administrator if you need it.');
    expect(alert.textContent).toContain('Reference: corr-42');
    expect(saved).toEqual([]);
  });
});
