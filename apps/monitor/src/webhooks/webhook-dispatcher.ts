import { createHmac } from 'node:crypto';
import { Inject, Injectable, Logger, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import { observedFetch, PlatformMetrics } from '@citizen-zero/nest-platform';
import { MONITOR_CONFIG, type MonitorConfig } from '../config/monitor-config';
import { MonitorMetrics } from '../http/monitor-metrics';
import { type AlertNotification, NotificationRepository } from './notification.repository';

const DELIVERY_TIMEOUT_MS = 10_000;
/** A claimed notification is hidden from other replicas this long: the delivery's budget, with margin. */
const CLAIM_MS = DELIVERY_TIMEOUT_MS + 20_000;
const MAX_RETRY_DELAY_MS = 600_000;
const IDLE_POLL_MS = 500;
const ERROR_BACKOFF_MS = 5000;
const BATCH = 20;

/**
 * Sends alert notifications from the outbox to the configured webhook, signed as Standard
 * Webhooks v1 (like the identity service's webhooks): `webhook-id` (the notification id, the same
 * on every retry, for the receiver's deduplication), `webhook-timestamp` (Unix seconds), and
 * `webhook-signature: v1,<base64 HMAC-SHA256(key, id.timestamp.body)>` with the key decoded from
 * the `whsec_` secret. A 2xx answer delivers it; anything else is retried with exponential backoff
 * (base × 2^attempt, at most ten minutes) until `CZ_MONITOR_WEBHOOK_MAX_ATTEMPTS`. Every replica
 * runs a dispatcher; claims (`FOR UPDATE SKIP LOCKED`) keep them from sending a notification twice
 * at once, and a claim of a process that died expires, so the notification is sent by another.
 */
@Injectable()
export class WebhookDispatcher implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(WebhookDispatcher.name);
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<number> | undefined;
  private stopped = false;

  constructor(
    @Inject(MONITOR_CONFIG) private readonly config: MonitorConfig,
    private readonly notifications: NotificationRepository,
    private readonly metrics: PlatformMetrics,
    private readonly monitorMetrics: MonitorMetrics,
  ) {}

  onApplicationBootstrap(): void {
    if (this.config.webhook) this.schedule(0);
  }

  /** Delivers what is due now (called after a poll raised or resolved alerts). */
  wake(): void {
    if (this.config.webhook && !this.stopped) this.schedule(0);
  }

  /** One pass: claims and delivers every due notification; returns how many were attempted. */
  async deliverDue(): Promise<number> {
    if (this.running) return this.running;
    this.running = this.pass().finally(() => (this.running = undefined));
    return this.running;
  }

  private async pass(): Promise<number> {
    const webhook = this.config.webhook;
    if (!webhook) return 0;
    let attempted = 0;
    for (;;) {
      const due = await this.notifications.claimDue(BATCH, CLAIM_MS);
      for (const notification of due) {
        if (this.stopped) return attempted;
        await this.deliver(webhook, notification);
        attempted++;
      }
      if (due.length < BATCH) return attempted;
    }
  }

  private async deliver(webhook: NonNullable<MonitorConfig['webhook']>, notification: AlertNotification): Promise<void> {
    const body = JSON.stringify(notification.payload);
    const timestamp = Math.floor(Date.now() / 1000).toString();
    const signature = createHmac('sha256', Buffer.from(webhook.secret.slice('whsec_'.length), 'base64')).update(`${notification.id}.${timestamp}.${body}`).digest('base64');
    let status: number | null = null;
    let error: string;
    try {
      const response = await observedFetch(this.metrics, webhook.url, {
        method: 'POST',
        correlationId: `monitor-notification:${notification.id}`,
        headers: { 'content-type': 'application/json', 'webhook-id': notification.id, 'webhook-timestamp': timestamp, 'webhook-signature': `v1,${signature}`, 'user-agent': 'CitizenZero-Monitor/1' },
        body,
        redirect: 'manual',
        signal: AbortSignal.timeout(DELIVERY_TIMEOUT_MS),
      });
      status = response.status;
      await response.body?.cancel();
      if (status >= 200 && status < 300) {
        await this.notifications.delivered(notification.id, status);
        this.monitorMetrics.webhookDeliveries.inc({ outcome: 'delivered' });
        return;
      }
      error = `receiver answered ${status}`;
    } catch (failure) {
      error = (failure as Error).name === 'TimeoutError' ? 'timed out' : ((failure as { cause?: { code?: string } }).cause?.code ?? (failure as Error).message);
    }
    const attempts = notification.attempts + 1;
    const retryAt = attempts >= webhook.maxAttempts ? null : new Date(Date.now() + Math.min(webhook.retryBaseMs * 2 ** (attempts - 1), MAX_RETRY_DELAY_MS));
    await this.notifications.attemptFailed(notification.id, { status, error, retryAt });
    this.monitorMetrics.webhookDeliveries.inc({ outcome: retryAt ? 'retry' : 'failed' });
    if (retryAt) this.logger.warn(`alert notification ${notification.id} not delivered (${error}); attempt ${attempts} of ${webhook.maxAttempts}, next at ${retryAt.toISOString()}`);
    else this.logger.error(`alert notification ${notification.id} given up after ${attempts} attempts (${error})`);
  }

  private schedule(delayMs: number): void {
    if (this.stopped) return;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.deliverDue().then(
        () => this.schedule(IDLE_POLL_MS),
        (error: unknown) => {
          // The database is unreachable, most likely: try again later, without a log line every half second.
          this.logger.error(`webhook delivery pass failed: ${(error as Error).message}`);
          this.schedule(ERROR_BACKOFF_MS);
        },
      );
    }, delayMs);
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running?.catch(() => undefined);
  }
}
