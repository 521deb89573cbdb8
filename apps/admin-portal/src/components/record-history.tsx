import type { IdentitySchemas } from '@citizen-zero/identity-client';
import { APPLICATION_TYPE_LABELS, DOCUMENT_KIND_LABELS, EVENT_LABELS, formatDateTime, reasonLabel } from './record-labels';

type History = IdentitySchemas['PersonHistoryDto'];
type RecordApplication = IdentitySchemas['RecordApplicationDto'];

/**
 * The record's history: the changes the audit log holds on the person and their documents
 * (issued, offered, suspended, revoked, expired, death recorded), newest first, then each
 * application that names the person with its journal — who moved it, when, and why.
 */
export function RecordHistory({ history }: { readonly history: History }) {
  const events = [...history.events].reverse();
  const applications = [...history.applications].reverse();
  return (
    <div className="cz-history">
      <h3 id="cz-history-events">Changes to the record</h3>
      {events.length === 0 ? (
        <p className="message empty">No change recorded yet.</p>
      ) : (
        <table className="results" aria-labelledby="cz-history-events">
          <thead>
            <tr>
              <th scope="col">When</th>
              <th scope="col">What</th>
              <th scope="col">Document</th>
              <th scope="col">Reason</th>
              <th scope="col">By</th>
            </tr>
          </thead>
          <tbody>
            {events.map((event) => (
              <tr key={event.sequence}>
                <td>
                  <time dateTime={event.at}>{formatDateTime(event.at)}</time>
                </td>
                <td>
                  {EVENT_LABELS[event.action]}
                  {event.documentsAffected !== undefined && ` (${event.documentsAffected} ${event.documentsAffected === 1 ? 'document' : 'documents'})`}
                </td>
                <td>{event.documentKind ? DOCUMENT_KIND_LABELS[event.documentKind] : '—'}</td>
                <td>{reasonLabel(event.reason) || '—'}</td>
                <td>{event.actor}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <h3 id="cz-history-applications">Applications</h3>
      {applications.length === 0 ? (
        <p className="message empty">No application names this person.</p>
      ) : (
        <ul className="cz-history-applications" aria-labelledby="cz-history-applications">
          {applications.map((application) => (
            <ApplicationJournal key={application.id} application={application} />
          ))}
        </ul>
      )}
    </div>
  );
}

function ApplicationJournal({ application }: { readonly application: RecordApplication }) {
  const title = `${APPLICATION_TYPE_LABELS[application.type] ?? application.type} ${application.id.slice(0, 8)}`;
  return (
    <li aria-label={title}>
      <details>
        <summary>
          <strong>{APPLICATION_TYPE_LABELS[application.type] ?? application.type}</strong> <code>{application.id.slice(0, 8)}</code> <span className={`state state-${application.state}`}>{application.state}</span> filed <time dateTime={application.createdAt}>{formatDateTime(application.createdAt)}</time> by {application.createdBy}
          {application.decidedBy && `, decided by ${application.decidedBy}`}
        </summary>
        <ol className="cz-journal" aria-label={`Journal of ${title}`}>
          {application.journal.map((entry, index) => (
            <li key={index}>
              <time dateTime={entry.at}>{formatDateTime(entry.at)}</time> — {entry.from ? `${entry.from} → ${entry.to}` : `created as ${entry.to}`} by {entry.actor}: “{entry.reason}”
            </li>
          ))}
        </ol>
      </details>
    </li>
  );
}
