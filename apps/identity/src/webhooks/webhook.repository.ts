import { Injectable } from '@nestjs/common';
import { DataSource, LessThan } from 'typeorm';
import type { SealedRecord } from '../crypto/envelope-encryption';
import { WebhookDeliveryEntity, WebhookSubscriptionEntity } from './webhook.entity';

export interface WebhookSubscription {
  readonly id: string;
  readonly relyingParty: string;
  readonly url: string;
  readonly events: readonly string[];
  readonly sealedSecret: SealedRecord;
  readonly active: boolean;
  readonly createdAt: Date;
}

export interface WebhookDelivery {
  readonly id: string;
  readonly subscriptionId: string;
  readonly eventId: string;
  readonly eventType: string;
  readonly payload: Record<string, unknown>;
  readonly state: 'pending' | 'delivered' | 'failed';
  readonly attempts: number;
  readonly lastStatusCode: number | undefined;
  readonly lastError: string | undefined;
  readonly deliveredAt: Date | undefined;
  readonly createdAt: Date;
}

@Injectable()
export class WebhookRepository {
  constructor(private readonly dataSource: DataSource) {}

  async insertSubscription(subscription: WebhookSubscription & { createdBy: string }): Promise<void> {
    await this.dataSource.getRepository(WebhookSubscriptionEntity).insert({
      id: subscription.id,
      relyingParty: subscription.relyingParty,
      url: subscription.url,
      events: [...subscription.events],
      sealedSecret: Buffer.from(subscription.sealedSecret.ciphertext),
      wrappedKey: Buffer.from(subscription.sealedSecret.wrappedKey),
      keyLabel: subscription.sealedSecret.keyLabel,
      active: true,
      createdBy: subscription.createdBy,
      createdAt: subscription.createdAt,
    });
  }

  async activeSubscriptionsFor(eventType: string): Promise<WebhookSubscription[]> {
    const rows = await this.dataSource.getRepository(WebhookSubscriptionEntity).createQueryBuilder('subscription').where('subscription.active = true').andWhere(':type = ANY(subscription.events)', { type: eventType }).getMany();
    return rows.map(subscriptionOf);
  }

  async findSubscription(id: string): Promise<WebhookSubscription | undefined> {
    const row = await this.dataSource.getRepository(WebhookSubscriptionEntity).findOneBy({ id });
    return row ? subscriptionOf(row) : undefined;
  }

  async listSubscriptions(): Promise<WebhookSubscription[]> {
    return (await this.dataSource.getRepository(WebhookSubscriptionEntity).find({ order: { createdAt: 'ASC' } })).map(subscriptionOf);
  }

  async deactivate(id: string): Promise<boolean> {
    const result = await this.dataSource.getRepository(WebhookSubscriptionEntity).update({ id }, { active: false });
    return (result.affected ?? 0) === 1;
  }

  /** One delivery per subscription and event: a repeated event is not delivered twice. */
  async createDelivery(delivery: Pick<WebhookDelivery, 'id' | 'subscriptionId' | 'eventId' | 'eventType' | 'payload'>): Promise<WebhookDelivery> {
    await this.dataSource.query(
      `INSERT INTO webhook_deliveries (id, subscription_id, event_id, event_type, payload, state, attempts, created_at) VALUES ($1, $2, $3, $4, $5, 'pending', 0, now()) ON CONFLICT (subscription_id, event_id) DO NOTHING`,
      [delivery.id, delivery.subscriptionId, delivery.eventId, delivery.eventType, JSON.stringify(delivery.payload)],
    );
    return deliveryOf(await this.dataSource.getRepository(WebhookDeliveryEntity).findOneByOrFail({ subscriptionId: delivery.subscriptionId, eventId: delivery.eventId }));
  }

  async findDelivery(id: string): Promise<WebhookDelivery | undefined> {
    const row = await this.dataSource.getRepository(WebhookDeliveryEntity).findOneBy({ id });
    return row ? deliveryOf(row) : undefined;
  }

  async recordAttempt(id: string, outcome: { delivered: boolean; finalFailure: boolean; statusCode?: number; error?: string }): Promise<void> {
    await this.dataSource.query(
      `UPDATE webhook_deliveries SET attempts = attempts + 1, last_status_code = $2, last_error = $3,
         state = CASE WHEN $4 THEN 'delivered' WHEN $5 THEN 'failed' ELSE state END,
         delivered_at = CASE WHEN $4 THEN now() ELSE delivered_at END
       WHERE id = $1 AND state = 'pending'`,
      [id, outcome.statusCode ?? null, outcome.error?.slice(0, 500) ?? null, outcome.delivered, outcome.finalFailure],
    );
  }

  async deliveriesFor(subscriptionId: string, limit: number): Promise<WebhookDelivery[]> {
    return (await this.dataSource.getRepository(WebhookDeliveryEntity).find({ where: { subscriptionId }, order: { createdAt: 'DESC' }, take: limit })).map(deliveryOf);
  }

  async pendingOlderThan(before: Date, limit: number): Promise<WebhookDelivery[]> {
    return (await this.dataSource.getRepository(WebhookDeliveryEntity).find({ where: { state: 'pending', createdAt: LessThan(before) }, order: { createdAt: 'ASC' }, take: limit })).map(deliveryOf);
  }
}

function subscriptionOf(row: WebhookSubscriptionEntity): WebhookSubscription {
  return { id: row.id, relyingParty: row.relyingParty, url: row.url, events: row.events, sealedSecret: { ciphertext: new Uint8Array(row.sealedSecret), wrappedKey: new Uint8Array(row.wrappedKey), keyLabel: row.keyLabel }, active: row.active, createdAt: row.createdAt };
}

function deliveryOf(row: WebhookDeliveryEntity): WebhookDelivery {
  return { id: row.id, subscriptionId: row.subscriptionId, eventId: row.eventId, eventType: row.eventType, payload: row.payload, state: row.state, attempts: row.attempts, lastStatusCode: row.lastStatusCode ?? undefined, lastError: row.lastError ?? undefined, deliveredAt: row.deliveredAt ?? undefined, createdAt: row.createdAt };
}
