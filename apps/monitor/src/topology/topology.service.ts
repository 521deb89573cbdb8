import { Inject, Injectable } from '@nestjs/common';
import { MONITOR_CONFIG, type MonitorConfig, type WatchedService } from '../config/monitor-config';
import { SampleRepository } from '../history/sample.repository';
import type { LatencySummary } from '../metrics/service-metrics';
import type { ServiceSample } from '../polling/service-sample';
import { buildTopology, type Topology } from './topology';

/** The topology and the services' states as of the last poll, read from the history (so every replica answers the same). */
@Injectable()
export class TopologyService {
  constructor(
    @Inject(MONITOR_CONFIG) private readonly config: MonitorConfig,
    private readonly samples: SampleRepository,
  ) {}

  async topology(): Promise<Topology> {
    const histories = await this.histories();
    const newest = [...histories.values()].flatMap((history) => history.slice(-1)).reduce<Date | undefined>((latest, sample) => (!latest || sample.at > latest ? sample.at : latest), undefined);
    return buildTopology(this.config.services, histories, { backlogSamples: this.config.rules.backlogSamples, generatedAt: newest ?? new Date() });
  }

  async services(): Promise<Array<{ service: WatchedService; history: readonly ServiceSample[] }>> {
    const histories = await this.histories();
    return this.config.services.map((service) => ({ service, history: histories.get(service.name) ?? [] }));
  }

  private histories(): Promise<Map<string, ServiceSample[]>> {
    return this.samples.recent(this.config.services.map((service) => service.name), Math.max(2, this.config.rules.backlogSamples));
  }
}

/** A watched service as the API shows it: its last sample and what its metrics say. */
export function mapService(service: WatchedService, history: readonly ServiceSample[]) {
  const latest = history[history.length - 1];
  const metrics = latest?.metrics;
  const latency = (entries: Readonly<Record<string, LatencySummary>>, name: string) => Object.entries(entries).map(([key, summary]) => ({ [name]: key, count: summary.count, meanMs: summary.count > 0 ? round((summary.sum / summary.count) * 1000) : null, p95Ms: summary.p95 !== undefined ? round(summary.p95 * 1000) : null }));
  return {
    name: service.name,
    url: service.url,
    dependsOn: [...service.dependsOn],
    status: latest?.status ?? 'unknown',
    checkedAt: latest?.at.toISOString() ?? null,
    latencyMs: latest?.latencyMs ?? null,
    httpStatus: latest?.httpStatus ?? null,
    error: latest?.error ?? null,
    checks: { ...(latest?.checks ?? {}) },
    queues: { ...(metrics?.queues ?? {}) },
    deadLettersOpen: metrics?.deadLettersOpen ?? null,
    routes: Object.entries(metrics?.http ?? {}).sort(([, a], [, b]) => b.count - a.count).map(([route, summary]) => ({ route, requests: summary.count, errors: summary.errors, p95Ms: summary.p95 !== undefined ? round(summary.p95 * 1000) : null })),
    hsmSign: latency(metrics?.hsmSign ?? {}, 'key'),
    biometricMatch: latency(metrics?.biometricMatch ?? {}, 'operation'),
    counters: { ...(metrics?.counters ?? {}) },
  };
}

export function mapTopology(topology: Topology) {
  return {
    generatedAt: topology.generatedAt.toISOString(),
    nodes: topology.nodes.map((node) => ({ ...node })),
    edges: topology.edges.map((edge) => ({ ...edge, ...(edge.counts && { counts: { ...edge.counts } }) })),
  };
}

function round(value: number): number {
  return Math.round(value * 100) / 100;
}
