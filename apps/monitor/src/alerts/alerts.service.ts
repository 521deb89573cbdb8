import { Inject, Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { type Actor, type Transaction, Transactions } from '@citizen-zero/nest-platform';
import { MONITOR_CONFIG, type MonitorConfig } from '../config/monitor-config';
import { AlertChannel, type AlertChannelEvent } from '../database/alert-channel';
import { MonitorError } from '../monitor-error';
import { NotificationRepository } from '../webhooks/notification.repository';
import { type Alert, type AlertChange, type AlertState, mapAlert } from './alert';
import { type AlertRule, type Evaluation, reconcileAlerts } from './alert-rules';
import { AlertRepository } from './alert.repository';

/** What the event stream sends: a committed change with the alert as it is now, or `resync` (reload the open alerts). */
export type AlertEvent = { readonly kind: 'change'; readonly change: AlertChange; readonly alert: Alert } | { readonly kind: 'resync' };

/**
 * Alerts: raised and resolved from the rules' evaluation (deduplicated: one open alert per rule
 * and subject), acknowledged by officials, each change written in one transaction with its
 * webhook notification (outbox) and its announcement to every replica's event streams.
 */
@Injectable()
export class AlertsService implements OnModuleInit {
  private readonly logger = new Logger(AlertsService.name);
  private readonly listeners = new Set<(event: AlertEvent) => void>();
  /** Changes are loaded and passed on in the order they were announced. */
  private delivery: Promise<void> = Promise.resolve();

  constructor(
    private readonly alerts: AlertRepository,
    private readonly notifications: NotificationRepository,
    private readonly transactions: Transactions,
    private readonly channel: AlertChannel,
    @Inject(MONITOR_CONFIG) private readonly config: MonitorConfig,
  ) {}

  onModuleInit(): void {
    this.channel.subscribe((event) => {
      this.delivery = this.delivery.then(() => this.pass(event)).catch((error: unknown) => this.logger.error(`alert event not passed on: ${(error as Error).message}`));
    });
  }

  /** Applies an evaluation of the rules in the caller's transaction; returns the changes made. */
  async apply(evaluation: Evaluation, at: Date, transaction: Transaction): Promise<Array<{ change: AlertChange; alert: Alert }>> {
    const open = await this.alerts.openForUpdate(transaction);
    const { raise, resolve } = reconcileAlerts(open, evaluation);
    const changes: Array<{ change: AlertChange; alert: Alert }> = [];
    for (const alert of resolve) {
      const resolved = await this.alerts.resolve(alert.id, at, transaction);
      if (resolved) changes.push(await this.record(resolved, 'resolved', at, transaction));
    }
    for (const condition of raise) {
      const raised = await this.alerts.open(condition, at, transaction);
      if (raised) changes.push(await this.record(raised, 'raised', at, transaction));
    }
    return changes;
  }

  /** Acknowledges an open alert (once; acknowledging it again changes nothing). */
  async acknowledge(actor: Actor, id: string): Promise<Alert> {
    return this.transactions.run(async (transaction) => {
      const acknowledged = await this.alerts.acknowledge(id, actor.subject, new Date(), transaction);
      if (acknowledged) return (await this.record(acknowledged, 'acknowledged', acknowledged.acknowledgedAt!, transaction)).alert;
      const alert = await this.alerts.find(id, transaction);
      if (!alert) throw new MonitorError('ALERT_NOT_FOUND', 'no alert with this id');
      if (alert.state !== 'open') throw new MonitorError('ALERT_NOT_OPEN', 'this alert is resolved; only open alerts are acknowledged');
      return alert;
    });
  }

  list(filter: { state?: AlertState; rule?: AlertRule; limit: number }): Promise<Alert[]> {
    return this.alerts.list(filter);
  }

  async get(id: string): Promise<Alert> {
    const alert = await this.alerts.find(id);
    if (!alert) throw new MonitorError('ALERT_NOT_FOUND', 'no alert with this id');
    return alert;
  }

  /** Committed changes from now on (from every replica), in order. Returns the unsubscribe function. */
  subscribe(listener: (event: AlertEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private async record(alert: Alert, change: AlertChange, at: Date, transaction: Transaction): Promise<{ change: AlertChange; alert: Alert }> {
    if (this.config.webhook) await this.notifications.add(alert.id, `alert.${change}`, { type: `alert.${change}`, timestamp: at.toISOString(), data: mapAlert(alert) }, at, transaction);
    await this.alerts.announce(alert.id, change, transaction);
    this.logger.log(`alert ${change}: ${alert.rule} ${alert.subject} (${alert.id})`);
    return { change, alert };
  }

  private async pass(event: AlertChannelEvent): Promise<void> {
    if (this.listeners.size === 0) return;
    let passed: AlertEvent;
    if (event.kind === 'resync') {
      passed = event;
    } else {
      const alert = await this.alerts.find(event.id);
      if (!alert) return;
      passed = { kind: 'change', change: event.change, alert };
    }
    for (const listener of this.listeners) listener(passed);
  }
}
