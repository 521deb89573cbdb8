import type { ServiceMetrics } from '../metrics/service-metrics';

/**
 * - `up`: ready (`/health/ready` answered 200) and its metrics were read;
 * - `degraded`: ready, but its metrics could not be read or parsed;
 * - `down`: unreachable, timed out, or not ready (any other answer: a service that is not ready
 *   receives no traffic, so for the platform it is down).
 */
export type HealthStatus = 'up' | 'degraded' | 'down';

/** `unknown`: nothing can be said (e.g. the edge of a service that did not answer). */
export type EdgeStatus = HealthStatus | 'unknown';

/** One poll of one service. */
export interface ServiceSample {
  readonly service: string;
  readonly at: Date;
  readonly status: HealthStatus;
  /** Round trip of `/health/ready`, when it answered. */
  readonly latencyMs: number | null;
  readonly httpStatus: number | null;
  /** Why the service is not `up` (no personal data: a reason and the transport's message). */
  readonly error: string | null;
  /** The readiness checks the service reported (`database`, `hsm`, `queue`, `redis`…): `up` or `down`. */
  readonly checks: Readonly<Record<string, string>>;
  readonly metrics: ServiceMetrics | null;
}
