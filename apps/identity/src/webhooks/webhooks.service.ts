import { createHmac, randomBytes, randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger } from '@nestjs/common';
import type { Job } from 'bullmq';
import { ABIS_VERSION, type AbisInsertRequest, QUEUES } from '@citizen-zero/service-contracts';
import { AuditLogService } from '../audit/audit-log.service';
import type { Actor } from '../auth/permissions';
import { IDENTITY_CONFIG, type IdentityConfig } from '../config/identity-config';
import { EnvelopeEncryption } from '../crypto/envelope-encryption';
import { Transactions, type Transaction } from '../database/transactions';
import { IdentityError } from '../identity-error';
import { QueueConnection } from '@citizen-zero/nest-platform';
import { BIOMETRIC_GALLERY_INSERT, type OutboxEvent, OutboxRepository } from './outbox.repository';
import { type WebhookDelivery, WebhookRepository, type WebhookSubscription } from './webhook.repository';

export const WEBHOOK_EVENT_TYPES = ['document.status-changed'] as const;
export type WebhookEventType = (typeof WEBHOOK_EVENT_TYPES)[number];

export interface WebhookEvent {
  readonly type: WebhookEventType;
  /** Identifiers and statuses only: webhooks never carry personal data. */
  readonly data: Readonly<Record<string, string | number | boolean>>;
}

const DELIVERY_ATTEMPTS = 6;
const DELIVERY_TIMEOUT_MS = 10_000;

/**
 * Status events for relying parties, signed as Standard Webhooks v1: `webhook-id`,
 * `webhook-timestamp`, and `webhook-signature: v1,<base64 HMAC-SHA256(secret, id.timestamp.body)>`,
 * so receivers can check authenticity and reject replays by timestamp. Each delivery is a queue
 * job retried with exponential backoff; every attempt is recorded.
 */
@Injectable()
export class WebhooksService {
  private readonly logger = new Logger(WebhooksService.name);

  constructor(
    private readonly webhooks: WebhookRepository,
    private readonly outbox: OutboxRepository,
    private readonly encryption: EnvelopeEncryption,
    private readonly queues: QueueConnection,
    private readonly audit: AuditLogService,
    private readonly transactions: Transactions,
    @Inject(IDENTITY_CONFIG) private readonly config: IdentityConfig,
  ) {}

  /** Registers a relying party's endpoint; the signing secret is returned once and stored sealed. */
  async subscribe(actor: Actor, input: { relyingParty: string; url: string; events: readonly WebhookEventType[] }): Promise<{ subscription: WebhookSubscription; secret: string }> {
    const url = new URL(input.url);
    if (url.protocol !== 'https:' && !(this.config.webhooks.allowHttp && url.protocol === 'http:')) throw new IdentityError('VALIDATION_FAILED', 'webhook URLs must be https');
    const id = randomUUID();
    const secret = `whsec_${randomBytes(32).toString('base64')}`;
    const subscription: WebhookSubscription = { id, relyingParty: input.relyingParty, url: url.toString(), events: [...input.events], sealedSecret: await this.encryption.seal(new TextEncoder().encode(secret), webhookContext(id)), active: true, createdAt: new Date() };
    await this.webhooks.insertSubscription({ ...subscription, createdBy: actor.subject });
    await this.transactions.run((transaction) => this.audit.record(actor, { action: 'webhook.subscribe', resourceType: 'webhook-subscription', resourceId: id, details: { events: input.events.join(',') } }, transaction));
    return { subscription, secret };
  }

  list(): Promise<WebhookSubscription[]> {
    return this.webhooks.listSubscriptions();
  }

  async unsubscribe(actor: Actor, id: string): Promise<void> {
    if (!(await this.webhooks.deactivate(id))) throw new IdentityError('WEBHOOK_NOT_FOUND', 'no webhook subscription with this id');
    await this.transactions.run((transaction) => this.audit.record(actor, { action: 'webhook.unsubscribe', resourceType: 'webhook-subscription', resourceId: id }, transaction));
  }

  deliveries(subscriptionId: string): Promise<WebhookDelivery[]> {
    return this.webhooks.deliveriesFor(subscriptionId, 100);
  }

  /** Records an event in the caller's transaction; it is delivered after the commit by `publishOutbox`. */
  record(event: WebhookEvent, transaction: Transaction): Promise<void> {
    return this.outbox.add(event.type, { ...event.data }, transaction);
  }

  /**
   * Delivers recorded events (after a commit, and on every recovery sweep, so none is lost to a
   * crash): status events to subscribed relying parties, gallery inserts to the biometric service.
   */
  async publishOutbox(): Promise<number> {
    const events = await this.outbox.unpublished(500);
    for (const event of events) {
      if (event.type === BIOMETRIC_GALLERY_INSERT) await this.requestGalleryInsert(event);
      else await this.publish({ type: event.type as WebhookEventType, data: event.payload }, event.id);
      await this.outbox.markPublished(event.id);
    }
    return events.length;
  }

  /** A MOSIP-ABIS-shaped insert; the event id is the request id, so a second publication is the same request. */
  private async requestGalleryInsert(event: OutboxEvent): Promise<void> {
    const request: AbisInsertRequest = {
      id: 'mosip.abis.insert',
      version: ABIS_VERSION,
      requestId: event.id,
      requesttime: new Date().toISOString(),
      referenceId: String(event.payload['personId']),
      templateReferences: String(event.payload['templateReferences']).split(','),
    };
    await this.queues.queue(QUEUES.abisRequests).add(request.id, request, { jobId: `abis-request.${event.id}`, attempts: 5, backoff: { type: 'exponential', delay: 1000 }, removeOnComplete: 10_000, removeOnFail: 10_000 });
  }

  /** Fans an event out to every subscribed relying party (idempotent per event id). */
  private async publish(event: WebhookEvent, eventId: string): Promise<void> {
    const payload = { id: eventId, type: event.type, timestamp: new Date().toISOString(), data: event.data };
    for (const subscription of await this.webhooks.activeSubscriptionsFor(event.type)) {
      const delivery = await this.webhooks.createDelivery({ id: randomUUID(), subscriptionId: subscription.id, eventId, eventType: event.type, payload });
      if (delivery.state === 'pending') await this.enqueue(delivery.id);
    }
  }

  startWorker(): void {
    this.queues.worker<{ deliveryId: string }, void>(QUEUES.webhookDeliveries, (job) => this.deliver(job), { concurrency: 8 });
  }

  /** After a crash: deliveries still pending get their job back. */
  async resumePending(): Promise<void> {
    for (const delivery of await this.webhooks.pendingOlderThan(new Date(Date.now() - 60_000), 500)) {
      const job = await this.queues.queue(QUEUES.webhookDeliveries).getJob(delivery.id);
      if (!job) await this.enqueue(delivery.id);
    }
  }

  private enqueue(deliveryId: string) {
    return this.queues.queue(QUEUES.webhookDeliveries).add('deliver', { deliveryId }, { jobId: deliveryId, attempts: DELIVERY_ATTEMPTS, backoff: { type: 'exponential', delay: this.config.webhooks.retryBaseMs }, removeOnComplete: true, removeOnFail: 1000 });
  }

  private async deliver(job: Job<{ deliveryId: string }>): Promise<void> {
    const delivery = await this.webhooks.findDelivery(job.data.deliveryId);
    if (!delivery || delivery.state !== 'pending') return;
    const subscription = await this.webhooks.findSubscription(delivery.subscriptionId);
    if (!subscription?.active) {
      await this.webhooks.recordAttempt(delivery.id, { delivered: false, finalFailure: true, error: 'subscription no longer active' });
      return;
    }
    const secret = new TextDecoder().decode(await this.encryption.open(subscription.sealedSecret, webhookContext(subscription.id)));
    const body = JSON.stringify(delivery.payload);
    const timestamp = Math.floor(Date.now() / 1000).toString();
    const signature = createHmac('sha256', Buffer.from(secret.slice('whsec_'.length), 'base64')).update(`${delivery.eventId}.${timestamp}.${body}`).digest('base64');
    const finalAttempt = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
    let statusCode: number | undefined;
    try {
      const response = await fetch(subscription.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'webhook-id': delivery.eventId, 'webhook-timestamp': timestamp, 'webhook-signature': `v1,${signature}`, 'user-agent': 'CitizenZero-Webhooks/1' },
        body,
        redirect: 'manual',
        signal: AbortSignal.timeout(DELIVERY_TIMEOUT_MS),
      });
      statusCode = response.status;
      await response.body?.cancel();
    } catch (error) {
      await this.webhooks.recordAttempt(delivery.id, { delivered: false, finalFailure: finalAttempt, error: (error as Error).message });
      throw error;
    }
    const delivered = statusCode >= 200 && statusCode < 300;
    await this.webhooks.recordAttempt(delivery.id, { delivered, finalFailure: !delivered && finalAttempt, statusCode });
    if (!delivered) {
      this.logger.warn(`webhook delivery ${delivery.id} answered ${statusCode} (attempt ${job.attemptsMade + 1})`);
      throw new Error(`receiver answered ${statusCode}`);
    }
  }
}

function webhookContext(id: string): string {
  return `cz:webhook-subscription:${id}:v1`;
}
