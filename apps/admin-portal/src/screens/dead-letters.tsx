import type { IdentityClient, IdentitySchemas } from '@citizen-zero/identity-client';
import { useState } from 'react';
import { expectData } from '../api/api-error';
import { AsyncView, ErrorMessage, useAsync } from '../components/async-state';
import { formatDateTime } from '../components/record-labels';
import type { ScreenProps } from './screen-props';

type DeadLetter = IdentitySchemas['DeadLetterDto'];

const LIST_LIMIT = 200;

/** Job names as officials say them. */
const JOB_LABELS: Readonly<Record<string, string>> = {
  'issue-document': 'Issue a document',
  'sign-credential': 'Sign a wallet credential',
};

/**
 * Identity jobs that failed every attempt (issuing a document, mostly): what failed, when, how
 * often it was tried, and the error's code and message — identifiers only, no personal data. A
 * replay puts the job back on its queue under its original id; the job's own idempotency makes
 * that safe, and the service refuses a second replay of the same letter.
 */
export function DeadLetters({ apis }: ScreenProps) {
  const { identity } = apis;
  const [includeReplayed, setIncludeReplayed] = useState(false);
  const [letters, reload] = useAsync(() => expectData(identity.GET('/dead-letters', { params: { query: { includeReplayed, limit: LIST_LIMIT } } })));
  const [result, setResult] = useState<string | undefined>();

  return (
    <section aria-labelledby="dead-letters-title">
      <h1 id="dead-letters-title">Dead letters</h1>
      <p>Jobs of the identity service that failed three times. Fix the cause first (the error says what failed), then replay: the job runs again from the start, and a job that already succeeded does nothing twice. Each replay is written to the audit log.</p>
      <div className="actions">
        <label>
          <input
            type="checkbox"
            checked={includeReplayed}
            onChange={(event) => {
              setIncludeReplayed(event.target.checked);
              reload();
            }}
          />{' '}
          Show replayed letters too
        </label>
        <button type="button" className="cz-button-secondary" onClick={reload}>
          Reload
        </button>
      </div>
      <p role="status" aria-live="polite" className="message success">
        {result}
      </p>
      <AsyncView state={letters} label="the dead letters" onRetry={reload} isEmpty={(items) => items.length === 0} empty={includeReplayed ? 'No job has ever failed for good.' : 'No failed job waits for a replay.'}>
        {(items) => (
          <table className="results cz-dead-letters">
            <caption>
              {items.length} {items.length === 1 ? 'dead letter' : 'dead letters'}
              {items.length === LIST_LIMIT && ` (the latest ${LIST_LIMIT})`}
            </caption>
            <thead>
              <tr>
                <th scope="col">Failed</th>
                <th scope="col">Job</th>
                <th scope="col">Error</th>
                <th scope="col">Attempts</th>
                <th scope="col">Replay</th>
              </tr>
            </thead>
            <tbody>
              {items.map((letter) => (
                <DeadLetterRow
                  key={letter.id}
                  identity={identity}
                  letter={letter}
                  onReplayed={(message) => {
                    setResult(message);
                    reload();
                  }}
                />
              ))}
            </tbody>
          </table>
        )}
      </AsyncView>
    </section>
  );
}

function DeadLetterRow(props: { readonly identity: IdentityClient; readonly letter: DeadLetter; readonly onReplayed: (message: string) => void }) {
  const { letter } = props;
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<Error | undefined>();
  const job = JOB_LABELS[letter.jobName] ?? letter.jobName;
  const subject = typeof letter.payload['documentId'] === 'string' ? `document ${letter.payload['documentId'].slice(0, 8)}` : `job ${letter.jobId}`;

  const replay = async () => {
    setBusy(true);
    setError(undefined);
    try {
      const replayed = await expectData(props.identity.POST('/dead-letters/{id}/replay', { params: { path: { id: letter.id } } }));
      props.onReplayed(`${job} (${subject}) is back on its queue${replayed.replayedAt ? ` since ${formatDateTime(replayed.replayedAt)}` : ''}. If it fails again it comes back here.`);
    } catch (caught) {
      setError(caught as Error);
      setBusy(false);
    }
  };

  return (
    <tr aria-label={`${job}, ${subject}`}>
      <td>
        <time dateTime={letter.failedAt}>{formatDateTime(letter.failedAt)}</time>
      </td>
      <td>
        {job} <span className="reference">({subject}, queue {letter.queue})</span>
      </td>
      <td>
        <code>{letter.errorCode}</code> {letter.errorMessage}
      </td>
      <td>{letter.attempts}</td>
      <td>
        {letter.replayedAt ? (
          <span>
            replayed {formatDateTime(letter.replayedAt)}
            {letter.replayedBy && ` by ${letter.replayedBy}`}
          </span>
        ) : (
          <>
            <button type="button" onClick={() => void replay()} disabled={busy} aria-label={`Replay: ${job}, ${subject}`}>
              {busy ? 'Replaying…' : 'Replay'}
            </button>
            {busy && <progress aria-label={`Replaying ${job}, ${subject}`} />}
            {error && <ErrorMessage error={error} />}
          </>
        )}
      </td>
    </tr>
  );
}
