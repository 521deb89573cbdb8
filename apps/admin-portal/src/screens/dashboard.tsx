import type { IdentityClient } from '@citizen-zero/identity-client';
import { expectData } from '../api/api-error';
import { capabilitiesOf } from '../auth/roles';
import { AsyncView, useAsync } from '../components/async-state';
import type { ScreenProps } from './screen-props';

/** The most the identity API lists at once; a count at this value is shown as "500 or more". */
const COUNT_LIMIT = 500;

interface WorkCounts {
  readonly review: number;
  readonly adjudication: number;
}

/** Today's work at a glance: what waits for a decision, and whether the identity API is ready. */
export function Dashboard({ apis, official }: ScreenProps) {
  const { identity } = apis;
  const canReview = capabilitiesOf(official.roles).has('application-review');
  return (
    <section aria-labelledby="dashboard-title">
      <h1 id="dashboard-title">Dashboard</h1>
      <div className="cards">
        {canReview ? <WorkCountsCard identity={identity} /> : <p className="card">Review and adjudication queues are shown to approvers.</p>}
        <HealthCard identity={identity} />
      </div>
    </section>
  );
}

function WorkCountsCard({ identity }: { readonly identity: IdentityClient }) {
  const [counts, reload] = useAsync<WorkCounts>(async () => {
    const count = async (state: 'review' | 'adjudication') => (await expectData(identity.GET('/applications', { params: { query: { state: [state], limit: COUNT_LIMIT } } }))).length;
    const [review, adjudication] = await Promise.all([count('review'), count('adjudication')]);
    return { review, adjudication };
  });
  const shown = (value: number) => (value >= COUNT_LIMIT ? `${COUNT_LIMIT} or more` : String(value));
  return (
    <article className="card" aria-labelledby="work-title">
      <h2 id="work-title">Waiting for a decision</h2>
      <AsyncView state={counts} label="the queues" onRetry={reload}>
        {(value) => (
          <dl className="figures">
            <div>
              <dt>Applications waiting for review</dt>
              <dd data-testid="count-review">{shown(value.review)}</dd>
            </div>
            <div>
              <dt>Possible duplicates waiting for adjudication</dt>
              <dd data-testid="count-adjudication">{shown(value.adjudication)}</dd>
            </div>
          </dl>
        )}
      </AsyncView>
    </article>
  );
}

function HealthCard({ identity }: { readonly identity: IdentityClient }) {
  const [health, reload] = useAsync(async () => {
    try {
      const { response } = await identity.GET('/health/ready');
      return response.ok ? 'ready' : `not ready (${response.status})`;
    } catch {
      return 'unreachable';
    }
  });
  return (
    <article className="card" aria-labelledby="health-title">
      <h2 id="health-title">Service health</h2>
      <AsyncView state={health} label="service health" onRetry={reload}>
        {(value) => (
          <dl className="figures">
            <div>
              <dt>Identity API</dt>
              <dd data-testid="health-identity" className={value === 'ready' ? 'ok' : 'bad'}>
                {value}
              </dd>
            </div>
          </dl>
        )}
      </AsyncView>
    </article>
  );
}
