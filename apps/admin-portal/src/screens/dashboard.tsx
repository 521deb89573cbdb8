import type { IdentityClient, IdentitySchemas } from '@citizen-zero/identity-client';
import { useState } from 'react';
import { expectData } from '../api/api-error';
import { type MonitorAlert, SEVERITY_ORDER, type Topology, type WatchedServiceState } from '../api/monitor-api';
import type { ServiceClient } from '../api/service-client';
import { capabilitiesOf } from '../auth/roles';
import { AsyncView, ErrorMessage, useAsync } from '../components/async-state';
import { formatInstant, startOfLocalDay } from '../components/instant-format';
import { type LiveAlerts, useLiveAlerts } from '../components/live-alerts';
import { useRefreshingAsync } from '../components/refreshing-async';
import { latencyText, StatusText, TopologyGraph } from '../components/topology-graph';
import { Link } from '../router';
import type { ScreenProps } from './screen-props';

/** The most the identity API lists at once; a count at this value is shown as "500 or more". */
const COUNT_LIMIT = 500;
/** How often the monitor's views are read again (it polls the services every 5–15 s). */
const MONITOR_REFRESH_MS = 15_000;

interface WorkCounts {
  readonly review: number;
  readonly adjudication: number;
}

type ActivityStatistics = IdentitySchemas['ActivityStatisticsDto'];

const APPLICATION_TYPE_LABELS: Readonly<Record<string, string>> = {
  'birth-registration': 'birth registrations',
  'national-id-first': 'first national IDs',
  'national-id-renewal': 'national ID renewals',
  'national-id-replacement': 'national ID replacements',
  passport: 'passports',
  mdl: 'driving licences',
};

/**
 * Today's work at a glance: enrolments, decisions and issuance since the official's midnight, what
 * waits; for approvers the queues; and, for officials who watch the platform, the services' health,
 * the open alerts (live) and the topology from the monitor.
 */
export function Dashboard({ apis, official }: ScreenProps) {
  const { identity } = apis;
  const capabilities = capabilitiesOf(official.roles);
  return (
    <section aria-labelledby="dashboard-title" className="dashboard">
      <h1 id="dashboard-title">Dashboard</h1>
      <div className="cards">
        <ActivityCard identity={identity} canOpenDeadLetters={capabilities.has('dead-letters')} />
        {capabilities.has('application-review') && <WorkCountsCard identity={identity} />}
        <HealthCard identity={identity} />
      </div>
      {capabilities.has('monitoring') && <PlatformMonitoring monitor={apis.monitor} canAcknowledge={capabilities.has('alert-acknowledge')} />}
    </section>
  );
}

function ActivityCard({ identity, canOpenDeadLetters }: { readonly identity: IdentityClient; readonly canOpenDeadLetters: boolean }) {
  const [activity, reload] = useAsync<ActivityStatistics>(() => expectData(identity.GET('/statistics/activity', { params: { query: { since: startOfLocalDay().toISOString() } } })));
  return (
    <article className="card" aria-labelledby="activity-title">
      <h2 id="activity-title">Today</h2>
      <AsyncView state={activity} label="today’s figures" onRetry={reload}>
        {(value) => {
          const byType = Object.entries(value.enrolments.startedByType)
            .map(([type, count]) => `${count} ${APPLICATION_TYPE_LABELS[type] ?? type}`)
            .join(', ');
          return (
            <>
              <dl className="figures">
                <div>
                  <dt>Enrolments started</dt>
                  <dd data-testid="stat-enrolments">{value.enrolments.started}</dd>
                </div>
                {byType && <p className="figure-note">{byType}</p>}
                <div>
                  <dt>Submitted</dt>
                  <dd data-testid="stat-submitted">{value.enrolments.submitted}</dd>
                </div>
                <div>
                  <dt>Approved · rejected</dt>
                  <dd data-testid="stat-decisions">
                    {value.enrolments.approved} · {value.enrolments.rejected}
                  </dd>
                </div>
                <div>
                  <dt>Documents issued</dt>
                  <dd data-testid="stat-issued">{value.issuance.issued}</dd>
                </div>
                <div>
                  <dt>Issuance rate (last 24 h)</dt>
                  <dd data-testid="stat-issuance-rate">{value.issuance.perHour} per hour</dd>
                </div>
                <p className="figure-note">
                  {value.issuance.lastHour} in the last hour; {value.issuance.pending} waiting to be issued.
                </p>
                <div>
                  <dt>Dead letters (identity)</dt>
                  <dd data-testid="stat-dead-letters" className={value.waiting.deadLetters > 0 ? 'bad' : 'ok'}>
                    {value.waiting.deadLetters}
                  </dd>
                </div>
              </dl>
              {value.waiting.deadLetters > 0 &&
                (canOpenDeadLetters ? (
                  <p>
                    <Link to="/dead-letters">Open the dead letters</Link> to see why the jobs failed and replay them.
                  </p>
                ) : (
                  <p className="figure-note">Jobs failed every attempt; a security officer or administrator replays them.</p>
                ))}
              <p className="figure-note">Since {formatInstant(value.since)}; as of {formatInstant(value.asOf)}.</p>
            </>
          );
        }}
      </AsyncView>
    </article>
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
      <h2 id="health-title">Identity API</h2>
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

function PlatformMonitoring({ monitor, canAcknowledge }: { readonly monitor: ServiceClient; readonly canAcknowledge: boolean }) {
  const live = useLiveAlerts(monitor);
  return (
    <section aria-labelledby="platform-title" className="platform">
      <h2 id="platform-title">Platform</h2>
      <div className="cards">
        <ServicesCard monitor={monitor} refreshKey={live.changes} />
        <AlertsCard monitor={monitor} live={live} canAcknowledge={canAcknowledge} />
      </div>
      <TopologyCard monitor={monitor} refreshKey={live.changes} />
    </section>
  );
}

function ServicesCard({ monitor, refreshKey }: { readonly monitor: ServiceClient; readonly refreshKey: number }) {
  const services = useRefreshingAsync(() => monitor.get<WatchedServiceState[]>('/services'), { intervalMs: MONITOR_REFRESH_MS, refreshKey });
  return (
    <article className="card wide" aria-labelledby="services-title">
      <h3 id="services-title">Service health</h3>
      {services.staleError && <p className="message warning">Could not refresh ({services.staleError.message}); showing the last answer.</p>}
      <AsyncView state={services.state} label="service health" onRetry={services.reload} isEmpty={(value) => value.length === 0} empty="The monitor watches no service.">
        {(value) => (
          <div className="table-scroll">
            <table className="results compact">
              <caption className="visually-hidden">Watched services</caption>
              <thead>
                <tr>
                  <th scope="col">Service</th>
                  <th scope="col">Status</th>
                  <th scope="col">Readiness</th>
                  <th scope="col">Checks</th>
                  <th scope="col">Dead letters</th>
                </tr>
              </thead>
              <tbody>
                {value.map((service) => (
                  <tr key={service.name} data-testid={`service-${service.name}`}>
                    <th scope="row">{service.name}</th>
                    <td>
                      <StatusText status={service.status} />
                      {service.error && <span className="figure-note"> {service.error}</span>}
                    </td>
                    <td>{latencyText(service.latencyMs)}</td>
                    <td>
                      {Object.entries(service.checks)
                        .map(([check, status]) => `${check} ${status}`)
                        .join(', ') || '—'}
                    </td>
                    <td>{service.deadLettersOpen ?? '—'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </AsyncView>
    </article>
  );
}

const CONNECTION_TEXT: Readonly<Record<LiveAlerts['connection'], string>> = {
  connecting: 'Connecting to the live alert stream…',
  live: 'Live: new alerts appear here as the monitor raises them.',
  reconnecting: 'Not live: reconnecting to the alert stream…',
  stopped: 'Not live: the monitor refused the alert stream.',
};

function AlertsCard({ monitor, live, canAcknowledge }: { readonly monitor: ServiceClient; readonly live: LiveAlerts; readonly canAcknowledge: boolean }) {
  const [acting, setActing] = useState<string | undefined>();
  const [failure, setFailure] = useState<{ id: string; error: Error } | undefined>();
  const acknowledge = async (alert: MonitorAlert) => {
    setActing(alert.id);
    setFailure(undefined);
    try {
      live.update(await monitor.post<MonitorAlert>(`/alerts/${encodeURIComponent(alert.id)}/acknowledgement`));
    } catch (error) {
      setFailure({ id: alert.id, error: error instanceof Error ? error : new Error(String(error)) });
    } finally {
      setActing(undefined);
    }
  };
  const sorted = [...live.alerts].sort((a, b) => SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity] || b.openedAt.localeCompare(a.openedAt));
  return (
    <article className="card wide" aria-labelledby="alerts-title">
      <h3 id="alerts-title">Open alerts</h3>
      <p role="status" className={`stream-state stream-${live.connection}`} data-testid="alert-stream-state">
        {CONNECTION_TEXT[live.connection]}
      </p>
      {live.error && live.connection !== 'live' && <ErrorMessage error={live.error} />}
      {live.connection === 'connecting' ? null : sorted.length === 0 ? (
        <p className="message empty">No open alerts.</p>
      ) : (
        <ul className="alerts" aria-label="Open alerts">
          {sorted.map((alert) => (
            <li key={alert.id} className={`alert severity-${alert.severity}`} aria-label={`${alert.severity}: ${alert.summary}`}>
              <div className="alert-summary">
                <span className={`severity severity-${alert.severity}`}>{alert.severity}</span> <strong>{alert.summary}</strong>
              </div>
              <div className="figure-note">
                {alert.rule} · since {formatInstant(alert.openedAt)}
                {alert.acknowledgedBy ? ` · acknowledged by ${alert.acknowledgedBy} at ${formatInstant(alert.acknowledgedAt)}` : ''}
              </div>
              {canAcknowledge && !alert.acknowledgedBy && (
                <button type="button" className="secondary" disabled={acting === alert.id} onClick={() => void acknowledge(alert)}>
                  {acting === alert.id ? 'Acknowledging…' : 'Acknowledge'}
                </button>
              )}
              {failure?.id === alert.id && <ErrorMessage error={failure.error} />}
            </li>
          ))}
        </ul>
      )}
      {!canAcknowledge && sorted.some((alert) => !alert.acknowledgedBy) && <p className="figure-note">Security officers and administrators acknowledge alerts.</p>}
    </article>
  );
}

function TopologyCard({ monitor, refreshKey }: { readonly monitor: ServiceClient; readonly refreshKey: number }) {
  const topology = useRefreshingAsync(() => monitor.get<Topology>('/topology'), { intervalMs: MONITOR_REFRESH_MS, refreshKey });
  return (
    <article className="card" aria-labelledby="topology-title">
      <div className="card-heading">
        <h3 id="topology-title">Topology</h3>
        <button type="button" className="secondary" onClick={topology.reload} disabled={topology.refreshing}>
          {topology.refreshing ? 'Refreshing…' : 'Refresh'}
        </button>
      </div>
      {topology.staleError && <p className="message warning">Could not refresh ({topology.staleError.message}); showing the last answer.</p>}
      <AsyncView state={topology.state} label="the topology" onRetry={topology.reload} isEmpty={(value) => value.nodes.length === 0} empty="The monitor has not polled any service yet.">
        {(value) => (
          <>
            <p className="figure-note">As of the monitor’s poll at {formatInstant(value.generatedAt)}.</p>
            <TopologyGraph topology={value} />
          </>
        )}
      </AsyncView>
    </article>
  );
}

