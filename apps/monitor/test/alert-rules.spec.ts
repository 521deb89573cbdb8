import { describe, expect, it } from 'vitest';
import { type AlertRef, evaluateAlertRules, reconcileAlerts, type RuleSettings } from '../src/alerts/alert-rules';
import type { CertificateSnapshot } from '../src/certificates/watched-certificate';
import type { ServiceMetrics } from '../src/metrics/service-metrics';
import type { HealthStatus, ServiceSample } from '../src/polling/service-sample';
import { buildTopology } from '../src/topology/topology';

const settings: RuleSettings = { downAfterPolls: 2, backlogSamples: 3, certificateThresholdsDays: [90, 30, 7] };
const noCertificates: CertificateSnapshot = { certificates: [], complete: true, failedSources: [], refreshedAt: new Date() };
const now = new Date('2026-03-01T12:00:00Z');

function metrics(partial: Partial<ServiceMetrics> = {}): ServiceMetrics {
  return { queues: {}, deadLettersOpen: null, http: {}, outgoing: {}, hsmSign: {}, biometricMatch: {}, readiness: {}, counters: {}, ...partial };
}

function sample(service: string, status: HealthStatus, options: { checks?: Record<string, string>; metrics?: ServiceMetrics | null; latencyMs?: number; at?: number } = {}): ServiceSample {
  return { service, at: new Date(now.getTime() + (options.at ?? 0) * 1000), status, latencyMs: status === 'down' && !options.checks ? null : (options.latencyMs ?? 3), httpStatus: status === 'down' && !options.checks ? null : status === 'down' ? 503 : 200, error: status === 'up' ? null : 'unreachable: ECONNREFUSED', checks: options.checks ?? (status === 'down' ? {} : { database: 'up' }), metrics: options.metrics === undefined ? (status === 'down' ? null : metrics()) : options.metrics };
}

const evaluate = (histories: Record<string, ServiceSample[]>, certificates = noCertificates, at = now) => evaluateAlertRules({ histories: new Map(Object.entries(histories)), certificates, now: at, settings });
const refs = (conditions: readonly AlertRef[]) => conditions.map((condition) => `${condition.rule} ${condition.subject}`);

describe('alert rules (pure functions over the recent samples)', () => {
  it('service-down: after N polls down in a row, not before; one up poll clears it', () => {
    expect(refs(evaluate({ identity: [sample('identity', 'up'), sample('identity', 'down')] }).conditions)).toEqual([]);
    const down = evaluate({ identity: [sample('identity', 'down'), sample('identity', 'down')] });
    expect(down.conditions).toEqual([expect.objectContaining({ rule: 'service-down', subject: 'identity', severity: 'critical', summary: 'identity is down (unreachable: ECONNREFUSED) for 2 polls' })]);
    // Not ready (503) counts as down too.
    expect(refs(evaluate({ identity: [sample('identity', 'down', { checks: { database: 'down' } }), sample('identity', 'down', { checks: { database: 'down' } })] }).conditions)).toEqual(['service-down identity']);
    expect(refs(evaluate({ identity: [sample('identity', 'down'), sample('identity', 'down'), sample('identity', 'degraded')] }).conditions)).toEqual([]);
  });

  it('dead-letters: raised while dead_letters_open > 0; kept as it is while the service does not answer', () => {
    expect(refs(evaluate({ identity: [sample('identity', 'up', { metrics: metrics({ deadLettersOpen: 3 }) })] }).conditions)).toEqual(['dead-letters identity']);
    expect(refs(evaluate({ identity: [sample('identity', 'up', { metrics: metrics({ deadLettersOpen: 0 }) })] }).conditions)).toEqual([]);
    const unreachable = evaluate({ identity: [sample('identity', 'down')] });
    expect(unreachable.undetermined({ rule: 'dead-letters', subject: 'identity' })).toBe(true);
    expect(evaluate({ identity: [sample('identity', 'up')] }).undetermined({ rule: 'dead-letters', subject: 'identity' })).toBe(false);
  });

  it('hsm-unreachable: raised when the service reports its hsm check down (ready or not); undetermined without checks', () => {
    expect(refs(evaluate({ biometric: [sample('biometric', 'down', { checks: { database: 'up', hsm: 'down', queue: 'up' } })] }).conditions)).toEqual(['hsm-unreachable biometric']);
    expect(refs(evaluate({ biometric: [sample('biometric', 'up', { checks: { database: 'up', hsm: 'up' } })] }).conditions)).toEqual([]);
    expect(evaluate({ biometric: [sample('biometric', 'down')] }).undetermined({ rule: 'hsm-unreachable', subject: 'biometric' })).toBe(true);
    // A service no longer watched: its alert is resolved.
    expect(evaluate({ identity: [sample('identity', 'up')] }).undetermined({ rule: 'hsm-unreachable', subject: 'biometric' })).toBe(false);
  });

  it('queue-backlog-growing: the waiting count rose at each of the last K samples; undetermined when no one reports the queue', () => {
    const queue = 'biometric.deduplication-requests';
    const history = (...waiting: number[]) => waiting.map((count, index) => sample('identity', 'up', { at: index, metrics: metrics({ queues: { [queue]: { waiting: count, active: 1 } } }) }));
    expect(evaluate({ identity: history(1, 4, 6, 9) }).conditions).toEqual([expect.objectContaining({ rule: 'queue-backlog-growing', subject: queue, summary: `the backlog of ${queue} grew from 4 to 9 waiting jobs over 3 polls` })]);
    expect(refs(evaluate({ identity: history(1, 4, 4, 9) }).conditions)).toEqual([]);
    expect(refs(evaluate({ identity: history(0, 0, 1) }).conditions)).toEqual([]);
    expect(refs(evaluate({ identity: history(1, 4) }).conditions)).toEqual([]);
    expect(refs(evaluate({ identity: history(5, 9, 7) }).conditions)).toEqual([]);
    expect(refs(evaluate({ identity: history(5, 5, 5) }).conditions)).toEqual([]);
    // The consumer's own report is preferred to a producer's.
    const consumer = [9, 8, 7].map((count, index) => sample('biometric', 'up', { at: index, metrics: metrics({ queues: { [queue]: { waiting: count } } }) }));
    expect(refs(evaluate({ identity: history(1, 2, 3), biometric: consumer }).conditions)).toEqual([]);
    expect(evaluate({ identity: [sample('identity', 'down')] }).undetermined({ rule: 'queue-backlog-growing', subject: queue })).toBe(true);
    // Every service answered and none reports the queue any more: it is gone, its alert resolved.
    expect(evaluate({ identity: [sample('identity', 'up')] }).undetermined({ rule: 'queue-backlog-growing', subject: queue })).toBe(false);
  });

  it('certificate-expiring: one alert per threshold crossed (90, 30, 7 days), rising in severity; none resolved while a source cannot be read', () => {
    const certificate = (days: number) => ({ fingerprint: 'ab12', subject: 'CN=Utopia DS', notAfter: new Date(now.getTime() + days * 86_400_000), sources: ['/pki/ds.pem'] });
    const conditionFor = (days: number) => evaluate({}, { ...noCertificates, certificates: [certificate(days)] }).conditions;
    expect(conditionFor(120)).toEqual([]);
    expect(conditionFor(80)).toEqual([expect.objectContaining({ subject: 'ab12@90d', severity: 'info', summary: 'certificate CN=Utopia DS expires in 80 days (2026-05-20)' })]);
    expect(conditionFor(30)).toEqual([expect.objectContaining({ subject: 'ab12@30d', severity: 'warning' })]);
    expect(conditionFor(2)).toEqual([expect.objectContaining({ subject: 'ab12@7d', severity: 'critical' })]);
    expect(conditionFor(-1)).toEqual([expect.objectContaining({ subject: 'ab12@7d', severity: 'critical', summary: 'certificate CN=Utopia DS expired on 2026-02-28', details: expect.objectContaining({ expired: true }) })]);
    const incomplete = evaluate({}, { ...noCertificates, certificates: [certificate(2)], complete: false, failedSources: ['http://x/bundle.pem'] });
    expect(refs(incomplete.conditions)).toEqual(['certificate-expiring ab12@7d']);
    expect(incomplete.undetermined({ rule: 'certificate-expiring', subject: 'cd34@30d' })).toBe(true);
    expect(evaluate({}, { ...noCertificates, certificates: [certificate(2)] }).undetermined({ rule: 'certificate-expiring', subject: 'cd34@30d' })).toBe(false);
  });

  it('reconciles: raises what is not open yet, resolves what cleared (unless undetermined), one alert per rule and subject', () => {
    const open = [{ id: 'a1', rule: 'service-down' as const, subject: 'identity' }, { id: 'a2', rule: 'dead-letters' as const, subject: 'identity' }, { id: 'a3', rule: 'certificate-expiring' as const, subject: 'ab12@90d' }];
    const evaluation = {
      conditions: [
        { rule: 'service-down' as const, subject: 'identity', severity: 'critical' as const, summary: '', details: {} },
        { rule: 'service-down' as const, subject: 'identity', severity: 'critical' as const, summary: 'twice', details: {} },
        { rule: 'hsm-unreachable' as const, subject: 'biometric', severity: 'critical' as const, summary: '', details: {} },
        { rule: 'hsm-unreachable' as const, subject: 'biometric', severity: 'critical' as const, summary: 'twice', details: {} },
        { rule: 'certificate-expiring' as const, subject: 'ab12@30d', severity: 'warning' as const, summary: '', details: {} },
      ],
      undetermined: (alert: AlertRef) => alert.rule === 'dead-letters',
    };
    const { raise, resolve } = reconcileAlerts(open, evaluation);
    expect(refs(raise)).toEqual(['hsm-unreachable biometric', 'certificate-expiring ab12@30d']);
    expect(resolve.map((alert) => alert.id)).toEqual(['a3']);
  });
});

describe('the topology graph', () => {
  const services = [
    { name: 'identity', url: 'http://127.0.0.1:3100', dependsOn: ['biometric'] },
    { name: 'biometric', url: 'http://127.0.0.1:3200', dependsOn: [] },
    { name: 'verification', url: 'http://127.0.0.1:3300', dependsOn: ['identity'] },
  ];

  it('has the services and the infrastructure their checks name; declared, observed, queue and infrastructure edges with status and latency', () => {
    const queue = 'biometric.deduplication-requests';
    const histories = new Map<string, ServiceSample[]>([
      ['identity', [sample('identity', 'up', { latencyMs: 12, checks: { database: 'up', hsm: 'up', queue: 'up' }, metrics: metrics({ queues: { [queue]: { waiting: 2, failed: 0 }, 'identity.issuance.ds': { waiting: 0 } }, readiness: { database: { up: true, seconds: 0.0021 }, hsm: { up: true, seconds: 0.0004 }, queue: { up: true, seconds: 0.001 } } }) })]],
      ['biometric', [sample('biometric', 'down', { checks: { database: 'up', hsm: 'down', queue: 'up' } })]],
      [
        'verification',
        [
          sample('verification', 'up', { at: 0, checks: { database: 'up', redis: 'up' }, metrics: metrics({ outgoing: { '127.0.0.1:3100': { count: 10, sum: 0.5, errors: 0 }, 'status.example.gov': { count: 1, sum: 0.2, errors: 1 } } }) }),
          sample('verification', 'up', { at: 15, checks: { database: 'up', redis: 'up' }, metrics: metrics({ outgoing: { '127.0.0.1:3100': { count: 14, sum: 0.9, errors: 1 }, 'status.example.gov': { count: 1, sum: 0.2, errors: 1 } } }) }),
        ],
      ],
    ]);
    const topology = buildTopology(services, histories, { backlogSamples: 3, generatedAt: now });
    expect(topology.nodes).toEqual([
      { id: 'identity', kind: 'service', status: 'up', latencyMs: 12 },
      { id: 'biometric', kind: 'service', status: 'down', latencyMs: 3 },
      { id: 'verification', kind: 'service', status: 'up', latencyMs: 3 },
      { id: 'status.example.gov', kind: 'external', status: 'unknown', latencyMs: null },
      { id: 'hsm', kind: 'infrastructure', status: 'degraded', latencyMs: null },
      { id: 'postgres', kind: 'infrastructure', status: 'up', latencyMs: null },
      { id: 'redis', kind: 'infrastructure', status: 'up', latencyMs: null },
    ]);
    const edge = (source: string, target: string, kind: string) => topology.edges.find((candidate) => candidate.source === source && candidate.target === target && candidate.kind === kind);
    expect(edge('identity', 'biometric', 'call')).toEqual({ source: 'identity', target: 'biometric', kind: 'call', label: '', status: 'down', latencyMs: 3, latencySource: 'monitor', declared: true, observed: false });
    // Observed calls since the previous poll: 4 calls, 0.4 s, one of them failed.
    expect(edge('verification', 'identity', 'call')).toEqual({ source: 'verification', target: 'identity', kind: 'call', label: '', status: 'degraded', latencyMs: 100, latencySource: 'observed', declared: true, observed: true });
    expect(edge('verification', 'status.example.gov', 'call')).toMatchObject({ status: 'unknown', declared: false, observed: true, latencyMs: null });
    expect(edge('identity', 'biometric', 'queue')).toMatchObject({ label: queue, status: 'down', counts: { waiting: 2, failed: 0 } });
    expect(topology.edges.filter((candidate) => candidate.kind === 'queue')).toHaveLength(1); // identity's own issuance queue is no edge
    expect(edge('identity', 'postgres', 'infrastructure')).toMatchObject({ label: 'database', status: 'up', latencyMs: 2.1, latencySource: 'observed' });
    expect(edge('biometric', 'hsm', 'infrastructure')).toMatchObject({ label: 'hsm', status: 'down', latencyMs: null });
    expect(edge('verification', 'redis', 'infrastructure')).toMatchObject({ label: 'redis', status: 'up' });
  });

  it('keeps an unreachable service\'s infrastructure edges with status unknown, and degrades a queue edge whose backlog grows', () => {
    const queue = 'biometric.deduplication-requests';
    const identity = [1, 2, 3].map((waiting, index) => sample('identity', 'up', { at: index, checks: { database: 'up' }, metrics: metrics({ queues: { [queue]: { waiting } } }) }));
    const biometric = [sample('biometric', 'up', { at: 0, checks: { database: 'up', hsm: 'up' } }), sample('biometric', 'down', { at: 1 })];
    const topology = buildTopology(services.slice(0, 2), new Map([['identity', identity], ['biometric', [...biometric, { ...biometric[0]!, at: new Date(now.getTime() + 2000) }]]]), { backlogSamples: 3, generatedAt: now });
    expect(topology.edges.find((edge) => edge.kind === 'queue')).toMatchObject({ status: 'degraded' });
    const unreachable = buildTopology(services.slice(0, 2), new Map([['identity', identity], ['biometric', biometric]]), { backlogSamples: 3, generatedAt: now });
    expect(unreachable.edges.filter((edge) => edge.source === 'biometric' && edge.kind === 'infrastructure').map((edge) => `${edge.target}:${edge.status}`)).toEqual(['postgres:unknown', 'hsm:unknown']);
    expect(unreachable.nodes.find((node) => node.id === 'hsm')?.status).toBe('unknown');
  });
});
