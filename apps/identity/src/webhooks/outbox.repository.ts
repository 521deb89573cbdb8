import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { managerOf, type Transaction } from '../database/transactions';

export interface OutboxEvent {
  readonly id: string;
  readonly type: string;
  readonly payload: Record<string, string | number | boolean>;
}

/** Outbox event asking the biometric service to put a person's captured templates in its gallery (payload: personId, templateReferences comma-separated). */
export const BIOMETRIC_GALLERY_INSERT = 'biometric.gallery-insert';

/** The transactional outbox: an event exists exactly when the change it announces was committed. */
@Injectable()
export class OutboxRepository {
  constructor(private readonly dataSource: DataSource) {}

  async add(type: string, payload: OutboxEvent['payload'], transaction: Transaction): Promise<void> {
    await managerOf(transaction).query(`INSERT INTO outbox_events (id, type, payload, created_at) VALUES ($1, $2, $3, now())`, [randomUUID(), type, JSON.stringify(payload)]);
  }

  async unpublished(limit: number): Promise<OutboxEvent[]> {
    return (await this.dataSource.query(`SELECT id, type, payload FROM outbox_events WHERE published_at IS NULL ORDER BY created_at LIMIT $1`, [limit])) as OutboxEvent[];
  }

  async markPublished(id: string): Promise<void> {
    await this.dataSource.query(`UPDATE outbox_events SET published_at = now() WHERE id = $1`, [id]);
  }
}
