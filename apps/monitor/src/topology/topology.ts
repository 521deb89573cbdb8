import type { WatchedService } from '../config/monitor-config';
import { recentMeanSeconds } from '../metrics/service-metrics';
import type { EdgeStatus, ServiceSample } from '../polling/service-sample';
import { isBacklogGrowing, queueReports, waitingSeries } from './queues';

export type NodeKind = 'service' | 'infrastructure' | 'external';

export interface TopologyNode {
  readonly id: string;
  readonly kind: NodeKind;
  readonly status: EdgeStatus;
  /** Services: the round trip of their readiness probe as the monitor measured it. */
  readonly latencyMs: number | null;
}

/**
 * - `call`: one service calls another (declared in the configuration, and/or observed in the
 *   caller's `http_client_request_duration_seconds`);
 * - `queue`: a service puts jobs on a queue another consumes (observed in `queue_jobs`);
 * - `infrastructure`: a service's dependency on PostgreSQL, Redis or the HSM (its readiness checks).
 */
export type EdgeKind = 'call' | 'queue' | 'infrastructure';

export interface TopologyEdge {
  readonly source: string;
  readonly target: string;
  readonly kind: EdgeKind;
  /** The queue's name for queue edges, the readiness check's for infrastructure edges; empty for calls. */
  readonly label: string;
  readonly status: EdgeStatus;
  readonly latencyMs: number | null;
  /**
   * Where the latency comes from: `observed` (the caller's own measurement of its recent calls,
   * or the service's own probe of its dependency), `monitor` (the monitor's probe of the target).
   */
  readonly latencySource: 'observed' | 'monitor' | null;
  readonly declared: boolean;
  readonly observed: boolean;
  /** Queue edges: the queue's job counts. */
  readonly counts?: Readonly<Record<string, number>>;
}

export interface Topology {
  readonly generatedAt: Date;
  readonly nodes: readonly TopologyNode[];
  readonly edges: readonly TopologyEdge[];
}

/** Readiness check names → infrastructure node. Unknown checks become a node of their own name. */
const INFRASTRUCTURE_OF_CHECK: Readonly<Record<string, string>> = { database: 'postgres', postgres: 'postgres', hsm: 'hsm', queue: 'redis', queues: 'redis', redis: 'redis' };

export function infrastructureOf(check: string): string {
  return INFRASTRUCTURE_OF_CHECK[check] ?? check;
}

/**
 * The live topology from the watched services and their recent samples (oldest first): nodes are
 * the services and the infrastructure their readiness checks name; edges are declared
 * dependencies, calls observed in the callers' metrics (latency: the mean of the calls since the
 * previous poll), queues between producers and consumers, and infrastructure dependencies.
 */
export function buildTopology(services: readonly WatchedService[], histories: ReadonlyMap<string, readonly ServiceSample[]>, options: { backlogSamples: number; generatedAt: Date }): Topology {
  const latest = (service: string) => last(histories.get(service));
  const previous = (service: string) => {
    const history = histories.get(service) ?? [];
    return history[history.length - 2];
  };
  const statusOf = (service: string): EdgeStatus => latest(service)?.status ?? 'unknown';
  const nodes = new Map<string, TopologyNode>();
  for (const service of services) nodes.set(service.name, { id: service.name, kind: 'service', status: statusOf(service.name), latencyMs: latest(service.name)?.latencyMs ?? null });
  const edges: TopologyEdge[] = [];

  // Calls: declared, and observed from the callers' outgoing-call metrics (matched to a service by host:port).
  const serviceByHost = new Map(services.map((service) => [new URL(service.url).host, service.name]));
  for (const caller of services) {
    const current = latest(caller.name)?.metrics?.outgoing ?? {};
    const before = previous(caller.name)?.metrics?.outgoing ?? {};
    const observedTargets = new Map<string, string>();
    for (const host of Object.keys(current)) observedTargets.set(serviceByHost.get(host) ?? host, host);
    const targets = [...new Set([...caller.dependsOn, ...observedTargets.keys()])].filter((target) => target !== caller.name).sort();
    for (const target of targets) {
      const host = observedTargets.get(target);
      const isService = services.some((service) => service.name === target);
      if (!isService && !nodes.has(target)) nodes.set(target, { id: target, kind: 'external', status: 'unknown', latencyMs: null });
      const now = host ? current[host] : undefined;
      const then = host ? before[host] : undefined;
      const recentCalls = now ? now.count - (then && now.count >= then.count ? then.count : 0) : 0;
      const recentErrors = now ? now.errors - (then && now.count >= then.count ? then.errors : 0) : 0;
      const mean = recentMeanSeconds(now, then);
      const targetStatus = isService ? statusOf(target) : 'unknown';
      const status: EdgeStatus = recentCalls > 0 ? (recentErrors >= recentCalls ? 'down' : recentErrors > 0 || targetStatus === 'degraded' ? 'degraded' : targetStatus === 'down' ? 'down' : 'up') : targetStatus;
      const monitorLatency = isService ? (latest(target)?.latencyMs ?? null) : null;
      edges.push({
        source: caller.name,
        target,
        kind: 'call',
        label: '',
        status,
        latencyMs: mean !== undefined ? round(mean * 1000) : monitorLatency,
        latencySource: mean !== undefined ? 'observed' : monitorLatency !== null ? 'monitor' : null,
        declared: caller.dependsOn.includes(target),
        observed: host !== undefined,
      });
    }
  }

  // Queues: producer → consumer, degraded while failed jobs wait or the backlog grows.
  for (const report of queueReports(histories, { current: false })) {
    if (!report.consumer) continue;
    const reporterHistory = histories.get(report.reporter) ?? [];
    const counts = [...reporterHistory].reverse().find((sample) => sample.metrics)?.metrics?.queues[report.queue] ?? {};
    const growing = isBacklogGrowing(waitingSeries(reporterHistory, report.queue), options.backlogSamples);
    const consumerStatus = statusOf(report.consumer);
    const status: EdgeStatus = consumerStatus === 'down' ? 'down' : growing || (counts['failed'] ?? 0) > 0 || consumerStatus === 'degraded' ? 'degraded' : consumerStatus;
    for (const producer of report.producers) {
      edges.push({ source: producer, target: report.consumer, kind: 'queue', label: report.queue, status, latencyMs: null, latencySource: null, declared: false, observed: true, counts });
    }
  }

  // Infrastructure: from the readiness checks of the latest sample that had any (a service that did not answer keeps its edges, status unknown).
  const infrastructureStatuses = new Map<string, EdgeStatus[]>();
  for (const service of services) {
    const history = histories.get(service.name) ?? [];
    const newest = last(history);
    const withChecks = [...history].reverse().find((sample) => Object.keys(sample.checks).length > 0);
    for (const check of Object.keys(withChecks?.checks ?? {}).sort()) {
      const target = infrastructureOf(check);
      const reported = newest?.checks[check];
      const status: EdgeStatus = reported === 'up' ? 'up' : reported === 'down' ? 'down' : 'unknown';
      const probe = newest?.metrics?.readiness[check];
      edges.push({ source: service.name, target, kind: 'infrastructure', label: check, status, latencyMs: probe ? round(probe.seconds * 1000) : null, latencySource: probe ? 'observed' : null, declared: false, observed: true });
      infrastructureStatuses.set(target, [...(infrastructureStatuses.get(target) ?? []), status]);
    }
  }
  for (const [id, statuses] of [...infrastructureStatuses.entries()].sort(([a], [b]) => a.localeCompare(b))) {
    if (!nodes.has(id)) nodes.set(id, { id, kind: 'infrastructure', status: aggregate(statuses), latencyMs: null });
  }
  return { generatedAt: options.generatedAt, nodes: [...nodes.values()], edges };
}

/** Infrastructure as its users see it: up when every known report is up, down when every one is down, degraded in between. */
function aggregate(statuses: readonly EdgeStatus[]): EdgeStatus {
  const known = statuses.filter((status) => status !== 'unknown');
  if (known.length === 0) return 'unknown';
  if (known.every((status) => status === 'up')) return 'up';
  if (known.every((status) => status === 'down')) return 'down';
  return 'degraded';
}

function last<T>(items: readonly T[] | undefined): T | undefined {
  return items?.[items.length - 1];
}

function round(value: number): number {
  return Math.round(value * 100) / 100;
}
