import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { Topology } from '../src/api/monitor-api';
import type { Official } from '../src/auth/oidc-session';
import { startOfLocalDay } from '../src/components/instant-format';
import { TopologyGraph, topologySummary } from '../src/components/topology-graph';
import { Dashboard } from '../src/screens/dashboard';
import { controlledStream, type ScriptedRequest, scriptedApis } from './scripted-services';

afterEach(cleanup);

const topology: Topology = {
  generatedAt: '2026-03-01T12:00:15.000Z',
  nodes: [
    { id: 'identity', kind: 'service', status: 'up', latencyMs: 4.2 },
    { id: 'biometric', kind: 'service', status: 'degraded', latencyMs: 12 },
    { id: 'verification', kind: 'service', status: 'up', latencyMs: 3 },
    { id: 'hsm', kind: 'infrastructure', status: 'up', latencyMs: null },
    { id: 'postgres', kind: 'infrastructure', status: 'up', latencyMs: null },
    { id: 'redis', kind: 'infrastructure', status: 'degraded', latencyMs: null },
  ],
  edges: [
    { source: 'identity', target: 'biometric', kind: 'call', label: '', status: 'degraded', latencyMs: 12, latencySource: 'monitor', declared: true, observed: false },
    { source: 'verification', target: 'identity', kind: 'call', label: '', status: 'up', latencyMs: 8.5, latencySource: 'observed', declared: true, observed: true },
    { source: 'identity', target: 'biometric', kind: 'queue', label: 'biometric.deduplication-requests', status: 'up', latencyMs: null, latencySource: null, declared: false, observed: true, counts: { waiting: 2, failed: 0 } },
    { source: 'identity', target: 'postgres', kind: 'infrastructure', label: 'database', status: 'up', latencyMs: 1.3, latencySource: 'observed', declared: false, observed: true },
    { source: 'identity', target: 'hsm', kind: 'infrastructure', label: 'hsm', status: 'up', latencyMs: 2, latencySource: 'observed', declared: false, observed: true },
    { source: 'biometric', target: 'redis', kind: 'infrastructure', label: 'redis', status: 'down', latencyMs: null, latencySource: null, declared: false, observed: true },
    { source: 'verification', target: 'redis', kind: 'infrastructure', label: 'redis', status: 'up', latencyMs: 0.8, latencySource: 'observed', declared: false, observed: true },
  ],
};

describe('TopologyGraph', () => {
  it('draws every node and connection, says the status in words, and summarises what is not up for screen readers', () => {
    const { container } = render(<TopologyGraph topology={topology} />);
    const graph = screen.getByRole('img', { name: /Platform topology/ });
    expect(graph.getAttribute('aria-labelledby')?.split(' ')).toHaveLength(2);
    expect(topologySummary(topology)).toBe('3 services, 3 other nodes, 7 connections; biometric is degraded; Redis is degraded; identity calls biometric is degraded; biometric uses Redis (redis) is down.');
    expect(within(graph).getByText('3 services, 3 other nodes, 7 connections; biometric is degraded; Redis is degraded; identity calls biometric is degraded; biometric uses Redis (redis) is down.')).toBeTruthy();
    // One box per node, one path per connection, each styled by its status.
    expect(container.querySelectorAll('svg .node')).toHaveLength(6);
    expect(container.querySelectorAll('svg .edge path')).toHaveLength(7);
    expect(container.querySelector('[data-testid="edge-biometric-redis-infrastructure"]')!.getAttribute('class')).toContain('status-down');
    expect(container.querySelector('[data-testid="edge-identity-biometric-call"]')!.getAttribute('class')).toContain('status-degraded');
    expect(container.querySelector('.node.status-degraded')!.textContent).toBe('biometricdegraded · 12 ms');
    // Arrowheads are per status and unique to this graph.
    const marker = container.querySelector('[data-testid="edge-biometric-redis-infrastructure"] path')!.getAttribute('marker-end')!;
    expect(marker).toMatch(/^url\(#.+-arrow-down\)$/);
    expect(container.querySelector(marker.slice(4, -1).replace(/:/g, '\\:'))).not.toBeNull();

    const connections = screen.getByRole('table', { name: 'Connections' });
    const rows = within(connections).getAllByRole('row').slice(1).map((row) => within(row).getAllByRole('cell').map((cell) => cell.textContent));
    expect(rows).toEqual([
      ['identity', 'biometric', 'call (declared, not seen yet)', 'degraded', '12 ms (monitor’s probe)'],
      ['verification', 'identity', 'call', 'up', '8.5 ms'],
      ['identity', 'biometric', 'queue biometric.deduplication-requests', 'up', '— · 2 waiting, 0 failed'],
      ['identity', 'PostgreSQL', 'database check', 'up', '1.3 ms'],
      ['identity', 'HSM', 'hsm check', 'up', '2.0 ms'],
      ['biometric', 'Redis', 'redis check', 'down', '—'],
      ['verification', 'Redis', 'redis check', 'up', '0.8 ms'],
    ]);
    const nodes = within(screen.getByRole('table', { name: 'Nodes' })).getAllByRole('row').slice(1).map((row) => row.textContent);
    expect(nodes).toEqual(['identityserviceup4.2 ms', 'biometricservicedegraded12 ms', 'verificationserviceup3.0 ms', 'HSMinfrastructureup—', 'PostgreSQLinfrastructureup—', 'Redisinfrastructuredegraded—']);
  });

  it('says when everything is up', () => {
    expect(topologySummary({ generatedAt: topology.generatedAt, nodes: [{ id: 'identity', kind: 'service', status: 'up', latencyMs: 1 }], edges: [] })).toBe('1 service, 0 other nodes, 0 connections; everything is up.');
  });
});

const auditor: Official = { subject: 'chen.auditor', name: 'Chen Wei', roles: ['auditor'] };
const officer: Official = { subject: 'dara.security', name: 'Dara Nkemelu', roles: ['security-officer'] };

const alert = (id: string, overrides: Record<string, unknown> = {}) => ({
  id,
  rule: 'service-down',
  subject: 'biometric',
  severity: 'critical',
  state: 'open',
  summary: 'biometric is down (unreachable: ECONNREFUSED) for 2 polls',
  details: { service: 'biometric', polls: 2 },
  openedAt: '2026-03-01T12:00:15.000Z',
  resolvedAt: null,
  acknowledgedAt: null,
  acknowledgedBy: null,
  ...overrides,
});

const activity = { since: '2026-03-01T00:00:00.000Z', asOf: '2026-03-01T12:00:00.000Z', enrolments: { started: 7, startedByType: { 'national-id-first': 5, 'birth-registration': 2 }, submitted: 6, approved: 4, rejected: 1 }, issuance: { issued: 9, issuedByKind: { 'id-card': 4 }, lastHour: 2, last24Hours: 36, perHour: 1.5, pending: 3 }, waiting: { review: 2, adjudication: 1, deadLetters: 1 } };
const services = [
  { name: 'identity', url: 'http://identity', status: 'up', checkedAt: '2026-03-01T12:00:15.000Z', latencyMs: 4.2, httpStatus: 200, error: null, checks: { database: 'up', hsm: 'up', redis: 'up' }, queues: {}, deadLettersOpen: 1 },
  { name: 'biometric', url: 'http://biometric', status: 'down', checkedAt: '2026-03-01T12:00:15.000Z', latencyMs: null, httpStatus: null, error: 'unreachable: ECONNREFUSED', checks: {}, queues: {}, deadLettersOpen: null },
];

function platform() {
  const stream = controlledStream();
  const acknowledged: string[] = [];
  const { apis, requests } = scriptedApis((request: ScriptedRequest) => {
    const route = `${request.service} ${request.method} ${request.url.pathname}`;
    if (route === 'identity GET /statistics/activity') return { status: 200, body: activity };
    if (route === 'identity GET /health/ready') return { status: 200, body: { status: 'ok' } };
    if (route === 'monitor GET /services') return { status: 200, body: services };
    if (route === 'monitor GET /topology') return { status: 200, body: topology };
    if (route === 'monitor GET /alerts/stream') return { status: 200, stream: stream.stream, contentType: 'text/event-stream' };
    const acknowledgement = /^monitor POST \/alerts\/(.+)\/acknowledgement$/.exec(route);
    if (acknowledgement) {
      acknowledged.push(acknowledgement[1]!);
      return { status: 200, body: alert(acknowledgement[1]!, { acknowledgedAt: '2026-03-01T12:01:00.000Z', acknowledgedBy: 'dara.security' }) };
    }
    return undefined;
  });
  return { apis, requests, stream, acknowledged };
}

describe('Dashboard: figures for everyone, and service health, live alerts and topology from the monitor', () => {
  it('shows today’s enrolments, the issuance rate and dead letters from the identity statistics, since the official’s midnight', async () => {
    const { apis, requests } = platform();
    render(<Dashboard apis={apis} official={{ subject: 'amara.registrar', name: 'Amara', roles: ['registrar'] }} params={{}} />);
    expect((await screen.findByTestId('stat-enrolments')).textContent).toBe('7');
    expect(screen.getByText('5 first national IDs, 2 birth registrations')).toBeTruthy();
    expect(screen.getByTestId('stat-issued').textContent).toBe('9');
    expect(screen.getByTestId('stat-issuance-rate').textContent).toBe('1.5 per hour');
    expect(screen.getByText('2 in the last hour; 3 waiting to be issued.')).toBeTruthy();
    expect(screen.getByTestId('stat-dead-letters').textContent).toBe('1');
    // A registrar cannot replay dead letters: no link, but who can.
    expect(screen.queryByRole('link', { name: 'Open the dead letters' })).toBeNull();
    expect(screen.getByText(/a security officer or administrator replays them/)).toBeTruthy();
    const statistics = requests.find((request) => request.url.pathname === '/statistics/activity')!;
    expect(statistics.url.searchParams.get('since')).toBe(startOfLocalDay().toISOString());
    // No monitor calls for an official without the monitoring capability.
    expect(requests.filter((request) => request.service === 'monitor')).toEqual([]);
    expect(screen.queryByRole('heading', { name: 'Platform' })).toBeNull();
  });

  it('shows an auditor the services’ health, the topology, and alerts that arrive and clear over the live stream (read only)', async () => {
    const { apis, requests, stream } = platform();
    render(<Dashboard apis={apis} official={auditor} params={{}} />);
    expect(screen.getByTestId('alert-stream-state').textContent).toBe('Connecting to the live alert stream…');
    const identityRow = await screen.findByTestId('service-identity');
    expect(identityRow.textContent).toBe('identityup4.2 msdatabase up, hsm up, redis up1');
    expect(screen.getByTestId('service-biometric').textContent).toContain('down unreachable: ECONNREFUSED');
    expect(await screen.findByRole('img', { name: /Platform topology/ })).toBeTruthy();

    stream.write(`retry: 5000\n\nid: 1\nevent: snapshot\ndata: ${JSON.stringify({ alerts: [alert('a-1')] })}\n\n`);
    const list = await screen.findByRole('list', { name: 'Open alerts' });
    expect(within(list).getByRole('listitem', { name: 'critical: biometric is down (unreachable: ECONNREFUSED) for 2 polls' })).toBeTruthy();
    expect(screen.getByTestId('alert-stream-state').textContent).toBe('Live: new alerts appear here as the monitor raises them.');
    // The stream is read with fetch so the bearer token travels in the Authorization header.
    const streamRequest = requests.find((request) => request.url.pathname === '/alerts/stream')!;
    expect(streamRequest.authorization).toBe('Bearer monitor-token');
    expect(streamRequest.accept).toBe('text/event-stream');

    // A change split across chunks, with a comment (keep-alive) in between.
    stream.write(': keep-alive\n\nid: 2\nevent: raised\ndata: ');
    stream.write(`${JSON.stringify(alert('a-2', { rule: 'dead-letters', subject: 'identity', severity: 'warning', summary: 'identity has 1 open dead letter' }))}\n\n`);
    await within(list).findByRole('listitem', { name: 'warning: identity has 1 open dead letter' });
    expect(within(list).getAllByRole('listitem').map((item) => item.getAttribute('aria-label'))).toEqual(['critical: biometric is down (unreachable: ECONNREFUSED) for 2 polls', 'warning: identity has 1 open dead letter']);
    expect(screen.queryByRole('button', { name: 'Acknowledge' })).toBeNull();
    expect(screen.getByText('Security officers and administrators acknowledge alerts.')).toBeTruthy();

    stream.write(`id: 3\nevent: resolved\ndata: ${JSON.stringify(alert('a-1', { state: 'resolved', resolvedAt: '2026-03-01T12:02:00.000Z' }))}\n\n`);
    await waitFor(() => expect(within(list).getAllByRole('listitem')).toHaveLength(1));
    stream.write(`id: 4\nevent: resolved\ndata: ${JSON.stringify(alert('a-2', { state: 'resolved' }))}\n\n`);
    expect(await screen.findByText('No open alerts.')).toBeTruthy();
    // Each change brought the views that depend on alerts up to date.
    await waitFor(() => expect(requests.filter((request) => request.url.pathname === '/topology').length).toBeGreaterThanOrEqual(2));
  });

  it('lets a security officer acknowledge an open alert and shows who did', async () => {
    const { apis, stream, acknowledged } = platform();
    render(<Dashboard apis={apis} official={officer} params={{}} />);
    stream.write(`event: snapshot\ndata: ${JSON.stringify({ alerts: [alert('a-1')] })}\n\n`);
    fireEvent.click(await screen.findByRole('button', { name: 'Acknowledge' }));
    expect(await screen.findByText(/acknowledged by dara\.security/)).toBeTruthy();
    expect(acknowledged).toEqual(['a-1']);
    expect(screen.queryByRole('button', { name: 'Acknowledge' })).toBeNull();
  });

  it('says the stream is not live, and why, when the monitor refuses it', async () => {
    const { apis } = scriptedApis((request) => {
      if (request.url.pathname === '/alerts/stream') return { status: 403, body: { code: 'PERMISSION_DENIED', detail: 'this role may not read the monitor', correlationId: 'corr-7' } };
      if (request.url.pathname === '/statistics/activity') return { status: 200, body: activity };
      return { status: 200, body: request.url.pathname === '/topology' ? topology : [] };
    });
    render(<Dashboard apis={apis} official={auditor} params={{}} />);
    expect(await screen.findByText('Not live: the monitor refused the alert stream.')).toBeTruthy();
    expect((await screen.findAllByRole('alert')).map((alertBox) => alertBox.textContent).join(' ')).toContain('Your role does not allow this; ask an administrator if you need it.Reference: corr-7');
  });
});
