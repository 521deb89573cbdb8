import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { selfSignedCertificate } from './support/certificates';
import { startMonitor, type MonitorTestContext } from './support/monitor-test-app';
import { metricsText, TargetService } from './support/target-service';

const DEDUPLICATION = 'biometric.deduplication-requests';
const admin = { roles: ['admin'], subject: 'eli.admin' };

interface AlertView {
  id: string;
  rule: string;
  subject: string;
  severity: string;
  state: string;
  summary: string;
  acknowledgedBy: string | null;
  resolvedAt: string | null;
}

describe('alert rules raise and resolve alerts, one open per rule and subject', () => {
  let identity: TargetService;
  let biometric: TargetService;
  let monitor: MonitorTestContext;
  const open = async (): Promise<AlertView[]> => (await monitor.request('GET', '/alerts?state=open')).body;
  const openRefs = async () => (await open()).map((alert) => `${alert.rule} ${alert.subject}`).sort();
  const poll = async (times = 1) => {
    for (let index = 0; index < times; index++) await monitor.cycle.runOnce();
  };

  beforeAll(async () => {
    [identity, biometric] = await Promise.all([TargetService.start(), TargetService.start()]);
    identity.checks({ database: 'up', hsm: 'up', queue: 'up' });
    identity.metrics.text = metricsText({ deadLetters: 0, queues: { [DEDUPLICATION]: { waiting: 0 } } });
    biometric.checks({ database: 'up', hsm: 'up', queue: 'up' });
    biometric.metrics.text = metricsText({ queues: { [DEDUPLICATION]: { waiting: 0 } } });
    monitor = await startMonitor({ CZ_MONITOR_SERVICES: `identity=${identity.url},biometric=${biometric.url}`, CZ_MONITOR_DOWN_AFTER_POLLS: '2', CZ_MONITOR_BACKLOG_SAMPLES: '3' });
    await poll();
  });
  afterAll(async () => {
    await monitor?.close();
    await Promise.all([identity?.down(), biometric?.down()]);
  });

  it('service-down: raised after two polls down in a row, kept as one alert while down, resolved when the service answers', async () => {
    await biometric.down();
    await poll();
    expect(await openRefs()).toEqual([]);
    await poll();
    const [alert] = await open();
    expect(alert).toMatchObject({ rule: 'service-down', subject: 'biometric', severity: 'critical', state: 'open', summary: expect.stringMatching(/^biometric is down \(unreachable: ECONNREFUSED\) for 2 polls$/) });
    await poll(2);
    expect(await openRefs()).toEqual(['service-down biometric']);
    await biometric.up();
    const result = await monitor.cycle.runOnce();
    expect(result.changes.map((change) => `${change.change} ${change.alert.rule}`)).toEqual(['resolved service-down']);
    expect(await openRefs()).toEqual([]);
    const resolved = (await monitor.request('GET', '/alerts?state=resolved&rule=service-down')).body as AlertView[];
    expect(resolved).toEqual([expect.objectContaining({ id: alert!.id, state: 'resolved', resolvedAt: expect.any(String) })]);
  });

  it('dead-letters: raised while the service reports open dead letters, kept while it cannot be read, resolved at zero', async () => {
    identity.metrics.text = metricsText({ deadLetters: 2, queues: { [DEDUPLICATION]: { waiting: 0 } } });
    await poll();
    expect((await open()).find((alert) => alert.rule === 'dead-letters')).toMatchObject({ subject: 'identity', severity: 'warning', summary: 'identity has 2 open dead letters' });
    identity.metrics.status = 500;
    await poll();
    expect(await openRefs()).toEqual(['dead-letters identity']);
    identity.metrics.status = 200;
    identity.metrics.text = metricsText({ deadLetters: 0, queues: { [DEDUPLICATION]: { waiting: 0 } } });
    await poll();
    expect(await openRefs()).toEqual([]);
  });

  it('hsm-unreachable: raised when a service reports its HSM check down, resolved when it is up again', async () => {
    biometric.checks({ database: 'up', hsm: 'down', queue: 'up' });
    await poll();
    expect(await openRefs()).toEqual(['hsm-unreachable biometric']);
    biometric.checks({ database: 'up', hsm: 'up', queue: 'up' });
    await poll();
    expect(await openRefs()).toEqual([]);
  });

  it('queue-backlog-growing: raised when the waiting count rose at three polls in a row, resolved when it stops rising', async () => {
    for (const waiting of [5, 5, 9, 14]) {
      biometric.metrics.text = metricsText({ queues: { [DEDUPLICATION]: { waiting, active: 2 } } });
      await poll();
    }
    expect((await open()).find((alert) => alert.rule === 'queue-backlog-growing')).toMatchObject({ subject: DEDUPLICATION, summary: `the backlog of ${DEDUPLICATION} grew from 5 to 14 waiting jobs over 3 polls` });
    biometric.metrics.text = metricsText({ queues: { [DEDUPLICATION]: { waiting: 20, active: 2 } } });
    await poll();
    expect(await openRefs()).toEqual([`queue-backlog-growing ${DEDUPLICATION}`]);
    biometric.metrics.text = metricsText({ queues: { [DEDUPLICATION]: { waiting: 20, active: 2 } } });
    await poll();
    expect(await openRefs()).toEqual([]);
  });

  it('acknowledgement: administrators and security officers acknowledge an open alert once; auditors may not; resolved or unknown alerts are refused', async () => {
    identity.metrics.text = metricsText({ deadLetters: 1 });
    await poll();
    const [alert] = await open();
    expect((await monitor.request('POST', `/alerts/${alert!.id}/acknowledgement`, { roles: ['auditor'] })).status).toBe(403);
    const acknowledged = await monitor.request('POST', `/alerts/${alert!.id}/acknowledgement`, admin);
    expect(acknowledged.status).toBe(200);
    expect(acknowledged.body).toMatchObject({ id: alert!.id, state: 'open', acknowledgedBy: 'eli.admin', acknowledgedAt: expect.any(String) });
    const again = await monitor.request('POST', `/alerts/${alert!.id}/acknowledgement`, { roles: ['security-officer'], subject: 'dara.security' });
    expect(again.body).toMatchObject({ acknowledgedBy: 'eli.admin', acknowledgedAt: acknowledged.body.acknowledgedAt });
    expect((await monitor.request('GET', `/alerts/${alert!.id}`)).body.acknowledgedBy).toBe('eli.admin');
    identity.metrics.text = metricsText({ deadLetters: 0 });
    await poll();
    const resolved = await monitor.request('POST', `/alerts/${alert!.id}/acknowledgement`, admin);
    expect(resolved.status).toBe(409);
    expect(resolved.body.code).toBe('ALERT_NOT_OPEN');
    expect((await monitor.request('POST', '/alerts/00000000-0000-4000-8000-000000000000/acknowledgement', admin)).body.code).toBe('ALERT_NOT_FOUND');
    expect((await monitor.request('POST', '/alerts/not-a-uuid/acknowledgement', admin)).status).toBe(400);
  });

  it('lists alerts newest first, by state and rule', async () => {
    const all = (await monitor.request('GET', '/alerts')).body as AlertView[];
    expect(all.map((alert) => alert.rule)).toEqual(['dead-letters', 'queue-backlog-growing', 'hsm-unreachable', 'dead-letters', 'service-down']);
    expect((await monitor.request('GET', '/alerts?rule=dead-letters&limit=1')).body).toHaveLength(1);
    expect((await monitor.request('GET', '/alerts?state=closed')).body.code).toBe('VALIDATION_FAILED');
    const metrics = await monitor.request('GET', '/metrics', { bearer: null });
    expect(metrics.body).not.toMatch(/monitor_alerts_open\{rule=/);
  });
});

describe('certificate-expiring: the watched certificates (PEM files, directories and bundles over HTTP) and the 90/30/7-day thresholds', () => {
  let pki: string;
  let verification: TargetService;
  let monitor: MonitorTestContext;
  const day = 86_400_000;
  const openAt = async () => ((await monitor.request('GET', '/alerts?state=open')).body as AlertView[]).map((alert) => `${alert.severity} ${alert.summary.replace(/ \(\d{4}-\d\d-\d\d\)$/, '')}`).sort();

  beforeAll(async () => {
    pki = mkdtempSync(join(tmpdir(), 'cz-monitor-pki-'));
    mkdirSync(join(pki, 'ds'));
    writeFileSync(join(pki, 'ds', 'ds.pem'), selfSignedCertificate('Utopia DS', 20));
    writeFileSync(join(pki, 'seal.pem'), selfSignedCertificate('Utopia seal', 400));
    writeFileSync(join(pki, 'notes.txt'), 'not a certificate');
    verification = await TargetService.start();
    verification.files.set('/trust/bundle.pem', { status: 200, contentType: 'application/x-pem-file', body: `# a comment\n${selfSignedCertificate('Utopia IACA', 100)}` });
    monitor = await startMonitor({ CZ_MONITOR_SERVICES: `verification=${verification.url}`, CZ_MONITOR_CERTIFICATES: `${verification.url}/trust/bundle.pem,${pki}`, CZ_MONITOR_CERTIFICATE_REFRESH_SECONDS: '1' });
  });
  afterAll(async () => {
    await monitor?.close();
    await verification?.down();
    rmSync(pki, { recursive: true, force: true });
  });

  it('raises one alert per threshold crossed, the next threshold replacing the previous one, and resolves when the certificate is replaced', async () => {
    await monitor.cycle.runOnce();
    expect(await openAt()).toEqual(['warning certificate C=UT, CN=Utopia DS expires in 20 days']);
    // Eleven days on: the IACA crosses 90 days, and the DS certificate 7 days (its 30-day alert is resolved).
    const result = await monitor.cycle.runOnce(() => new Date(Date.now() + 14 * day));
    expect(result.changes.map((change) => `${change.change} ${change.alert.subject.replace(/^[0-9a-f]{64}/, 'fp')}`).sort()).toEqual(['raised fp@7d', 'raised fp@90d', 'resolved fp@30d']);
    expect(await openAt()).toEqual(['critical certificate C=UT, CN=Utopia DS expires in 6 days', 'info certificate C=UT, CN=Utopia IACA expires in 86 days']);
    const alert = ((await monitor.request('GET', '/alerts?state=open&rule=certificate-expiring')).body as Array<AlertView & { details: Record<string, unknown> }>).find((candidate) => candidate.severity === 'critical')!;
    expect(alert.details).toMatchObject({ thresholdDays: 7, expired: false, subject: 'C=UT, CN=Utopia DS', sources: join(pki, 'ds', 'ds.pem') });
  });

  it('keeps the alerts while a source cannot be read, and resolves them once the certificates are replaced', async () => {
    verification.files.set('/trust/bundle.pem', { status: 503, contentType: 'text/plain', body: 'unavailable' });
    writeFileSync(join(pki, 'ds', 'ds.pem'), selfSignedCertificate('Utopia DS', 400));
    await monitor.cycle.runOnce(() => new Date(Date.now() + 15 * day));
    expect(await openAt()).toHaveLength(2);
    verification.files.set('/trust/bundle.pem', { status: 200, contentType: 'application/x-pem-file', body: selfSignedCertificate('Utopia IACA 2', 1000) });
    await monitor.cycle.runOnce(() => new Date(Date.now() + 16 * day));
    expect(await openAt()).toEqual([]);
  });
});
