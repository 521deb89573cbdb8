import type { IdentityClient, IdentitySchemas } from '@citizen-zero/identity-client';
import { type FormEvent, useId, useState } from 'react';
import { expectData } from '../api/api-error';
import { applicationTitle, applicationTypeLabel } from '../components/application-labels';
import { AsyncView, ErrorMessage, useAsync } from '../components/async-state';
import { Link } from '../router';

type Summary = IdentitySchemas['ApplicationSummaryDto'];
type Decision = 'approve' | 'reject';

/**
 * Applications waiting for an approver: in review (approve or reject here, or open it) and in
 * adjudication after a possible duplicate (compare the applicant with the candidates side by side
 * on the application's page, `/review/:id`, or reject here). Maker–checker is the identity
 * service's rule: an approver who created or submitted an application is refused, and the refusal
 * is shown as the service gives it.
 */
export function ReviewQueue({ identity }: { readonly identity: IdentityClient }) {
  const [queue, reload] = useAsync(() => expectData(identity.GET('/applications', { params: { query: { state: ['review', 'adjudication'], limit: 100 } } })));
  const [done, setDone] = useState<string | undefined>();
  return (
    <section aria-labelledby="queue-title">
      <h1 id="queue-title">Review queue</h1>
      <p role="status" aria-live="polite" className="message success">
        {done}
      </p>
      <AsyncView state={queue} label="the review queue" onRetry={reload} isEmpty={(items) => items.length === 0} empty="Nothing waits for review. New applications appear here once deduplication has answered.">
        {(items) => (
          <ul className="queue" aria-label="Applications waiting">
            {items.map((item) => (
              <QueueItem
                key={item.id}
                identity={identity}
                item={item}
                onDecided={(message) => {
                  setDone(message);
                  reload();
                }}
              />
            ))}
          </ul>
        )}
      </AsyncView>
    </section>
  );
}

function QueueItem(props: { readonly identity: IdentityClient; readonly item: Summary; readonly onDecided: (message: string) => void }) {
  const { identity, item } = props;
  const [decision, setDecision] = useState<Decision | undefined>();
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<Error | undefined>();
  const [reasonMissing, setReasonMissing] = useState(false);
  const reasonId = useId();
  const title = applicationTitle(item);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!decision) return;
    if (reason.trim() === '') {
      setReasonMissing(true);
      return;
    }
    setReasonMissing(false);
    setBusy(true);
    setError(undefined);
    try {
      const options = { params: { path: { id: item.id } }, body: { reason: reason.trim() } };
      await expectData(decision === 'approve' ? identity.POST('/applications/{id}/approval', options) : identity.POST('/applications/{id}/rejection', options));
      props.onDecided(`${title} ${decision === 'approve' ? 'approved' : 'rejected'}.`);
    } catch (caught) {
      setError(caught as Error);
    } finally {
      setBusy(false);
    }
  };

  return (
    <li className="queue-item" aria-label={title}>
      <div className="queue-summary">
        <strong>{applicationTypeLabel(item.type)}</strong> <code>{item.id.slice(0, 8)}</code>
        <span className={`state state-${item.state}`}>{item.state === 'adjudication' ? 'possible duplicate: adjudication' : 'review'}</span>
        {item.deduplication && <span>deduplication: {item.deduplication}</span>}
        <span>filed {new Date(item.createdAt).toLocaleString()}</span>
      </div>
      {decision === undefined ? (
        <div className="actions">
          <Link to={`/review/${item.id}`} className="button-link">
            {item.state === 'adjudication' ? `Compare with the candidates: ${title}` : `Open ${title}`}
          </Link>
          {item.state === 'review' && (
            <button type="button" onClick={() => setDecision('approve')}>
              Approve…
            </button>
          )}
          <button type="button" onClick={() => setDecision('reject')}>
            Reject…
          </button>
        </div>
      ) : (
        <form onSubmit={(event) => void submit(event)} noValidate className="decision" aria-label={`${decision === 'approve' ? 'Approve' : 'Reject'} ${title}`}>
          <label htmlFor={reasonId}>Reason (kept in the application's journal)</label>
          <textarea id={reasonId} value={reason} onChange={(event) => setReason(event.target.value)} rows={2} required aria-invalid={reasonMissing} autoFocus />
          {reasonMissing && (
            <p role="alert" className="message error">
              Give a reason: it is recorded with your decision.
            </p>
          )}
          {error && <ErrorMessage error={error} />}
          <div className="actions">
            <button type="submit" disabled={busy}>
              {busy ? 'Sending…' : decision === 'approve' ? 'Confirm approval' : 'Confirm rejection'}
            </button>
            <button
              type="button"
              onClick={() => {
                setDecision(undefined);
                setError(undefined);
              }}
              disabled={busy}
            >
              Cancel
            </button>
          </div>
        </form>
      )}
    </li>
  );
}
