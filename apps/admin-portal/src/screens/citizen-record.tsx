import type { IdentityClient, IdentitySchemas } from '@citizen-zero/identity-client';
import { type FormEvent, useCallback, useEffect, useId, useRef, useState } from 'react';
import { expectData } from '../api/api-error';
import { capabilitiesOf } from '../auth/roles';
import { type AsyncState, AsyncView, ErrorMessage, useAsync } from '../components/async-state';
import { DocumentPdf, type PdfRenderer } from '../components/document-pdf';
import { LifecycleDialog } from '../components/lifecycle-dialog';
import { OfferQr } from '../components/offer-qr';
import { RecordHistory } from '../components/record-history';
import { ACTION_LABELS, APPLICATION_TYPE_LABELS, CREDENTIAL_KINDS, DOCUMENT_KIND_LABELS, type DocumentAction, documentActionsFor, documentTitle, formatDate, formatDateTime, ISSUANCE_STATE_LABELS, type IssuedDocument, STATUS_LABELS } from '../components/record-labels';
import { Link } from '../router';
import type { ScreenProps } from './screen-props';

type Person = IdentitySchemas['PersonResponseDto'];
type History = IdentitySchemas['PersonHistoryDto'];
type RecordApplication = IdentitySchemas['RecordApplicationDto'];

/** How often the documents are read again while some are being issued, and for how long at most (then the official is told). */
const ISSUANCE_POLL_MS = 1_500;
const ISSUANCE_POLLS = 80;

/** What the panel under the documents shows: one document's PDF, wallet offer or lifecycle action. */
type DocumentPanel = { readonly documentId: string; readonly show: 'pdf' | 'offer' | DocumentAction };

/**
 * One citizen's record: personal details and portrait (decrypted for the official, and the view
 * is audited — the screen says so), their documents and credentials with issuance state and
 * status, issuance (PDF preview and download, wallet offers, approving what waits for this person;
 * registrars file renewals, replacements, passports and mDLs in Enrolment), lifecycle (suspend,
 * reinstate, revoke, record death),
 * and the history of the record. What is offered follows the official's capabilities; the
 * identity service enforces them.
 */
export function CitizenRecord(props: ScreenProps & { readonly renderPdfPages?: PdfRenderer }) {
  const { apis, official, params } = props;
  const { identity } = apis;
  const personId = params['id'] ?? '';
  const capabilities = capabilitiesOf(official.roles);
  const [person, reloadPerson] = useAsync(() => expectData(identity.GET('/persons/{id}', { params: { path: { id: personId } } })));
  const [history, reloadHistory] = useAsync(() => expectData(identity.GET('/persons/{id}/history', { params: { path: { id: personId } } })));
  const [documents, reloadDocuments, issuanceOverdue] = useDocuments(identity, personId);
  const [panel, setPanel] = useState<DocumentPanel | undefined>();
  const [recordingDeath, setRecordingDeath] = useState(false);
  const [message, setMessage] = useState<string | undefined>();

  // When the last pending document is issued, its issuance is in the history.
  const wasIssuing = useRef(false);
  const issuing = documents.status === 'ready' && documents.value.some((document) => document.state === 'pending');
  useEffect(() => {
    if (wasIssuing.current && !issuing) reloadHistory();
    wasIssuing.current = issuing;
  }, [issuing, reloadHistory]);

  const changed = (text: string) => {
    setMessage(text);
    setPanel(undefined);
    setRecordingDeath(false);
    reloadDocuments();
    reloadHistory();
  };

  const name = person.status === 'ready' ? `${person.value.familyName.toUpperCase()}, ${person.value.givenNames}` : undefined;
  const deceased = person.status === 'ready' && person.value.status === 'deceased';
  return (
    <section aria-labelledby="record-title" className="cz-record">
      <p>
        <Link to="/citizens">← Citizen search</Link>
      </p>
      <h1 id="record-title">{name ?? 'Citizen record'}</h1>
      <p className="notice" role="note">
        This record is decrypted for you. Each view of it — the personal details, the history, a document’s PDF — is written to the audit log under your name. Open it only for a case you are working on.
      </p>
      <p role="status" aria-live="polite" className="message success">
        {message}
      </p>

      <section aria-labelledby="cz-details-title" className="cz-record-section">
        <h2 id="cz-details-title">Personal details</h2>
        <AsyncView state={person} label="the personal details" onRetry={reloadPerson}>
          {(value) => <PersonDetails person={value} />}
        </AsyncView>
      </section>

      <section aria-labelledby="cz-documents-title" className="cz-record-section">
        <h2 id="cz-documents-title">Documents and credentials</h2>
        <AsyncView state={documents} label="the documents" onRetry={reloadDocuments} isEmpty={(items) => items.length === 0} empty="No document or credential has been issued to this person.">
          {(items) => (
            <>
              {issuing && !issuanceOverdue && (
                <p role="status" className="cz-issuing">
                  <progress aria-label="Issuing" /> Issuing {items.filter((document) => document.state === 'pending').length} of {items.length}… this page updates by itself.
                </p>
              )}
              {issuanceOverdue && (
                <div role="alert" className="message error">
                  <p>Issuance is taking longer than usual. A security officer or administrator can see in Dead letters whether its job failed, and replay it.</p>
                  <button type="button" onClick={reloadDocuments}>
                    Check again
                  </button>
                </div>
              )}
              <DocumentTable documents={items} canIssue={capabilities.has('issuance')} canChangeStatus={capabilities.has('lifecycle') && !deceased} panel={panel} onPanel={setPanel} />
              {panel && (() => {
                const document = items.find((item) => item.id === panel.documentId);
                if (!document) return null;
                const title = documentTitle(document);
                if (panel.show === 'pdf') return <DocumentPdf key={`${document.id}-pdf`} identity={identity} document={document} {...(props.renderPdfPages && { renderPages: props.renderPdfPages })} />;
                if (panel.show === 'offer') return <OfferQr key={`${document.id}-offer`} identity={identity} documentId={document.id} title={title} />;
                return <LifecycleDialog key={`${document.id}-${panel.show}`} identity={identity} target={{ type: 'document', id: document.id, title, action: panel.show }} onDone={changed} onCancel={() => setPanel(undefined)} />;
              })()}
            </>
          )}
        </AsyncView>
      </section>

      {(capabilities.has('issuance') || capabilities.has('enrolment')) && !deceased && (
        <section aria-labelledby="cz-issue-title" className="cz-record-section">
          <h2 id="cz-issue-title">Issue and reissue</h2>
          <p>
            Documents are issued when an application for this person is approved: a renewal or replacement of the national ID card (with its wallet credential), a passport or a mobile driving licence is filed by a registrar with a face captured at the desk, and approved by another official (maker–checker). The birth certificate comes from the birth registration; a copy is its PDF, downloaded again.
          </p>
          {capabilities.has('application-review') && (
            <AsyncView state={history} label="the applications" onRetry={reloadHistory}>
              {(value) => <WaitingApplications identity={identity} applications={value.applications} onApproved={(text) => changed(text)} />}
            </AsyncView>
          )}
          {capabilities.has('enrolment') && person.status === 'ready' && (
            <p>
              To file a renewal, replacement, passport or mobile driving licence for this person, go to <Link to="/enrolment">Enrolment</Link> and find them by their national ID number, <code>{person.value.nationalIdNumber}</code>.
            </p>
          )}
        </section>
      )}

      {capabilities.has('lifecycle') && person.status === 'ready' && (
        <section aria-labelledby="cz-life-title" className="cz-record-section">
          <h2 id="cz-life-title">Death</h2>
          {deceased ? (
            <p>This person is recorded as deceased; their documents are revoked.</p>
          ) : recordingDeath ? (
            <LifecycleDialog identity={identity} target={{ type: 'person', id: personId, title: name ?? 'this person', action: 'record-death' }} onDone={changed} onCancel={() => setRecordingDeath(false)} />
          ) : (
            <div className="actions">
              <button type="button" className="cz-button-danger" onClick={() => setRecordingDeath(true)}>
                {ACTION_LABELS['record-death']}…
              </button>
            </div>
          )}
        </section>
      )}

      <section aria-labelledby="cz-history-title" className="cz-record-section">
        <h2 id="cz-history-title">History</h2>
        <AsyncView state={history} label="the history" onRetry={reloadHistory}>
          {(value: History) => <RecordHistory history={value} />}
        </AsyncView>
      </section>
    </section>
  );
}

/** The person's documents, read again every ISSUANCE_POLL_MS while some are being issued (without going back to "loading"). */
function useDocuments(identity: IdentityClient, personId: string): [AsyncState<IssuedDocument[]>, () => void, boolean] {
  const [state, setState] = useState<AsyncState<IssuedDocument[]>>({ status: 'loading' });
  const [polls, setPolls] = useState(0);
  const live = useRef(true);
  const load = useCallback(async () => {
    try {
      const value = await expectData(identity.GET('/persons/{id}/documents', { params: { path: { id: personId } } }));
      if (live.current) setState({ status: 'ready', value });
    } catch (error) {
      if (live.current) setState({ status: 'error', error: error as Error });
    }
  }, [identity, personId]);
  useEffect(() => {
    live.current = true;
    void load();
    return () => {
      live.current = false;
    };
  }, [load]);
  const pending = state.status === 'ready' && state.value.some((document) => document.state === 'pending');
  useEffect(() => {
    if (!pending || polls >= ISSUANCE_POLLS) return;
    const timer = setTimeout(() => {
      setPolls((count) => count + 1);
      void load();
    }, ISSUANCE_POLL_MS);
    return () => clearTimeout(timer);
  }, [pending, polls, state, load]);
  const reload = useCallback(() => {
    setPolls(0);
    void load();
  }, [load]);
  return [state, reload, pending && polls >= ISSUANCE_POLLS];
}

function PersonDetails({ person }: { readonly person: Person }) {
  const residence = person.addresses.find((address) => address.kind === 'residence') ?? person.addresses[0];
  return (
    <div className="cz-record-details">
      <figure className="cz-portrait">
        {person.portrait ? <img src={`data:image/jpeg;base64,${person.portrait}`} alt={`Portrait of ${person.givenNames} ${person.familyName}`} /> : <div className="cz-portrait-missing">No portrait on record</div>}
        <figcaption>Portrait on record</figcaption>
      </figure>
      <dl className="cz-demographics">
        <div>
          <dt>National ID number</dt>
          <dd>
            <code>{person.nationalIdNumber}</code>
          </dd>
        </div>
        <div>
          <dt>Status</dt>
          <dd className={person.status === 'active' ? 'ok' : 'bad'}>{person.status === 'active' ? 'active' : 'deceased'}</dd>
        </div>
        <div>
          <dt>Family name</dt>
          <dd>{person.familyName}</dd>
        </div>
        <div>
          <dt>Given names</dt>
          <dd>{person.givenNames}</dd>
        </div>
        <div>
          <dt>Date of birth</dt>
          <dd>{person.birthDate}</dd>
        </div>
        <div>
          <dt>Place of birth</dt>
          <dd>{person.placeOfBirth}</dd>
        </div>
        <div>
          <dt>Sex</dt>
          <dd>{person.sex}</dd>
        </div>
        <div>
          <dt>Nationality</dt>
          <dd>{person.nationalities.join(', ')}</dd>
        </div>
        <div>
          <dt>Residence</dt>
          <dd>{residence ? [...residence.lines, [residence.postalCode, residence.locality].filter(Boolean).join(' '), residence.country].join(', ') : '—'}</dd>
        </div>
        {person.parents.length > 0 && (
          <div>
            <dt>Parents</dt>
            <dd>{person.parents.map((parent) => `${parent.givenNames} ${parent.familyName} (${parent.role})`).join('; ')}</dd>
          </div>
        )}
        <div>
          <dt>Biometrics on record</dt>
          <dd>{person.biometricReferences.length === 0 ? 'none' : [...new Set(person.biometricReferences.map((reference) => reference.modality))].join(', ')}</dd>
        </div>
        <div>
          <dt>Registered</dt>
          <dd>{formatDate(person.createdAt)}</dd>
        </div>
      </dl>
    </div>
  );
}

function DocumentTable(props: { readonly documents: readonly IssuedDocument[]; readonly canIssue: boolean; readonly canChangeStatus: boolean; readonly panel: DocumentPanel | undefined; readonly onPanel: (panel: DocumentPanel | undefined) => void }) {
  const toggle = (documentId: string, show: DocumentPanel['show']) => props.onPanel(props.panel?.documentId === documentId && props.panel.show === show ? undefined : { documentId, show });
  return (
    <table className="results cz-documents">
      <caption>
        {props.documents.length} {props.documents.length === 1 ? 'document or credential' : 'documents and credentials'}
      </caption>
      <thead>
        <tr>
          <th scope="col">Document</th>
          <th scope="col">Number</th>
          <th scope="col">Issuance</th>
          <th scope="col">Status</th>
          <th scope="col">Issued</th>
          <th scope="col">Valid until</th>
          <th scope="col">Actions</th>
        </tr>
      </thead>
      <tbody>
        {props.documents.map((document) => {
          const title = documentTitle(document);
          const credential = CREDENTIAL_KINDS.has(document.kind);
          const pdf = props.canIssue && !credential && document.state === 'issued';
          const offer = props.canIssue && credential && document.state === 'offered' && document.status === 'valid';
          const actions = props.canChangeStatus ? documentActionsFor(document) : [];
          const selected = (show: DocumentPanel['show']) => props.panel?.documentId === document.id && props.panel.show === show;
          return (
            <tr key={document.id} aria-label={title}>
              <th scope="row">{DOCUMENT_KIND_LABELS[document.kind]}</th>
              <td>{document.documentNumber ? <code>{document.documentNumber}</code> : '—'}</td>
              <td>
                {document.state === 'pending' && <progress aria-label={`${title} being issued`} />} {ISSUANCE_STATE_LABELS[document.state]}
              </td>
              <td>
                <span className={`cz-status cz-status-${document.status}`}>{STATUS_LABELS[document.status]}</span>
              </td>
              <td>{formatDate(document.issuedAt)}</td>
              <td>{formatDate(document.validUntil)}</td>
              <td>
                <div className="actions">
                  {pdf && (
                    <button type="button" className="cz-button-secondary" aria-label={`PDF of ${title}`} aria-pressed={selected('pdf')} onClick={() => toggle(document.id, 'pdf')}>
                      PDF…
                    </button>
                  )}
                  {offer && (
                    <button type="button" className="cz-button-secondary" aria-label={`Wallet offer for ${title}`} aria-pressed={selected('offer')} onClick={() => toggle(document.id, 'offer')}>
                      Wallet offer…
                    </button>
                  )}
                  {actions.map((action) => (
                    <button key={action} type="button" className={action === 'reinstate' ? 'cz-button-secondary' : 'cz-button-secondary cz-button-danger-text'} aria-label={`${ACTION_LABELS[action]} ${title}`} aria-pressed={selected(action)} onClick={() => toggle(document.id, action)}>
                      {ACTION_LABELS[action]}…
                    </button>
                  ))}
                  {!pdf && !offer && actions.length === 0 && '—'}
                </div>
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

/** Applications for this person that wait for an approver: approving one issues its documents (maker–checker is the service's rule). */
function WaitingApplications(props: { readonly identity: IdentityClient; readonly applications: readonly RecordApplication[]; readonly onApproved: (message: string) => void }) {
  const inReview = props.applications.filter((application) => application.state === 'review');
  const inProgress = props.applications.filter((application) => ['draft', 'submitted', 'biometrics-captured', 'deduplication', 'adjudication', 'approved'].includes(application.state));
  return (
    <>
      <h3>Waiting for approval</h3>
      {inReview.length === 0 ? (
        <p className="message empty">No application for this person waits for approval.</p>
      ) : (
        <ul className="queue" aria-label="Applications waiting for approval">
          {inReview.map((application) => (
            <ApprovalItem key={application.id} identity={props.identity} application={application} onApproved={props.onApproved} />
          ))}
        </ul>
      )}
      {inProgress.length > 0 && (
        <p>
          Under way:{' '}
          {inProgress.map((application) => `${APPLICATION_TYPE_LABELS[application.type] ?? application.type} ${application.id.slice(0, 8)} (${application.state})`).join('; ')}. Possible duplicates are decided in the <Link to="/review">review queue</Link>.
        </p>
      )}
    </>
  );
}

function ApprovalItem(props: { readonly identity: IdentityClient; readonly application: RecordApplication; readonly onApproved: (message: string) => void }) {
  const { application } = props;
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState('');
  const [reasonMissing, setReasonMissing] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<Error | undefined>();
  const reasonId = useId();
  const title = `${APPLICATION_TYPE_LABELS[application.type] ?? application.type} ${application.id.slice(0, 8)}`;

  const approve = async (event: FormEvent) => {
    event.preventDefault();
    if (reason.trim() === '') {
      setReasonMissing(true);
      return;
    }
    setReasonMissing(false);
    setBusy(true);
    setError(undefined);
    try {
      await expectData(props.identity.POST('/applications/{id}/approval', { params: { path: { id: application.id } }, body: { reason: reason.trim() } }));
      props.onApproved(`${title} approved: its documents are being issued.`);
    } catch (caught) {
      setError(caught as Error);
      setBusy(false);
    }
  };

  return (
    <li className="queue-item" aria-label={title}>
      <div className="queue-summary">
        <strong>{APPLICATION_TYPE_LABELS[application.type] ?? application.type}</strong> <code>{application.id.slice(0, 8)}</code>
        <span>
          filed {formatDateTime(application.createdAt)} by {application.createdBy}
        </span>
      </div>
      {open ? (
        <form onSubmit={(event) => void approve(event)} noValidate className="decision" aria-label={`Approve ${title}`}>
          <label htmlFor={reasonId}>Reason (kept in the application’s journal)</label>
          <textarea id={reasonId} rows={2} value={reason} onChange={(event) => setReason(event.target.value)} aria-invalid={reasonMissing} autoFocus />
          {reasonMissing && (
            <p role="alert" className="message error">
              Give a reason: it is recorded with your approval.
            </p>
          )}
          {error && <ErrorMessage error={error} />}
          <div className="actions">
            <button type="submit" disabled={busy}>
              {busy ? 'Approving…' : 'Approve and issue'}
            </button>
            <button type="button" className="cz-button-secondary" onClick={() => setOpen(false)} disabled={busy}>
              Cancel
            </button>
          </div>
        </form>
      ) : (
        <div className="actions">
          <button type="button" onClick={() => setOpen(true)}>
            Approve and issue…
          </button>
        </div>
      )}
    </li>
  );
}
