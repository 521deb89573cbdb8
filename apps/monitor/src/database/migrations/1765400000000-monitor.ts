import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The monitor's history (samples of every service and edge, pruned to the history window), its
 * alerts (one open per rule and subject), the outbox of alert notifications for the webhook, and
 * the lease that lets one replica poll at a time.
 */
export class Monitor1765400000000 implements MigrationInterface {
  name = 'Monitor1765400000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE service_samples (
        id bigserial PRIMARY KEY,
        service text NOT NULL,
        sampled_at timestamptz NOT NULL,
        status text NOT NULL CHECK (status IN ('up', 'degraded', 'down')),
        latency_ms double precision,
        http_status integer,
        error text,
        checks jsonb NOT NULL,
        metrics jsonb
      )`);
    await queryRunner.query(`CREATE INDEX service_samples_by_service ON service_samples (service, sampled_at DESC)`);
    await queryRunner.query(`CREATE INDEX service_samples_by_time ON service_samples (sampled_at)`);
    await queryRunner.query(`
      CREATE TABLE edge_samples (
        id bigserial PRIMARY KEY,
        source text NOT NULL,
        target text NOT NULL,
        kind text NOT NULL CHECK (kind IN ('call', 'queue', 'infrastructure')),
        label text NOT NULL,
        sampled_at timestamptz NOT NULL,
        status text NOT NULL CHECK (status IN ('up', 'degraded', 'down', 'unknown')),
        latency_ms double precision
      )`);
    await queryRunner.query(`CREATE INDEX edge_samples_by_edge ON edge_samples (source, target, sampled_at DESC)`);
    await queryRunner.query(`CREATE INDEX edge_samples_by_time ON edge_samples (sampled_at)`);
    await queryRunner.query(`
      CREATE TABLE alerts (
        id uuid PRIMARY KEY,
        rule text NOT NULL,
        subject text NOT NULL,
        severity text NOT NULL CHECK (severity IN ('info', 'warning', 'critical')),
        state text NOT NULL CHECK (state IN ('open', 'resolved')),
        summary text NOT NULL,
        details jsonb NOT NULL,
        opened_at timestamptz NOT NULL,
        resolved_at timestamptz,
        acknowledged_at timestamptz,
        acknowledged_by text,
        CHECK ((state = 'open') = (resolved_at IS NULL))
      )`);
    await queryRunner.query(`CREATE UNIQUE INDEX alerts_one_open_per_rule_and_subject ON alerts (rule, subject) WHERE state = 'open'`);
    await queryRunner.query(`CREATE INDEX alerts_by_opening ON alerts (opened_at DESC)`);
    await queryRunner.query(`
      CREATE TABLE alert_notifications (
        id uuid PRIMARY KEY,
        seq bigserial NOT NULL,
        alert_id uuid NOT NULL REFERENCES alerts (id) ON DELETE CASCADE,
        type text NOT NULL,
        payload jsonb NOT NULL,
        created_at timestamptz NOT NULL,
        attempts integer NOT NULL DEFAULT 0,
        next_attempt_at timestamptz NOT NULL,
        delivered_at timestamptz,
        failed_at timestamptz,
        last_status integer,
        last_error text
      )`);
    await queryRunner.query(`CREATE INDEX alert_notifications_due ON alert_notifications (next_attempt_at) WHERE delivered_at IS NULL AND failed_at IS NULL`);
    await queryRunner.query(`CREATE INDEX alert_notifications_by_alert ON alert_notifications (alert_id)`);
    await queryRunner.query(`
      CREATE TABLE monitor_leases (
        name text PRIMARY KEY,
        holder text NOT NULL,
        expires_at timestamptz NOT NULL
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE monitor_leases`);
    await queryRunner.query(`DROP TABLE alert_notifications`);
    await queryRunner.query(`DROP TABLE alerts`);
    await queryRunner.query(`DROP TABLE edge_samples`);
    await queryRunner.query(`DROP TABLE service_samples`);
  }
}
