import type { PlatformMetrics } from './platform-metrics';

/** What `/health/ready` answers: 200 with `status: ok` when every check is up, else 503 with `status: down`. */
export interface ReadinessBody {
  readonly status: 'ok' | 'down';
  /** One entry per dependency (`database`, `hsm`, `queue`, `redis`, …): `up` or `down`. */
  readonly checks: Record<string, 'up' | 'down'>;
}

export interface Readiness {
  readonly ready: boolean;
  readonly body: ReadinessBody;
}

/**
 * Runs a service's readiness probes in parallel, each bounded by a timeout (a hung HSM session
 * or an unreachable Redis must not hang the probe), and records each probe's outcome and
 * duration as gauges `readiness_check_up{check}` and `readiness_check_duration_seconds{check}`,
 * which the monitor reads as the latency of the service's edge to that dependency.
 */
export async function checkReadiness(probes: Readonly<Record<string, () => Promise<unknown>>>, options: { metrics?: PlatformMetrics; timeoutMs?: number } = {}): Promise<Readiness> {
  const timeoutMs = options.timeoutMs ?? 3000;
  const results = await Promise.all(
    Object.entries(probes).map(async ([check, probe]) => {
      const started = process.hrtime.bigint();
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<never>((_resolve, reject) => {
        timer = setTimeout(() => reject(new Error(`${check} probe timed out`)), timeoutMs);
      });
      const up = await Promise.race([probe(), timeout]).then(() => true, () => false);
      clearTimeout(timer);
      return { check, up, seconds: Number(process.hrtime.bigint() - started) / 1e9 };
    }),
  );
  if (options.metrics) {
    const upGauge = options.metrics.gauge('readiness_check_up', 'Whether the last readiness probe of a dependency succeeded (1) or not (0)', ['check'], () => undefined);
    const durationGauge = options.metrics.gauge('readiness_check_duration_seconds', 'Duration of the last readiness probe of a dependency', ['check'], () => undefined);
    for (const { check, up, seconds } of results) {
      upGauge.set({ check }, up ? 1 : 0);
      durationGauge.set({ check }, seconds);
    }
  }
  const checks = Object.fromEntries(results.map(({ check, up }) => [check, up ? 'up' : 'down'])) as Record<string, 'up' | 'down'>;
  const ready = results.every((result) => result.up);
  return { ready, body: { status: ready ? 'ok' : 'down', checks } };
}
