import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, waitUntil } from '@citizen-zero/test-harness';
import { NotificationRepository } from '../src/webhooks/notification.repository';
import { startMonitor, type MonitorTestContext } from './support/monitor-test-app';
import { TargetService } from './support/target-service';

const SECRET = `whsec_${randomBytes(32).toString('base64')}`;

/** A webhook receiver on loopback: answers with the statuses queued (then 204), records every delivery. */
class Receiver {
  readonly deliveries: Array<{ headers: IncomingHttpHeaders; body: string; status: number }> = [];
  answers: number[] = [];
  private constructor(private readonly server: Server) {}

  static async start(): Promise<Receiver> {
    const started: { receiver?: Receiver } = {};
    const server = createServer((request, response) => {
      let body = '';
      request.on('data', (chunk: Buffer) => (body += chunk.toString()));
      request.on('end', () => {
        const status = started.receiver!.answers.shift() ?? 204;
        started.receiver!.deliveries.push({ headers: request.headers, body, status });
        response.writeHead(status).end();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    started.receiver = new Receiver(server);
    return started.receiver;
  }

  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/hooks/citizen-zero`;
  }

  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

/** Standard Webhooks v1 verification, as a receiver does it: HMAC-SHA256 over id.timestamp.body with the decoded secret. */
function verifySignature(delivery: { headers: IncomingHttpHeaders; body: string }): boolean {
  const id = String(delivery.headers['webhook-id']);
  const timestamp = String(delivery.headers['webhook-timestamp']);
  if (Math.abs(Date.now() / 1000 - Number(timestamp)) > 300) return false;
  const expected = createHmac('sha256', Buffer.from(SECRET.slice('whsec_'.length), 'base64')).update(`${id}.${timestamp}.${delivery.body}`).digest();
  return String(delivery.headers['webhook-signature']).split(' ').some((entry) => {
    const [version, signature] = entry.split(',');
    const given = Buffer.from(signature ?? '', 'base64');
    return version === 'v1' && given.length === expected.length && timingSafeEqual(given, expected);
  });
}

describe('alert notifications to a webhook: Standard Webhooks signatures, retries, an outbox that survives the process', () => {
  let identity: TargetService;
  let receiver: Receiver;
  let database: { url: string; drop(): Promise<void> };
  let monitor: MonitorTestContext;
  const env = () => ({ CZ_MONITOR_SERVICES: `identity=${identity.url}`, CZ_MONITOR_DOWN_AFTER_POLLS: '1', CZ_MONITOR_WEBHOOK_URL: receiver.url, CZ_MONITOR_WEBHOOK_ALLOW_HTTP: 'true', CZ_MONITOR_WEBHOOK_SECRET: SECRET, CZ_MONITOR_WEBHOOK_RETRY_BASE_MS: '50', CZ_MONITOR_WEBHOOK_MAX_ATTEMPTS: '4' });
  const notificationsOf = (context: MonitorTestContext, alertId: string) => context.app.get(NotificationRepository).forAlert(alertId);

  beforeAll(async () => {
    [identity, receiver] = await Promise.all([TargetService.start(), Receiver.start()]);
    database = await createTestDatabase('monitor');
    monitor = await startMonitor(env(), { database });
  });
  afterAll(async () => {
    await monitor?.close();
    await database?.drop();
    await Promise.all([identity?.down(), receiver?.close()]);
  });

  it('sends each change, signed, with its notification id as webhook-id and the alert as data', async () => {
    await identity.down();
    const { changes } = await monitor.cycle.runOnce();
    const alert = changes[0]!.alert;
    await waitUntil('the raised notification', async () => receiver.deliveries.length === 1, 5000);
    const [delivery] = receiver.deliveries;
    expect(verifySignature(delivery!)).toBe(true);
    expect(verifySignature({ ...delivery!, body: delivery!.body.replace('critical', 'info') })).toBe(false);
    const payload = JSON.parse(delivery!.body);
    expect(payload).toMatchObject({ id: delivery!.headers['webhook-id'], type: 'alert.raised', data: { id: alert.id, rule: 'service-down', subject: 'identity', state: 'open' } });
    expect(delivery!.headers['content-type']).toBe('application/json');
    expect(delivery!.headers['x-correlation-id']).toBe(`monitor-notification:${payload.id}`);
    expect(Number(delivery!.headers['webhook-timestamp'])).toBeCloseTo(Date.now() / 1000, -1);

    await identity.up();
    await monitor.cycle.runOnce();
    await waitUntil('the resolved notification', async () => receiver.deliveries.length === 2, 5000);
    expect(JSON.parse(receiver.deliveries[1]!.body)).toMatchObject({ type: 'alert.resolved', data: { id: alert.id, state: 'resolved' } });
    expect(verifySignature(receiver.deliveries[1]!)).toBe(true);
    expect((await notificationsOf(monitor, alert.id)).map((notification) => `${notification.type}:${notification.attempts}:${notification.deliveredAt ? 'delivered' : 'pending'}`)).toEqual(['alert.raised:1:delivered', 'alert.resolved:1:delivered']);
  });

  it('retries with backoff after the receiver fails, with the same webhook-id, until it accepts', async () => {
    receiver.deliveries.length = 0;
    receiver.answers = [500, 503];
    await identity.down();
    const { changes } = await monitor.cycle.runOnce();
    await waitUntil('the third attempt', async () => receiver.deliveries.length === 3, 5000);
    expect(receiver.deliveries.map((delivery) => delivery.status)).toEqual([500, 503, 204]);
    expect(new Set(receiver.deliveries.map((delivery) => delivery.headers['webhook-id'])).size).toBe(1);
    expect(receiver.deliveries.every(verifySignature)).toBe(true);
    await waitUntil('the delivery record', async () => (await notificationsOf(monitor, changes[0]!.alert.id))[0]?.deliveredAt !== null, 5000);
    expect(await notificationsOf(monitor, changes[0]!.alert.id)).toEqual([expect.objectContaining({ type: 'alert.raised', attempts: 3, lastStatus: 204, lastError: null, failedAt: null })]);
    await identity.up();
    await monitor.cycle.runOnce();
    await waitUntil('the resolved notification', async () => receiver.deliveries.length === 4, 5000);
  });

  it('gives up after CZ_MONITOR_WEBHOOK_MAX_ATTEMPTS, recorded and counted', async () => {
    receiver.deliveries.length = 0;
    receiver.answers = [500, 500, 500, 500];
    await identity.down();
    const { changes } = await monitor.cycle.runOnce();
    await waitUntil('the last attempt', async () => (await notificationsOf(monitor, changes[0]!.alert.id))[0]?.failedAt !== null, 5000);
    expect(await notificationsOf(monitor, changes[0]!.alert.id)).toEqual([expect.objectContaining({ attempts: 4, lastStatus: 500, lastError: 'receiver answered 500', deliveredAt: null })]);
    expect(receiver.deliveries).toHaveLength(4);
    expect((await monitor.request('GET', '/metrics', { bearer: null })).body).toMatch(/monitor_webhook_deliveries_total\{outcome="failed",service="monitor"\} 1/);
    await identity.up();
    await monitor.cycle.runOnce();
    await waitUntil('the resolved notification', async () => receiver.deliveries.length === 5, 5000);
  });

  it('loses no notification when the monitor stops before delivering it: the next process sends it from the outbox', async () => {
    receiver.deliveries.length = 0;
    await receiver.close();
    await identity.down();
    const { changes } = await monitor.cycle.runOnce();
    const alertId = changes[0]!.alert.id;
    await waitUntil('a failed attempt', async () => (await notificationsOf(monitor, alertId))[0]?.attempts === 1, 5000);
    expect(await notificationsOf(monitor, alertId)).toEqual([expect.objectContaining({ deliveredAt: null, failedAt: null, lastError: 'ECONNREFUSED' })]);
    await monitor.stop();

    receiver = await Receiver.start();
    const next = await startMonitor(env(), { database, idp: monitor.idp });
    try {
      await waitUntil('the delivery by the next process', async () => receiver.deliveries.length === 1, 10_000);
      expect(JSON.parse(receiver.deliveries[0]!.body)).toMatchObject({ type: 'alert.raised', data: { id: alertId } });
      expect(verifySignature(receiver.deliveries[0]!)).toBe(true);
      await waitUntil('the delivery record', async () => (await notificationsOf(next, alertId))[0]?.deliveredAt !== null, 5000);
      const [record] = await notificationsOf(next, alertId);
      expect(record).toMatchObject({ lastStatus: 204, failedAt: null });
      expect(record!.attempts).toBeGreaterThanOrEqual(2);
    } finally {
      await next.stop();
    }
  });
});
