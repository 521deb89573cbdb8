import { Injectable } from '@nestjs/common';
import type { Counter, Histogram } from 'prom-client';
import { PlatformMetrics } from '@citizen-zero/nest-platform';
import { AlertRepository } from '../alerts/alert.repository';
import type { HealthStatus } from '../polling/service-sample';
import { NotificationRepository } from '../webhooks/notification.repository';

const STATUS_VALUE: Readonly<Record<HealthStatus, number>> = { up: 1, degraded: 0.5, down: 0 };

/**
 * The monitor's own metrics: how long a poll of every service takes, each watched service's last
 * status (1 up, 0.5 degraded, 0 down), whether this replica holds the polling lease, open alerts
 * per rule, and webhook deliveries — so the monitor can itself be scraped and alerted on.
 */
@Injectable()
export class MonitorMetrics {
  readonly pollSeconds: Histogram;
  readonly webhookDeliveries: Counter<'outcome'>;
  private statuses = new Map<string, HealthStatus>();
  private leader = false;

  constructor(metrics: PlatformMetrics, alerts: AlertRepository, notifications: NotificationRepository) {
    this.pollSeconds = metrics.histogram('monitor_poll_duration_seconds', 'Duration of one poll of every watched service, with alert evaluation', [], [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30]);
    this.webhookDeliveries = metrics.counter('monitor_webhook_deliveries_total', 'Webhook delivery attempts of alert notifications, by outcome (delivered, retry, failed)', ['outcome']);
    metrics.gauge('monitor_service_status', 'Last polled status of each watched service: 1 up, 0.5 degraded, 0 down', ['watched'], (gauge) => {
      gauge.reset();
      for (const [service, status] of this.statuses) gauge.set({ watched: service }, STATUS_VALUE[status]);
    });
    metrics.gauge('monitor_leader', 'Whether this replica holds the polling lease', [], (gauge) => void gauge.set(this.leader ? 1 : 0));
    metrics.gauge('monitor_alerts_open', 'Open alerts by rule', ['rule'], async (gauge) => {
      gauge.reset();
      for (const [rule, open] of Object.entries(await alerts.countOpenByRule())) gauge.set({ rule }, open);
    });
    metrics.gauge('monitor_webhook_notifications_pending', 'Alert notifications not yet delivered to the webhook', [], async (gauge) => void gauge.set(await notifications.pendingCount()));
  }

  recordPoll(statuses: ReadonlyMap<string, HealthStatus>, leader: boolean): void {
    this.statuses = new Map(statuses);
    this.leader = leader;
  }
}
