import { Inject, Injectable } from '@nestjs/common';
import { observedFetch, PlatformMetrics } from '@citizen-zero/nest-platform';
import { MONITOR_CONFIG, type MonitorConfig, type WatchedService } from '../config/monitor-config';
import { parsePrometheusText } from '../metrics/prometheus-text';
import { type ServiceMetrics, summariseMetrics } from '../metrics/service-metrics';
import type { ServiceSample } from './service-sample';

const MAX_BODY_BYTES = 8 * 1024 * 1024;

/**
 * Polls one service: `/health/ready` (status, latency, the checks it reports), then `/metrics`
 * (parsed and summarised). Every request carries the poll's correlation id, so the service's log
 * lines for the poll can be found, and is bounded by the configured timeout.
 */
@Injectable()
export class ServicePoller {
  constructor(
    @Inject(MONITOR_CONFIG) private readonly config: MonitorConfig,
    private readonly metrics: PlatformMetrics,
  ) {}

  async poll(service: WatchedService, correlationId: string, now: () => Date = () => new Date()): Promise<ServiceSample> {
    const started = performance.now();
    let response: Response;
    try {
      response = await observedFetch(this.metrics, `${service.url}/health/ready`, { correlationId, headers: { accept: 'application/json' }, redirect: 'error', signal: AbortSignal.timeout(this.config.polling.timeoutMs) });
    } catch (error) {
      return { service: service.name, at: now(), status: 'down', latencyMs: null, httpStatus: null, error: `unreachable: ${reasonOf(error)}`, checks: {}, metrics: null };
    }
    const body = await readText(response).catch(() => '');
    const latencyMs = Math.round((performance.now() - started) * 100) / 100;
    const checks = checksOf(body);
    const scraped = await this.scrape(service, correlationId);
    const ready = response.status === 200;
    const error = !ready ? `not ready (HTTP ${response.status}${Object.entries(checks).filter(([, status]) => status !== 'up').map(([check]) => `, ${check} down`).join('')})` : 'error' in scraped ? `metrics: ${scraped.error}` : null;
    return {
      service: service.name,
      at: now(),
      status: !ready ? 'down' : 'error' in scraped ? 'degraded' : 'up',
      latencyMs,
      httpStatus: response.status,
      error,
      checks,
      metrics: 'metrics' in scraped ? scraped.metrics : null,
    };
  }

  private async scrape(service: WatchedService, correlationId: string): Promise<{ metrics: ServiceMetrics } | { error: string }> {
    try {
      const response = await observedFetch(this.metrics, `${service.url}/metrics`, { correlationId, headers: { accept: 'text/plain;version=0.0.4' }, redirect: 'error', signal: AbortSignal.timeout(this.config.polling.timeoutMs) });
      const text = await readText(response);
      if (!response.ok) return { error: `HTTP ${response.status}` };
      return { metrics: summariseMetrics(parsePrometheusText(text)) };
    } catch (error) {
      return { error: reasonOf(error) };
    }
  }
}

/** The body as text, refusing one larger than the cap (a misbehaving endpoint must not exhaust the monitor). */
async function readText(response: Response): Promise<string> {
  const length = Number(response.headers.get('content-length') ?? 0);
  if (length > MAX_BODY_BYTES) {
    await response.body?.cancel();
    throw new Error(`body of ${length} bytes is over the limit`);
  }
  const text = await response.text();
  if (text.length > MAX_BODY_BYTES) throw new Error('body is over the limit');
  return text;
}

function checksOf(body: string): Record<string, string> {
  try {
    const parsed = JSON.parse(body) as { checks?: unknown };
    if (typeof parsed.checks !== 'object' || parsed.checks === null) return {};
    return Object.fromEntries(Object.entries(parsed.checks as Record<string, unknown>).filter((entry): entry is [string, string] => typeof entry[1] === 'string' && /^[a-z][a-z0-9_-]{0,62}$/i.test(entry[0])));
  } catch {
    return {};
  }
}

function reasonOf(error: unknown): string {
  const cause = (error as { cause?: { code?: string } }).cause;
  if (error instanceof DOMException && error.name === 'TimeoutError') return 'timed out';
  if (cause?.code) return cause.code;
  return error instanceof Error ? error.message.slice(0, 200) : 'failed';
}
