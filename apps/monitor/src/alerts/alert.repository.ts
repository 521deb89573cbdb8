import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { managerOf, type Transaction } from '@citizen-zero/nest-platform';
import type { Alert, AlertChange, AlertState } from './alert';
import type { AlertCondition, AlertRule, Severity } from './alert-rules';

/** PostgreSQL channel on which committed alert changes are announced to every replica (database/alert-channel.ts listens). */
export const ALERT_CHANNEL = 'monitor_alert_changes';

interface AlertRow {
  id: string;
  rule: AlertRule;
  subject: string;
  severity: Severity;
  state: AlertState;
  summary: string;
  details: Record<string, string | number | boolean>;
  opened_at: Date;
  resolved_at: Date | null;
  acknowledged_at: Date | null;
  acknowledged_by: string | null;
}

const COLUMNS = 'id, rule, subject, severity, state, summary, details, opened_at, resolved_at, acknowledged_at, acknowledged_by';

/** Alerts: at most one open per rule and subject (a partial unique index), resolved ones kept for the history window. */
@Injectable()
export class AlertRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** The open alerts, locked for the rest of the transaction (one evaluation at a time changes them). */
  async openForUpdate(transaction: Transaction): Promise<Alert[]> {
    return ((await managerOf(transaction).query(`SELECT ${COLUMNS} FROM alerts WHERE state = 'open' ORDER BY opened_at FOR UPDATE`)) as AlertRow[]).map(alertOf);
  }

  /** Opens an alert; undefined if one is already open for its rule and subject. */
  async open(condition: AlertCondition, at: Date, transaction: Transaction): Promise<Alert | undefined> {
    const rows = (await managerOf(transaction).query(
      `INSERT INTO alerts (id, rule, subject, severity, state, summary, details, opened_at) VALUES ($1, $2, $3, $4, 'open', $5, $6, $7)
       ON CONFLICT (rule, subject) WHERE state = 'open' DO NOTHING RETURNING ${COLUMNS}`,
      [randomUUID(), condition.rule, condition.subject, condition.severity, condition.summary.slice(0, 1000), JSON.stringify(condition.details), at],
    )) as AlertRow[];
    return rows[0] ? alertOf(rows[0]) : undefined;
  }

  async resolve(id: string, at: Date, transaction: Transaction): Promise<Alert | undefined> {
    const [rows] = (await managerOf(transaction).query(`UPDATE alerts SET state = 'resolved', resolved_at = $2 WHERE id = $1 AND state = 'open' RETURNING ${COLUMNS}`, [id, at])) as [AlertRow[], number];
    return rows[0] ? alertOf(rows[0]) : undefined;
  }

  /** Acknowledges an open, unacknowledged alert; undefined otherwise. */
  async acknowledge(id: string, by: string, at: Date, transaction: Transaction): Promise<Alert | undefined> {
    const [rows] = (await managerOf(transaction).query(`UPDATE alerts SET acknowledged_at = $3, acknowledged_by = $2 WHERE id = $1 AND state = 'open' AND acknowledged_at IS NULL RETURNING ${COLUMNS}`, [id, by, at])) as [AlertRow[], number];
    return rows[0] ? alertOf(rows[0]) : undefined;
  }

  async find(id: string, transaction?: Transaction): Promise<Alert | undefined> {
    const rows = (await (transaction ? managerOf(transaction) : this.dataSource).query(`SELECT ${COLUMNS} FROM alerts WHERE id = $1`, [id])) as AlertRow[];
    return rows[0] ? alertOf(rows[0]) : undefined;
  }

  async list(filter: { state?: AlertState; rule?: AlertRule; limit: number }): Promise<Alert[]> {
    const rows = (await this.dataSource.query(
      `SELECT ${COLUMNS} FROM alerts WHERE ($1::text IS NULL OR state = $1) AND ($2::text IS NULL OR rule = $2) ORDER BY opened_at DESC, id LIMIT $3`,
      [filter.state ?? null, filter.rule ?? null, filter.limit],
    )) as AlertRow[];
    return rows.map(alertOf);
  }

  async countOpenByRule(): Promise<Record<string, number>> {
    const rows = (await this.dataSource.query(`SELECT rule, count(*)::int AS open FROM alerts WHERE state = 'open' GROUP BY rule`)) as { rule: string; open: number }[];
    return Object.fromEntries(rows.map((row) => [row.rule, row.open]));
  }

  /** Announces a change to every replica's stream, delivered by PostgreSQL when (and only if) the transaction commits. */
  async announce(id: string, change: AlertChange, transaction: Transaction): Promise<void> {
    await managerOf(transaction).query(`SELECT pg_notify($1, $2)`, [ALERT_CHANNEL, JSON.stringify({ id, change })]);
  }

  /** Deletes alerts resolved before the cutoff, unless a notification of theirs is still to be delivered. */
  async pruneResolved(cutoff: Date): Promise<number> {
    const [, deleted] = (await this.dataSource.query(
      `DELETE FROM alerts a WHERE a.state = 'resolved' AND a.resolved_at < $1
       AND NOT EXISTS (SELECT 1 FROM alert_notifications n WHERE n.alert_id = a.id AND n.delivered_at IS NULL AND n.failed_at IS NULL)`,
      [cutoff],
    )) as [unknown, number];
    return deleted;
  }
}

function alertOf(row: AlertRow): Alert {
  return {
    id: row.id,
    rule: row.rule,
    subject: row.subject,
    severity: row.severity,
    state: row.state,
    summary: row.summary,
    details: row.details,
    openedAt: row.opened_at,
    resolvedAt: row.resolved_at,
    acknowledgedAt: row.acknowledged_at,
    acknowledgedBy: row.acknowledged_by,
  };
}
