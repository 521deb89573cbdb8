import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { managerOf, type Transaction } from '@citizen-zero/nest-platform';

/** An alert change waiting to be sent to the webhook (the outbox row, written with the change itself). */
export interface AlertNotification {
  readonly id: string;
  readonly alertId: string;
  readonly type: string;
  readonly payload: Record<string, unknown>;
  readonly attempts: number;
  readonly createdAt: Date;
}

interface NotificationRow {
  id: string;
  seq: string;
  alert_id: string;
  type: string;
  payload: Record<string, unknown>;
  attempts: number;
  created_at: Date;
}

/**
 * The transactional outbox of webhook notifications: a row exists exactly when its alert change
 * was committed, and stays until it was delivered or every attempt failed — so a process that
 * dies between the change and the delivery loses nothing; another replica, or the next start,
 * sends it.
 */
@Injectable()
export class NotificationRepository {
  constructor(private readonly dataSource: DataSource) {}

  async add(alertId: string, type: string, payload: Record<string, unknown>, at: Date, transaction: Transaction): Promise<string> {
    const id = randomUUID();
    await managerOf(transaction).query(`INSERT INTO alert_notifications (id, alert_id, type, payload, created_at, next_attempt_at) VALUES ($1, $2, $3, $4, $5, $5)`, [id, alertId, type, JSON.stringify({ ...payload, id }), at]);
    return id;
  }

  /**
   * Takes up to `limit` due notifications, oldest first, and hides them from other claimers for
   * `claimMs` (the delivery's time budget): if this process dies mid-delivery they become due again.
   */
  async claimDue(limit: number, claimMs: number): Promise<AlertNotification[]> {
    const [rows] = (await this.dataSource.query(
      `UPDATE alert_notifications SET next_attempt_at = now() + ($2::int * interval '1 millisecond')
       WHERE id IN (SELECT id FROM alert_notifications WHERE delivered_at IS NULL AND failed_at IS NULL AND next_attempt_at <= now() ORDER BY seq LIMIT $1 FOR UPDATE SKIP LOCKED)
       RETURNING id, seq, alert_id, type, payload, attempts, created_at`,
      [limit, claimMs],
    )) as [NotificationRow[], number];
    return rows.sort((a, b) => Number(a.seq) - Number(b.seq)).map((row) => ({ id: row.id, alertId: row.alert_id, type: row.type, payload: row.payload, attempts: row.attempts, createdAt: row.created_at }));
  }

  async delivered(id: string, status: number): Promise<void> {
    await this.dataSource.query(`UPDATE alert_notifications SET delivered_at = now(), attempts = attempts + 1, last_status = $2, last_error = NULL WHERE id = $1`, [id, status]);
  }

  /** A failed attempt: retried at `retryAt`, or given up when `retryAt` is null. */
  async attemptFailed(id: string, outcome: { status: number | null; error: string; retryAt: Date | null }): Promise<void> {
    await this.dataSource.query(
      `UPDATE alert_notifications SET attempts = attempts + 1, last_status = $2, last_error = $3, next_attempt_at = COALESCE($4, next_attempt_at), failed_at = CASE WHEN $4::timestamptz IS NULL THEN now() END WHERE id = $1`,
      [id, outcome.status, outcome.error.slice(0, 500), outcome.retryAt],
    );
  }

  async pendingCount(): Promise<number> {
    const [row] = (await this.dataSource.query(`SELECT count(*)::int AS pending FROM alert_notifications WHERE delivered_at IS NULL AND failed_at IS NULL`)) as { pending: number }[];
    return row?.pending ?? 0;
  }

  /** The delivery record of an alert's notifications (for tests and operators). */
  async forAlert(alertId: string): Promise<Array<{ id: string; type: string; attempts: number; deliveredAt: Date | null; failedAt: Date | null; lastStatus: number | null; lastError: string | null }>> {
    const rows = (await this.dataSource.query(`SELECT id, type, attempts, delivered_at, failed_at, last_status, last_error FROM alert_notifications WHERE alert_id = $1 ORDER BY seq`, [alertId])) as Array<{ id: string; type: string; attempts: number; delivered_at: Date | null; failed_at: Date | null; last_status: number | null; last_error: string | null }>;
    return rows.map((row) => ({ id: row.id, type: row.type, attempts: row.attempts, deliveredAt: row.delivered_at, failedAt: row.failed_at, lastStatus: row.last_status, lastError: row.last_error }));
  }

  /** Deletes notifications delivered or given up before the cutoff. */
  async prune(cutoff: Date): Promise<number> {
    const [, deleted] = (await this.dataSource.query(`DELETE FROM alert_notifications WHERE delivered_at < $1 OR failed_at < $1`, [cutoff])) as [unknown, number];
    return deleted;
  }
}
