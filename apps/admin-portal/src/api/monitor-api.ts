/**
 * The monitor's answers as the portal reads them (apps/monitor: topology/topology.service.ts
 * `mapService`/`mapTopology`, alerts/alert.ts `mapAlert`). The monitor publishes no OpenAPI
 * document, so these mirror its mapping functions.
 */
export type MonitorStatus = 'up' | 'degraded' | 'down' | 'unknown';

export interface WatchedServiceState {
  readonly name: string;
  readonly url: string;
  readonly status: MonitorStatus;
  readonly checkedAt: string | null;
  readonly latencyMs: number | null;
  readonly httpStatus: number | null;
  readonly error: string | null;
  /** Readiness checks (`database`, `hsm`, `redis`…): `up` or `down`. */
  readonly checks: Readonly<Record<string, string>>;
  readonly deadLettersOpen: number | null;
}

export interface TopologyNode {
  readonly id: string;
  readonly kind: 'service' | 'infrastructure' | 'external';
  readonly status: MonitorStatus;
  readonly latencyMs: number | null;
}

export interface TopologyEdge {
  readonly source: string;
  readonly target: string;
  readonly kind: 'call' | 'queue' | 'infrastructure';
  /** The queue's name, or the readiness check's; empty for calls. */
  readonly label: string;
  readonly status: MonitorStatus;
  readonly latencyMs: number | null;
  readonly latencySource: 'observed' | 'monitor' | null;
  readonly declared: boolean;
  readonly observed: boolean;
  readonly counts?: Readonly<Record<string, number>>;
}

export interface Topology {
  readonly generatedAt: string;
  readonly nodes: readonly TopologyNode[];
  readonly edges: readonly TopologyEdge[];
}

export type AlertSeverity = 'info' | 'warning' | 'critical';

export interface MonitorAlert {
  readonly id: string;
  readonly rule: string;
  readonly subject: string;
  readonly severity: AlertSeverity;
  readonly state: 'open' | 'resolved';
  readonly summary: string;
  readonly details: Readonly<Record<string, string | number | boolean>>;
  readonly openedAt: string;
  readonly resolvedAt: string | null;
  readonly acknowledgedAt: string | null;
  readonly acknowledgedBy: string | null;
}

export const SEVERITY_ORDER: Readonly<Record<AlertSeverity, number>> = { critical: 0, warning: 1, info: 2 };
