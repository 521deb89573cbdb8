import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import { requestContext, Transactions } from '@citizen-zero/nest-platform';
import type { Alert, AlertChange } from '../alerts/alert';
import { evaluateAlertRules } from '../alerts/alert-rules';
import { AlertRepository } from '../alerts/alert.repository';
import { AlertsService } from '../alerts/alerts.service';
import { CertificateWatch } from '../certificates/certificate-watch';
import { MONITOR_CONFIG, type MonitorConfig } from '../config/monitor-config';
import { SampleRepository } from '../history/sample.repository';
import { MonitorMetrics } from '../http/monitor-metrics';
import { buildTopology, type Topology } from '../topology/topology';
import { NotificationRepository } from '../webhooks/notification.repository';
import { WebhookDispatcher } from '../webhooks/webhook-dispatcher';
import { LeaseRepository } from './lease.repository';
import type { HealthStatus, ServiceSample } from './service-sample';
import { ServicePoller } from './service-poller';

export interface CycleResult {
  /** False when another replica holds the polling lease: nothing was polled. */
  readonly leader: boolean;
  readonly correlationId: string;
  readonly samples: readonly ServiceSample[];
  readonly topology?: Topology;
  readonly changes: ReadonlyArray<{ readonly change: AlertChange; readonly alert: Alert }>;
}

const LEASE = 'poller';

/**
 * The monitor's loop: every `CZ_MONITOR_POLL_INTERVAL_MS` (after the previous poll ends) it polls
 * every watched service at once, refreshes the watched certificates when due, and in one
 * transaction stores the samples, the topology's edges, and the alerts the rules raise or
 * resolve (with their webhook notifications); then prunes what is older than the history window
 * and wakes the webhook dispatcher. Only the holder of the polling lease polls.
 */
@Injectable()
export class MonitorCycle implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(MonitorCycle.name);
  /** This process, as lease holder. */
  readonly instance = `monitor-${randomUUID()}`;
  private timer: NodeJS.Timeout | undefined;
  private queue: Promise<unknown> = Promise.resolve();
  private stopped = false;
  private leader = false;

  constructor(
    @Inject(MONITOR_CONFIG) private readonly config: MonitorConfig,
    private readonly poller: ServicePoller,
    private readonly certificates: CertificateWatch,
    private readonly samples: SampleRepository,
    private readonly alertRepository: AlertRepository,
    private readonly notifications: NotificationRepository,
    private readonly alerts: AlertsService,
    private readonly leases: LeaseRepository,
    private readonly transactions: Transactions,
    private readonly dispatcher: WebhookDispatcher,
    private readonly metrics: MonitorMetrics,
  ) {}

  onApplicationBootstrap(): void {
    if (this.config.polling.enabled) this.schedule(0);
  }

  /** One poll now, after any poll in progress (the loop and callers never overlap). `now` is for tests of time-bound rules. */
  runOnce(now: () => Date = () => new Date()): Promise<CycleResult> {
    const run = this.queue.then(() => this.cycle(now));
    this.queue = run.catch(() => undefined);
    return run;
  }

  /** Deletes what is older than the history window (samples, resolved alerts, sent notifications). */
  async prune(now = new Date()): Promise<{ serviceSamples: number; edgeSamples: number; alerts: number; notifications: number }> {
    const cutoff = new Date(now.getTime() - this.config.historyWindowHours * 3_600_000);
    const samples = await this.samples.prune(cutoff);
    const notifications = await this.notifications.prune(cutoff);
    const alerts = await this.alertRepository.pruneResolved(cutoff);
    return { serviceSamples: samples.services, edgeSamples: samples.edges, alerts, notifications };
  }

  private async cycle(now: () => Date): Promise<CycleResult> {
    const correlationId = `monitor-poll:${randomUUID()}`;
    return requestContext.run({ correlationId }, async () => {
      const ttl = Math.max(3 * this.config.polling.intervalMs, 30_000);
      this.leader = await this.leases.acquire(LEASE, this.instance, ttl);
      if (!this.leader) {
        this.metrics.recordPoll(new Map(), false);
        return { leader: false, correlationId, samples: [], changes: [] };
      }
      const stopTimer = this.metrics.pollSeconds.startTimer();
      const samples = await Promise.all(this.config.services.map((service) => this.poller.poll(service, correlationId, now)));
      const at = now();
      const certificates = await this.certificates.refreshIfDue(at, correlationId);
      const names = this.config.services.map((service) => service.name);
      const kept = Math.max(this.config.rules.downAfterPolls, this.config.rules.backlogSamples, 2);
      const { topology, changes } = await this.transactions.run(async (transaction) => {
        await this.samples.insertServiceSamples(samples, transaction);
        const histories = await this.samples.recent(names, kept, transaction);
        const topology = buildTopology(this.config.services, histories, { backlogSamples: this.config.rules.backlogSamples, generatedAt: at });
        await this.samples.insertEdgeSamples(topology.edges, at, transaction);
        const evaluation = evaluateAlertRules({ histories, certificates, now: at, settings: this.config.rules });
        return { topology, changes: await this.alerts.apply(evaluation, at, transaction) };
      });
      await this.prune(at);
      if (changes.length > 0) this.dispatcher.wake();
      this.metrics.recordPoll(new Map<string, HealthStatus>(samples.map((sample) => [sample.service, sample.status])), true);
      stopTimer();
      for (const sample of samples) if (sample.status !== 'up') this.logger.warn(`${sample.service} is ${sample.status}: ${sample.error ?? ''}`);
      return { leader: true, correlationId, samples, topology, changes };
    });
  }

  private schedule(delayMs: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.runOnce()
        .catch((error: unknown) => this.logger.error(`poll failed: ${(error as Error).message}`, (error as Error).stack))
        .finally(() => this.schedule(this.config.polling.intervalMs));
    }, delayMs);
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.queue;
    if (this.leader) await this.leases.release(LEASE, this.instance).catch(() => undefined);
  }
}
