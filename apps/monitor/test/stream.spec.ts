import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '@citizen-zero/test-harness';
import { EventStreamClient } from './support/event-stream';
import { startMonitor, type MonitorTestContext } from './support/monitor-test-app';
import { TargetService } from './support/target-service';

const INTERVAL_MS = 300;

describe('GET /alerts/stream: Server-Sent Events to the admin portal, from every replica', () => {
  let identity: TargetService;
  let database: { url: string; drop(): Promise<void> };
  let poller: MonitorTestContext;
  let replica: MonitorTestContext;
  const streams: EventStreamClient[] = [];
  const open = async (monitor: MonitorTestContext) => {
    const stream = await EventStreamClient.open(`${monitor.baseUrl}/alerts/stream`, await monitor.idp.token('chen.auditor', ['auditor']));
    streams.push(stream);
    return stream;
  };

  beforeAll(async () => {
    identity = await TargetService.start();
    database = await createTestDatabase('monitor');
    const env = { CZ_MONITOR_SERVICES: `identity=${identity.url}`, CZ_MONITOR_DOWN_AFTER_POLLS: '1', CZ_MONITOR_POLL_INTERVAL_MS: String(INTERVAL_MS) };
    // One replica polls on its own; a second one (same database) only serves the API and the stream.
    poller = await startMonitor({ ...env, CZ_MONITOR_POLLING: 'true' }, { database });
    replica = await startMonitor(env, { database, idp: poller.idp });
  });
  afterAll(async () => {
    for (const stream of streams) stream.close();
    await replica?.stop();
    await poller?.close();
    await database?.drop();
    await identity?.down();
  });

  it('sends the open alerts on connect, then an alert raised by the next poll, resolved, and acknowledged — on every replica', async () => {
    const stream = await open(poller);
    expect(stream.response.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
    expect(await stream.next()).toEqual({ event: 'snapshot', data: { alerts: [] }, id: '1' });
    const onReplica = await open(replica);
    expect((await onReplica.next()).event).toBe('snapshot');

    const wentDown = Date.now();
    await identity.down();
    const raised = await stream.until((event) => event.event === 'raised');
    const elapsed = Date.now() - wentDown;
    expect(raised.data).toMatchObject({ rule: 'service-down', subject: 'identity', state: 'open', severity: 'critical' });
    // Within a poll: the next poll starts at most one interval after the outage, and its change is streamed on commit.
    expect(elapsed).toBeLessThan(2 * INTERVAL_MS + 1200);
    expect((await onReplica.until((event) => event.event === 'raised')).data.id).toBe(raised.data.id);

    const late = await open(replica);
    expect(await late.next()).toMatchObject({ event: 'snapshot', data: { alerts: [expect.objectContaining({ id: raised.data.id })] } });

    expect((await replica.request('POST', `/alerts/${raised.data.id}/acknowledgement`, { roles: ['security-officer'], subject: 'dara.security' })).status).toBe(200);
    expect((await stream.until((event) => event.event === 'acknowledged')).data).toMatchObject({ id: raised.data.id, acknowledgedBy: 'dara.security' });

    await identity.up();
    expect((await stream.until((event) => event.event === 'resolved')).data).toMatchObject({ id: raised.data.id, state: 'resolved' });
    expect((await late.until((event) => event.event === 'resolved')).data.id).toBe(raised.data.id);
  });

  it('lets one replica poll at a time (a lease in PostgreSQL)', async () => {
    const result = await replica.cycle.runOnce();
    expect(result.leader).toBe(false);
    expect(result.samples).toEqual([]);
    const metrics = await replica.request('GET', '/metrics', { bearer: null });
    expect(metrics.body).toMatch(/monitor_leader\{service="monitor"\} 0/);
  });
});
