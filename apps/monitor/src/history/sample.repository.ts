import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { managerOf, type Transaction } from '@citizen-zero/nest-platform';
import type { ServiceMetrics } from '../metrics/service-metrics';
import type { EdgeStatus, HealthStatus, ServiceSample } from '../polling/service-sample';
import type { EdgeKind, TopologyEdge } from '../topology/topology';

export interface EdgeSample {
  readonly source: string;
  readonly target: string;
  readonly kind: EdgeKind;
  readonly label: string;
  readonly at: Date;
  readonly status: EdgeStatus;
  readonly latencyMs: number | null;
}

interface ServiceSampleRow {
  service: string;
  sampled_at: Date;
  status: HealthStatus;
  latency_ms: number | null;
  http_status: number | null;
  error: string | null;
  checks: Record<string, string>;
  metrics: ServiceMetrics | null;
}

interface EdgeSampleRow {
  source: string;
  target: string;
  kind: EdgeKind;
  label: string;
  sampled_at: Date;
  status: EdgeStatus;
  latency_ms: number | null;
}

/** The samples of services and edges over the history window. */
@Injectable()
export class SampleRepository {
  constructor(private readonly dataSource: DataSource) {}

  async insertServiceSamples(samples: readonly ServiceSample[], transaction?: Transaction): Promise<void> {
    if (samples.length === 0) return;
    const values: unknown[] = [];
    const rows = samples.map((sample, index) => {
      values.push(sample.service, sample.at, sample.status, sample.latencyMs, sample.httpStatus, sample.error, JSON.stringify(sample.checks), sample.metrics ? JSON.stringify(sample.metrics) : null);
      const base = index * 8;
      return `($${base + 1}, $${base + 2}, $${base + 3}, $${base + 4}, $${base + 5}, $${base + 6}, $${base + 7}, $${base + 8})`;
    });
    await this.runner(transaction).query(`INSERT INTO service_samples (service, sampled_at, status, latency_ms, http_status, error, checks, metrics) VALUES ${rows.join(', ')}`, values);
  }

  async insertEdgeSamples(edges: readonly TopologyEdge[], at: Date, transaction?: Transaction): Promise<void> {
    if (edges.length === 0) return;
    const values: unknown[] = [];
    const rows = edges.map((edge, index) => {
      values.push(edge.source, edge.target, edge.kind, edge.label, at, edge.status, edge.latencyMs);
      const base = index * 7;
      return `($${base + 1}, $${base + 2}, $${base + 3}, $${base + 4}, $${base + 5}, $${base + 6}, $${base + 7})`;
    });
    await this.runner(transaction).query(`INSERT INTO edge_samples (source, target, kind, label, sampled_at, status, latency_ms) VALUES ${rows.join(', ')}`, values);
  }

  /** The last `limit` samples of each service, oldest first. */
  async recent(services: readonly string[], limit: number, transaction?: Transaction): Promise<Map<string, ServiceSample[]>> {
    const rows = (await this.runner(transaction).query(
      `SELECT s.* FROM unnest($1::text[]) AS watched(name)
       CROSS JOIN LATERAL (SELECT service, sampled_at, status, latency_ms, http_status, error, checks, metrics FROM service_samples WHERE service = watched.name ORDER BY sampled_at DESC, id DESC LIMIT $2) s`,
      [services, limit],
    )) as ServiceSampleRow[];
    const histories = new Map<string, ServiceSample[]>(services.map((service) => [service, []]));
    for (const row of rows) histories.get(row.service)!.push(serviceSampleOf(row));
    for (const history of histories.values()) history.sort((a, b) => a.at.getTime() - b.at.getTime());
    return histories;
  }

  async serviceHistory(service: string, since: Date, until: Date, limit: number): Promise<ServiceSample[]> {
    const rows = (await this.dataSource.query(`SELECT service, sampled_at, status, latency_ms, http_status, error, checks, metrics FROM service_samples WHERE service = $1 AND sampled_at >= $2 AND sampled_at <= $3 ORDER BY sampled_at DESC, id DESC LIMIT $4`, [service, since, until, limit])) as ServiceSampleRow[];
    return rows.map(serviceSampleOf).reverse();
  }

  async edgeHistory(filter: { source?: string; target?: string }, since: Date, until: Date, limit: number): Promise<EdgeSample[]> {
    const rows = (await this.dataSource.query(
      `SELECT source, target, kind, label, sampled_at, status, latency_ms FROM edge_samples
       WHERE ($1::text IS NULL OR source = $1) AND ($2::text IS NULL OR target = $2) AND sampled_at >= $3 AND sampled_at <= $4
       ORDER BY sampled_at DESC, id DESC LIMIT $5`,
      [filter.source ?? null, filter.target ?? null, since, until, limit],
    )) as EdgeSampleRow[];
    return rows.map((row) => ({ source: row.source, target: row.target, kind: row.kind, label: row.label, at: row.sampled_at, status: row.status, latencyMs: row.latency_ms })).reverse();
  }

  /** Deletes samples taken before the cutoff; returns how many of each. */
  async prune(cutoff: Date): Promise<{ services: number; edges: number }> {
    const services = (await this.dataSource.query(`DELETE FROM service_samples WHERE sampled_at < $1`, [cutoff])) as [unknown, number];
    const edges = (await this.dataSource.query(`DELETE FROM edge_samples WHERE sampled_at < $1`, [cutoff])) as [unknown, number];
    return { services: services[1], edges: edges[1] };
  }

  private runner(transaction?: Transaction) {
    return transaction ? managerOf(transaction) : this.dataSource;
  }
}

function serviceSampleOf(row: ServiceSampleRow): ServiceSample {
  return { service: row.service, at: row.sampled_at, status: row.status, latencyMs: row.latency_ms, httpStatus: row.http_status, error: row.error, checks: row.checks, metrics: row.metrics };
}
