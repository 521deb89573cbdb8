import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMonitor, type MonitorTestContext } from './support/monitor-test-app';
import { metricsText, TargetService } from './support/target-service';
import { startVerificationProcess, type VerificationProcess } from './support/verification-process';

const DEDUPLICATION = 'biometric.deduplication-requests';

describe('the monitor polls the services, builds the topology and keeps the history', () => {
  let verification: VerificationProcess;
  let identity: TargetService;
  let biometric: TargetService;
  let monitor: MonitorTestContext;

  beforeAll(async () => {
    [verification, identity, biometric] = await Promise.all([startVerificationProcess(), TargetService.start(), TargetService.start()]);
    monitor = await startMonitor({
      CZ_MONITOR_SERVICES: `identity=${identity.url},biometric=${biometric.url},verification=${verification.url}`,
      CZ_MONITOR_DEPENDENCIES: 'identity->biometric,verification->identity',
    });
  });
  afterAll(async () => {
    await monitor?.close();
    await Promise.all([verification?.close(), identity?.down(), biometric?.down()]);
  });

  beforeAll(() => {
    // identity (a stand-in) feeds the deduplication queue and has called the biometric service.
    identity.checks({ database: 'up', hsm: 'up', queue: 'up' });
    identity.metrics.text = metricsText({ queues: { [DEDUPLICATION]: { waiting: 3, active: 1, failed: 0 } }, deadLetters: 0, readiness: { database: 0.002, hsm: 0.0005, queue: 0.001 }, outgoing: { [biometric.host]: { count: 4, sum: 0.2 } } });
    biometric.checks({ database: 'up', hsm: 'up', queue: 'up' });
    biometric.metrics.text = metricsText({ queues: { [DEDUPLICATION]: { waiting: 3, active: 1 } }, readiness: { database: 0.003, hsm: 0.001, queue: 0.001 } });
  });

  it('polls /health/ready and /metrics of every service with the poll\'s correlation id, and reads the real verification service\'s checks and metrics', async () => {
    const result = await monitor.cycle.runOnce();
    expect(result.leader).toBe(true);
    expect(result.correlationId).toMatch(/^monitor-poll:[0-9a-f-]{36}$/);
    const byService = Object.fromEntries(result.samples.map((sample) => [sample.service, sample]));
    expect(byService['identity']).toMatchObject({ status: 'up', httpStatus: 200, error: null, checks: { database: 'up', hsm: 'up', queue: 'up' } });
    expect(byService['identity']!.metrics).toMatchObject({ queues: { [DEDUPLICATION]: { waiting: 3, active: 1, failed: 0 } }, deadLettersOpen: 0 });
    expect(byService['identity']!.latencyMs).toBeGreaterThan(0);
    // The real service: its readiness now covers Redis, and its metrics have the HTTP histogram and the readiness probes.
    expect(byService['verification']).toMatchObject({ status: 'up', checks: { database: 'up', redis: 'up' } });
    expect(Object.keys(byService['verification']!.metrics!.readiness).sort()).toEqual(['database', 'redis']);
    expect(byService['verification']!.metrics!.readiness['database']).toMatchObject({ up: true });
    for (const target of [identity, biometric]) {
      const polled = target.requests.filter((request) => request.headers['x-correlation-id'] === result.correlationId).map((request) => request.path);
      expect(polled).toEqual(['/health/ready', '/metrics']);
    }
  });

  it('takes a caller\'s correlation id and echoes it (nest-platform\'s ObservabilityMiddleware), and replaces a malformed one', async () => {
    const traced = await fetch(`${verification.url}/health/live`, { headers: { 'x-correlation-id': 'trace-7f3a:poll.1' } });
    expect(traced.headers.get('x-correlation-id')).toBe('trace-7f3a:poll.1');
    const malformed = await fetch(`${verification.url}/health/live`, { headers: { 'x-correlation-id': 'no spaces allowed' } });
    expect(malformed.headers.get('x-correlation-id')).toMatch(/^[0-9a-f-]{36}$/);
    const own = await monitor.request('GET', '/health/live', { bearer: null, headers: { 'x-correlation-id': 'portal-42' } });
    expect(own.headers.get('x-correlation-id')).toBe('portal-42');
  });

  it('answers GET /services with each service\'s last poll', async () => {
    const services = await monitor.request('GET', '/services');
    expect(services.status).toBe(200);
    expect(services.body.map((service: { name: string; status: string }) => `${service.name}:${service.status}`)).toEqual(['identity:up', 'biometric:up', 'verification:up']);
    const verificationView = services.body.find((service: { name: string }) => service.name === 'verification');
    expect(verificationView).toMatchObject({ url: verification.url, dependsOn: ['identity'], checks: { database: 'up', redis: 'up' }, deadLettersOpen: null });
    expect(verificationView.routes.map((route: { route: string }) => route.route)).toContain('GET /health/ready');
    expect(services.body[0]).toMatchObject({ queues: { [DEDUPLICATION]: { waiting: 3 } }, deadLettersOpen: 0 });
  });

  it('answers GET /topology: services and infrastructure as nodes; declared, observed, queue and infrastructure edges with status and latency', async () => {
    const topology = await monitor.request('GET', '/topology');
    expect(topology.status).toBe(200);
    expect(topology.body.nodes.map((node: { id: string; kind: string; status: string }) => `${node.id}/${node.kind}/${node.status}`)).toEqual(['identity/service/up', 'biometric/service/up', 'verification/service/up', 'hsm/infrastructure/up', 'postgres/infrastructure/up', 'redis/infrastructure/up']);
    const edge = (source: string, target: string, kind: string) => topology.body.edges.find((candidate: { source: string; target: string; kind: string }) => candidate.source === source && candidate.target === target && candidate.kind === kind);
    expect(edge('identity', 'biometric', 'call')).toMatchObject({ status: 'up', declared: true, observed: true, latencySource: 'observed', latencyMs: 50 });
    expect(edge('verification', 'identity', 'call')).toMatchObject({ status: 'up', declared: true, observed: false, latencySource: 'monitor' });
    expect(edge('verification', 'identity', 'call').latencyMs).toBeGreaterThan(0);
    // The counts are the consumer's report (same Redis, same numbers).
    expect(edge('identity', 'biometric', 'queue')).toMatchObject({ label: DEDUPLICATION, status: 'up', counts: { waiting: 3, active: 1 } });
    expect(edge('identity', 'hsm', 'infrastructure')).toMatchObject({ label: 'hsm', status: 'up', latencyMs: 0.5 });
    expect(edge('verification', 'postgres', 'infrastructure')).toMatchObject({ label: 'database', status: 'up', latencySource: 'observed' });
    expect(edge('verification', 'redis', 'infrastructure')).toMatchObject({ label: 'redis', status: 'up' });
    expect(edge('verification', 'postgres', 'infrastructure').latencyMs).toBeGreaterThan(0);
  });

  it('marks a service down when it does not answer in time or is not ready, and degraded when its metrics cannot be read', async () => {
    biometric.delayMs = 1500; // over CZ_MONITOR_REQUEST_TIMEOUT_MS (1000)
    identity.metrics.text = 'queue_jobs{queue="x" 1\n';
    let result = await monitor.cycle.runOnce();
    let byService = Object.fromEntries(result.samples.map((sample) => [sample.service, sample]));
    expect(byService['biometric']).toMatchObject({ status: 'down', error: 'unreachable: timed out', latencyMs: null });
    expect(byService['identity']).toMatchObject({ status: 'degraded', error: 'metrics: line 1: "," or "}" was expected after the label queue', metrics: null });
    biometric.delayMs = 0;
    biometric.checks({ database: 'up', hsm: 'down', queue: 'up' });
    result = await monitor.cycle.runOnce();
    byService = Object.fromEntries(result.samples.map((sample) => [sample.service, sample]));
    expect(byService['biometric']).toMatchObject({ status: 'down', httpStatus: 503, error: 'not ready (HTTP 503, hsm down)', checks: { database: 'up', hsm: 'down', queue: 'up' } });
    const topology = await monitor.request('GET', '/topology');
    expect(topology.body.nodes.find((node: { id: string }) => node.id === 'hsm').status).toBe('degraded');
    expect(topology.body.edges.find((edge: { source: string; target: string; kind: string }) => edge.source === 'identity' && edge.target === 'biometric' && edge.kind === 'queue').status).toBe('down');
  });

  it('keeps the history in PostgreSQL: GET /history per service and GET /history/edges, within a window', async () => {
    const history = await monitor.request('GET', '/history?service=biometric');
    expect(history.status).toBe(200);
    expect(history.body.samples.map((sample: { status: string }) => sample.status)).toEqual(['up', 'down', 'down']);
    expect(history.body.samples[2]).toMatchObject({ httpStatus: 503, checks: { hsm: 'down' }, queues: { [DEDUPLICATION]: { waiting: 3 } } });
    const since = encodeURIComponent(history.body.samples[1].at);
    expect((await monitor.request('GET', `/history?service=biometric&since=${since}`)).body.samples).toHaveLength(2);
    expect((await monitor.request('GET', `/history?service=biometric&limit=1`)).body.samples.map((sample: { status: string }) => sample.status)).toEqual(['down']);
    const edges = await monitor.request('GET', '/history/edges?source=biometric&target=hsm');
    expect(edges.body.samples.map((sample: { status: string }) => sample.status)).toEqual(['up', 'unknown', 'down']);
    expect((await monitor.request('GET', '/history?service=nowhere')).body.code).toBe('SERVICE_NOT_WATCHED');
    expect((await monitor.request('GET', '/history?service=identity&since=yesterday')).body.code).toBe('VALIDATION_FAILED');
  });

  it('prunes samples older than the history window', async () => {
    const longAgo = new Date(Date.now() - 8 * 86_400_000); // the window is 168 hours
    await monitor.cycle.runOnce(() => longAgo);
    const before = (await monitor.request('GET', `/history?service=identity&since=${encodeURIComponent(new Date(longAgo.getTime() - 1000).toISOString())}`)).body.samples.length;
    const pruned = await monitor.cycle.prune(new Date());
    expect(pruned.serviceSamples).toBe(3);
    expect(pruned.edgeSamples).toBeGreaterThan(0);
    const after = (await monitor.request('GET', `/history?service=identity&since=${encodeURIComponent(new Date(longAgo.getTime() - 1000).toISOString())}`)).body.samples.length;
    expect(after).toBe(before - 1);
  });

  it('guards every route but health and metrics: auditors, administrators and security officers read, others are refused', async () => {
    expect((await monitor.request('GET', '/topology', { bearer: null })).status).toBe(401);
    expect((await monitor.request('GET', '/services', { bearer: 'not-a-token' })).status).toBe(401);
    const foreign = await monitor.idp.token('x', ['auditor'], { audience: 'citizen-zero-identity' });
    expect((await monitor.request('GET', '/services', { bearer: foreign })).status).toBe(401);
    expect((await monitor.request('GET', '/topology', { roles: ['registrar', 'verifier'] })).body.code).toBe('PERMISSION_DENIED');
    for (const roles of [['auditor'], ['admin'], ['security-officer']]) expect((await monitor.request('GET', '/alerts?state=open', { roles })).status).toBe(200);
    expect((await monitor.request('GET', '/alerts/stream', { bearer: null })).status).toBe(401);
    expect((await monitor.request('GET', '/health/ready', { bearer: null })).body).toEqual({ status: 'ok', checks: { database: 'up' } });
    const metrics = await monitor.request('GET', '/metrics', { bearer: null });
    expect(metrics.body).toMatch(/monitor_service_status\{watched="verification",service="monitor"\} 1/);
    expect(metrics.body).toMatch(/monitor_service_status\{watched="biometric",service="monitor"\} 0/);
    expect(metrics.body).toMatch(/monitor_leader\{service="monitor"\} 1/);
    expect(metrics.body).toMatch(/http_client_request_duration_seconds_count\{service="monitor",target="127\.0\.0\.1:\d+",status="200"\} \d+/);
  });
});
