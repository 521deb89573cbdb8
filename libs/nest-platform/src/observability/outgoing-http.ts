import { randomUUID } from 'node:crypto';
import type { PlatformMetrics } from './platform-metrics';
import { currentCorrelationId } from './request-context';

export const CORRELATION_HEADER = 'x-correlation-id';

/** The header that carries the current request's or job's correlation id to the next service (a new id outside any). */
export function correlationHeaders(correlationId = currentCorrelationId()): Record<string, string> {
  return { [CORRELATION_HEADER]: correlationId ?? randomUUID() };
}

/**
 * `fetch` for calls to other services: sends the correlation id, and observes the call's latency
 * as `http_client_request_duration_seconds{target,status}` (target: the callee's host:port;
 * status: the HTTP status, or `error` when no answer came). The monitor turns these into
 * observed edges of the topology, with their latency.
 */
export async function observedFetch(metrics: PlatformMetrics, url: string | URL, init: RequestInit & { correlationId?: string } = {}): Promise<Response> {
  const { correlationId, ...request } = init;
  const target = new URL(url).host;
  const headers = new Headers(request.headers);
  if (!headers.has(CORRELATION_HEADER)) headers.set(CORRELATION_HEADER, correlationHeaders(correlationId)[CORRELATION_HEADER]!);
  const histogram = metrics.histogram('http_client_request_duration_seconds', 'Latency of calls to other services, by callee host and status', ['target', 'status'], [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10]);
  const started = process.hrtime.bigint();
  const elapsed = () => Number(process.hrtime.bigint() - started) / 1e9;
  try {
    const response = await fetch(url, { ...request, headers });
    histogram.observe({ target, status: String(response.status) }, elapsed());
    return response;
  } catch (error) {
    histogram.observe({ target, status: 'error' }, elapsed());
    throw error;
  }
}
