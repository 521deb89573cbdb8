import type { IdentityClient, IdentitySchemas } from '@citizen-zero/identity-client';
import { type FormEvent, useEffect, useId, useRef, useState } from 'react';
import { expectData, problemError, unreachable } from '../api/api-error';
import { ErrorMessage } from '../components/async-state';
import { fileTimestamp, saveFile } from '../components/file-download';
import { formatInstant } from '../components/instant-format';
import type { ScreenProps } from './screen-props';

type AuditEntry = IdentitySchemas['AuditEntryDto'];
type AuditVerdict = IdentitySchemas['AuditVerdictDto'];
type ExportFormat = 'jsonl' | 'csv';

/** Entries per page of results. */
export const AUDIT_PAGE_SIZE = 50;

/** Actions the identity service records (a hint list: the field takes any action). */
const KNOWN_ACTIONS = [
  'person.register',
  'person.search',
  'person.read',
  'application.create',
  'application.read',
  'application.submit',
  'application.approve',
  'application.reject',
  'document.issue',
  'document.read',
  'document.render',
  'document.suspend',
  'document.reinstate',
  'document.revoke',
  'document.expire',
  'credential.offer',
  'credential.zk-issue',
  'dead-letter.replay',
  'keys.record-encryption.rewrap',
  'webhook.subscribe',
  'webhook.unsubscribe',
  'audit.export',
];
const RESOURCE_TYPES = ['person', 'application', 'document', 'dead-letter', 'key', 'webhook-subscription', 'audit-log'];

/** What the official typed: datetime-local values are in their time zone. */
interface FilterForm {
  readonly actor: string;
  readonly action: string;
  readonly resourceType: string;
  readonly resourceId: string;
  readonly from: string;
  readonly until: string;
}

const EMPTY_FORM: FilterForm = { actor: '', action: '', resourceType: '', resourceId: '', from: '', until: '' };

/** The filter as the API takes it. */
interface AuditQuery {
  readonly actor?: string;
  readonly action?: string;
  readonly resourceType?: string;
  readonly resourceId?: string;
  readonly from?: string;
  readonly until?: string;
}

function queryOf(form: FilterForm): AuditQuery {
  const text = (value: string) => value.trim() || undefined;
  const instant = (value: string) => (value ? new Date(value).toISOString() : undefined);
  const entries = Object.entries({ actor: text(form.actor), action: text(form.action), resourceType: text(form.resourceType), resourceId: text(form.resourceId), from: instant(form.from), until: instant(form.until) }).filter(([, value]) => value !== undefined);
  return Object.fromEntries(entries) as AuditQuery;
}

function describeQuery(query: AuditQuery): string {
  const parts = [
    query.actor && `actor ${query.actor}`,
    query.action && `action ${query.action}`,
    query.resourceType && `resource type ${query.resourceType}`,
    query.resourceId && `resource ${query.resourceId}`,
    query.from && `from ${formatInstant(query.from)}`,
    query.until && `until ${formatInstant(query.until)}`,
  ].filter(Boolean);
  return parts.length === 0 ? 'every entry' : `entries with ${parts.join(', ')}`;
}

type PageState = { readonly status: 'loading' } | { readonly status: 'error'; readonly error: Error } | { readonly status: 'ready'; readonly entries: readonly AuditEntry[]; readonly hasOlder: boolean };

/**
 * The identity service's audit log for auditors and security officers: search by actor, action,
 * resource and time (newest first, a page at a time), check the hash chain, and export what the
 * search selects. Entries hold ids and codes, never personal data.
 */
export function AuditLog({ apis }: ScreenProps) {
  const { identity } = apis;
  const [form, setForm] = useState<FilterForm>(EMPTY_FORM);
  const [formError, setFormError] = useState<string | undefined>();
  const [applied, setApplied] = useState<AuditQuery>({});
  // Cursors of the pages shown so far (newest first): the current page starts before the last one.
  const [cursors, setCursors] = useState<readonly (number | undefined)[]>([undefined]);
  const [page, setPage] = useState<PageState>({ status: 'loading' });
  const [attempt, setAttempt] = useState(0);
  const resultsHeading = useRef<HTMLHeadingElement>(null);
  const ids = useId();

  const cursor = cursors[cursors.length - 1];
  useEffect(() => {
    let live = true;
    setPage({ status: 'loading' });
    expectData(identity.GET('/audit/entries', { params: { query: { ...applied, order: 'desc', limit: AUDIT_PAGE_SIZE + 1, ...(cursor !== undefined && { beforeSequence: cursor }) } } })).then(
      (entries) => live && setPage({ status: 'ready', entries: entries.slice(0, AUDIT_PAGE_SIZE), hasOlder: entries.length > AUDIT_PAGE_SIZE }),
      (error: unknown) => live && setPage({ status: 'error', error: error instanceof Error ? error : new Error(String(error)) }),
    );
    return () => {
      live = false;
    };
  }, [identity, applied, cursor, attempt]);

  const set = (name: keyof FilterForm) => (event: { target: { value: string } }) => setForm((current) => ({ ...current, [name]: event.target.value }));
  const search = (event: FormEvent) => {
    event.preventDefault();
    if (form.from && form.until && new Date(form.from).getTime() >= new Date(form.until).getTime()) {
      setFormError('“Until” must be after “From”: change one of them and search again.');
      return;
    }
    setFormError(undefined);
    setApplied(queryOf(form));
    setCursors([undefined]);
    setAttempt((count) => count + 1);
  };
  const clear = () => {
    setForm(EMPTY_FORM);
    setFormError(undefined);
    setApplied({});
    setCursors([undefined]);
  };
  const turn = (next: readonly (number | undefined)[]) => {
    setCursors(next);
    resultsHeading.current?.focus();
  };

  return (
    <section aria-labelledby="audit-title" className="audit-log">
      <h1 id="audit-title">Audit log</h1>
      <p className="notice" role="note">
        Every change and every view of decrypted personal data in the identity service is recorded here, chained by hashes so that an altered or removed entry shows. Entries name officials and
        record ids, never personal data.
      </p>

      <form onSubmit={search} aria-labelledby={`${ids}-filters`} noValidate>
        <h2 id={`${ids}-filters`}>Search</h2>
        <div className="field-row">
          <div className="field">
            <label htmlFor={`${ids}-actor`}>Actor</label>
            <input id={`${ids}-actor`} value={form.actor} onChange={set('actor')} placeholder="e.g. bello.approver" autoComplete="off" />
          </div>
          <div className="field">
            <label htmlFor={`${ids}-action`}>Action</label>
            <input id={`${ids}-action`} value={form.action} onChange={set('action')} list={`${ids}-actions`} placeholder="e.g. person.read" autoComplete="off" />
            <datalist id={`${ids}-actions`}>
              {KNOWN_ACTIONS.map((action) => (
                <option key={action} value={action} />
              ))}
            </datalist>
          </div>
          <div className="field">
            <label htmlFor={`${ids}-type`}>Resource type</label>
            <select id={`${ids}-type`} value={form.resourceType} onChange={set('resourceType')}>
              <option value="">Any</option>
              {RESOURCE_TYPES.map((type) => (
                <option key={type} value={type}>
                  {type}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor={`${ids}-resource`}>Resource id</label>
            <input id={`${ids}-resource`} value={form.resourceId} onChange={set('resourceId')} autoComplete="off" />
          </div>
          <div className="field">
            <label htmlFor={`${ids}-from`}>From</label>
            <input id={`${ids}-from`} type="datetime-local" value={form.from} onChange={set('from')} aria-invalid={formError ? true : undefined} aria-describedby={formError ? `${ids}-range-error` : undefined} />
          </div>
          <div className="field">
            <label htmlFor={`${ids}-until`}>Until</label>
            <input id={`${ids}-until`} type="datetime-local" value={form.until} onChange={set('until')} aria-invalid={formError ? true : undefined} aria-describedby={formError ? `${ids}-range-error` : undefined} />
          </div>
        </div>
        {formError && (
          <p id={`${ids}-range-error`} role="alert" className="message error">
            {formError}
          </p>
        )}
        <div className="actions">
          <button type="submit">Search</button>
          <button type="button" className="secondary" onClick={clear}>
            Clear
          </button>
        </div>
      </form>

      <h2 id={`${ids}-results`} ref={resultsHeading} tabIndex={-1}>
        Entries
      </h2>
      <p className="figure-note">Newest first: {describeQuery(applied)}.</p>
      <Results page={page} onRetry={() => setAttempt((count) => count + 1)} labelledBy={`${ids}-results`} />
      {page.status === 'ready' && (cursors.length > 1 || page.hasOlder) && (
        <nav className="actions pager" aria-label="Result pages">
          <button type="button" className="secondary" disabled={cursors.length <= 1} onClick={() => turn(cursors.slice(0, -1))}>
            Newer entries
          </button>
          <span className="figure-note">Page {cursors.length}</span>
          <button type="button" className="secondary" disabled={!page.hasOlder} onClick={() => turn([...cursors, page.entries[page.entries.length - 1]!.sequence])}>
            Older entries
          </button>
        </nav>
      )}

      <div className="cards audit-tools">
        <ChainVerification identity={identity} />
        <AuditExport identity={identity} query={applied} />
      </div>
    </section>
  );
}

function Results({ page, onRetry, labelledBy }: { readonly page: PageState; readonly onRetry: () => void; readonly labelledBy: string }) {
  if (page.status === 'loading') {
    return (
      <p role="status" className="message loading">
        Loading audit entries…
      </p>
    );
  }
  if (page.status === 'error') return <ErrorMessage error={page.error} onRetry={onRetry} />;
  if (page.entries.length === 0) return <p className="message empty">No entry matches. Widen the search: clear a field or the time range.</p>;
  return (
    <div className="table-scroll">
      <table className="results" aria-labelledby={labelledBy}>
        <thead>
          <tr>
            <th scope="col">#</th>
            <th scope="col">When</th>
            <th scope="col">Actor</th>
            <th scope="col">Action</th>
            <th scope="col">Resource</th>
            <th scope="col">Details</th>
          </tr>
        </thead>
        <tbody>
          {page.entries.map((entry) => (
            <tr key={entry.sequence}>
              <td>{entry.sequence}</td>
              <td>
                <time dateTime={entry.occurredAt}>{formatInstant(entry.occurredAt)}</time>
              </td>
              <td>{entry.actor}</td>
              <td>{entry.action}</td>
              <td>
                {entry.resourceType} <code className="identifier">{entry.resourceId}</code>
              </td>
              <td className="details">
                {Object.entries(entry.details)
                  .map(([name, value]) => `${name}: ${typeof value === 'object' ? JSON.stringify(value) : String(value)}`)
                  .join(', ') || '—'}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

type VerificationState = { readonly status: 'idle' } | { readonly status: 'running' } | { readonly status: 'error'; readonly error: Error } | { readonly status: 'done'; readonly verdict: AuditVerdict; readonly at: Date };

function ChainVerification({ identity }: { readonly identity: IdentityClient }) {
  const [state, setState] = useState<VerificationState>({ status: 'idle' });
  const verify = async () => {
    setState({ status: 'running' });
    try {
      setState({ status: 'done', verdict: await expectData(identity.GET('/audit/verification')), at: new Date() });
    } catch (error) {
      setState({ status: 'error', error: error instanceof Error ? error : new Error(String(error)) });
    }
  };
  return (
    <article className="card" aria-labelledby="chain-title">
      <h2 id="chain-title">Hash chain</h2>
      <p>Recomputes every entry’s hash from the first one and checks each link to the one before. It reads the whole log, so it can take a while.</p>
      <button type="button" onClick={() => void verify()} disabled={state.status === 'running'}>
        {state.status === 'running' ? 'Verifying…' : 'Verify the hash chain'}
      </button>
      {state.status === 'running' && (
        <p role="status" className="message loading">
          Verifying the whole chain…
        </p>
      )}
      {state.status === 'error' && <ErrorMessage error={state.error} onRetry={() => void verify()} />}
      {state.status === 'done' && <Verdict verdict={state.verdict} at={state.at} />}
    </article>
  );
}

function Verdict({ verdict, at }: { readonly verdict: AuditVerdict; readonly at: Date }) {
  if (verdict.valid) {
    return (
      <div role="status" className="message success verdict" data-testid="chain-verdict">
        <p>
          <strong>The chain is intact.</strong> {verdict.entries} entries checked, up to #{verdict.lastSequence} ({formatInstant(at.toISOString())}).
        </p>
        <p>
          Head hash: <code className="hash">{verdict.lastHash}</code>
        </p>
        <p className="figure-note">Record the head (#{verdict.lastSequence} and its hash) outside this system: a later check against it shows whether the log was re-chained since.</p>
      </div>
    );
  }
  return (
    <div role="alert" className="message error verdict" data-testid="chain-verdict">
      <p>
        <strong>The chain is broken.</strong> {verdict.findings.length} problem{verdict.findings.length === 1 ? '' : 's'} in {verdict.entries} entries:
      </p>
      <ul>
        {verdict.findings.map((finding, index) => (
          <li key={index}>
            #{finding.sequence} {finding.code}: {finding.message}
          </li>
        ))}
      </ul>
      <p>Entries may have been altered or removed outside the service. Do not rely on the log from the first entry named above; report it to the security officers now, with these findings.</p>
    </div>
  );
}

function entriesText(count: number): string {
  return `${count} ${count === 1 ? 'entry' : 'entries'}`;
}

type ExportState = { readonly status: 'idle' } | { readonly status: 'running'; readonly entries: number } | { readonly status: 'done'; readonly entries: number; readonly filename: string } | { readonly status: 'cancelled' } | { readonly status: 'error'; readonly error: Error };

function AuditExport({ identity, query }: { readonly identity: IdentityClient; readonly query: AuditQuery }) {
  const [format, setFormat] = useState<ExportFormat>('jsonl');
  const [state, setState] = useState<ExportState>({ status: 'idle' });
  const reader = useRef<ReadableStreamDefaultReader<Uint8Array> | undefined>(undefined);
  const cancelled = useRef(false);
  const ids = useId();
  useEffect(() => () => void reader.current?.cancel().catch(() => undefined), []);

  const start = async () => {
    cancelled.current = false;
    setState({ status: 'running', entries: 0 });
    try {
      let result;
      try {
        result = await identity.GET('/audit/export', { params: { query: { ...query, format } }, parseAs: 'stream' });
      } catch (error) {
        throw unreachable(error);
      }
      if (!result.response.ok) throw problemError(result.response, result.error);
      const chunks: Uint8Array[] = [];
      let lines = 0;
      if (result.data) {
        reader.current = result.data.getReader();
        for (;;) {
          const { done, value } = await reader.current.read();
          if (done) break;
          chunks.push(value);
          for (const byte of value) if (byte === 0x0a) lines++;
          setState({ status: 'running', entries: format === 'csv' ? Math.max(0, lines - 1) : lines });
        }
      }
      reader.current = undefined;
      if (cancelled.current) {
        setState({ status: 'cancelled' });
        return;
      }
      const filename = `audit-log-${fileTimestamp()}.${format}`;
      saveFile(new Blob(chunks as BlobPart[], { type: format === 'csv' ? 'text/csv' : 'application/x-ndjson' }), filename);
      setState({ status: 'done', entries: format === 'csv' ? Math.max(0, lines - 1) : lines, filename });
    } catch (error) {
      reader.current = undefined;
      if (cancelled.current) setState({ status: 'cancelled' });
      else setState({ status: 'error', error: error instanceof Error ? error : new Error(String(error)) });
    }
  };
  const cancel = () => {
    cancelled.current = true;
    void reader.current?.cancel().catch(() => undefined);
  };

  return (
    <article className="card" aria-labelledby="export-title">
      <h2 id="export-title">Export</h2>
      <p>
        Downloads {describeQuery(query)} — every matching entry, not only this page — oldest first. The export is itself recorded in the audit log.
      </p>
      <fieldset>
        <legend>Format</legend>
        <label>
          <input type="radio" name={`${ids}-format`} value="jsonl" checked={format === 'jsonl'} onChange={() => setFormat('jsonl')} /> JSON Lines (with the hashes: an export of every entry re-verifies as a chain)
        </label>
        <label>
          <input type="radio" name={`${ids}-format`} value="csv" checked={format === 'csv'} onChange={() => setFormat('csv')} /> CSV (for spreadsheets)
        </label>
      </fieldset>
      <div className="actions">
        <button type="button" onClick={() => void start()} disabled={state.status === 'running'}>
          {state.status === 'running' ? 'Exporting…' : 'Export'}
        </button>
        {state.status === 'running' && (
          <button type="button" className="secondary" onClick={cancel}>
            Cancel export
          </button>
        )}
      </div>
      {state.status === 'running' && (
        <p role="status" className="message loading" data-testid="export-progress">
          Exporting… {entriesText(state.entries)} so far.
        </p>
      )}
      {state.status === 'done' && (
        <p role="status" className="message success" data-testid="export-done">
          Exported {entriesText(state.entries)} to {state.filename}.
        </p>
      )}
      {state.status === 'cancelled' && <p role="status">Export cancelled; nothing was saved.</p>}
      {state.status === 'error' && <ErrorMessage error={state.error} onRetry={() => void start()} />}
    </article>
  );
}
