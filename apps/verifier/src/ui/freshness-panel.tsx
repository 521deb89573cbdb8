import type { Freshness } from '../sync/freshness';

/** How old the trust material is, and a warning a clerk cannot miss when it is stale or missing. */
export function FreshnessPanel(props: { freshness: Freshness; maxAgeHours: number; now: Date; syncing: boolean; online: boolean; onSync: () => void; compact?: boolean }) {
  const { freshness, now } = props;
  const problems = freshness.parts.filter((part) => part.state !== 'fresh');
  const oldest = freshness.parts.reduce<Date | undefined>((earliest, part) => (part.fetchedAt && (!earliest || part.fetchedAt < earliest) ? part.fetchedAt : earliest), undefined);
  return (
    <section className={`freshness ${freshness.ok ? 'fresh' : 'stale'}`} aria-label="Trust material" data-testid="freshness" data-state={freshness.ok ? 'fresh' : 'stale'}>
      {freshness.ok ? (
        <p>
          <strong>Trust material up to date</strong> — synchronised {oldest ? ago(oldest, now) : '—'} (maximum age {props.maxAgeHours} h).
        </p>
      ) : (
        <div role="alert">
          <strong>{problems.some((part) => part.state === 'missing') ? 'Not synchronised' : 'Trust material is stale'}</strong>
          <ul>
            {problems.map((part) => (
              <li key={part.label}>
                {part.label}: {part.state === 'missing' ? 'never synchronised' : `synchronised ${ago(part.fetchedAt!, now)}, ${part.reason}`}
              </li>
            ))}
          </ul>
          <span>Verdicts use this material: revocations and new authorities since then are unknown. Synchronise when a network is available.</span>
        </div>
      )}
      {!props.compact && (
        <table>
          <thead>
            <tr>
              <th scope="col">What</th>
              <th scope="col">Synchronised</th>
              <th scope="col">State</th>
            </tr>
          </thead>
          <tbody>
            {freshness.parts.map((part) => (
              <tr key={part.label}>
                <td>{part.label}</td>
                <td>{part.fetchedAt ? `${part.fetchedAt.toLocaleString()} (${ago(part.fetchedAt, now)})` : '—'}</td>
                <td>{part.state === 'fresh' ? 'up to date' : part.state === 'missing' ? 'missing' : `stale: ${part.reason}`}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <button type="button" onClick={props.onSync} disabled={props.syncing || !props.online}>
        {props.syncing ? 'Synchronising…' : props.online ? 'Synchronise now' : 'Offline — cannot synchronise'}
      </button>
    </section>
  );
}

export function ago(date: Date, now: Date): string {
  const minutes = Math.max(0, Math.round((now.getTime() - date.getTime()) / 60_000));
  if (minutes < 1) return 'just now';
  if (minutes < 60) return `${minutes} min ago`;
  const hours = Math.round(minutes / 60);
  if (hours < 48) return `${hours} h ago`;
  return `${Math.round(hours / 24)} days ago`;
}
