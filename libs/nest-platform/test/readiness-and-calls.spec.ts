import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { checkReadiness, correlationHeaders, observedFetch, PlatformMetrics, requestContext } from '@citizen-zero/nest-platform';

describe('readiness probes and calls to other services', () => {
  it('runs the probes in parallel, bounds each by a timeout, and records their outcome and duration as gauges', async () => {
    const metrics = new PlatformMetrics('identity');
    const started = Date.now();
    const readiness = await checkReadiness({ database: async () => undefined, hsm: () => new Promise(() => undefined), queue: async () => Promise.reject(new Error('ECONNREFUSED')) }, { metrics, timeoutMs: 200 });
    expect(Date.now() - started).toBeLessThan(1000);
    expect(readiness).toEqual({ ready: false, body: { status: 'down', checks: { database: 'up', hsm: 'down', queue: 'down' } } });
    const text = await metrics.text();
    expect(text).toMatch(/readiness_check_up\{check="database",service="identity"\} 1/);
    expect(text).toMatch(/readiness_check_up\{check="hsm",service="identity"\} 0/);
    // The hung probe's recorded duration is the timeout's (timers may fire a fraction of a millisecond early).
    const hsmDuration = Number(/readiness_check_duration_seconds\{check="hsm",service="identity"\} ([\d.e-]+)/.exec(text)?.[1]);
    expect(hsmDuration).toBeGreaterThan(0.15);
    expect(hsmDuration).toBeLessThan(1);
    expect(await checkReadiness({ database: async () => undefined })).toEqual({ ready: true, body: { status: 'ok', checks: { database: 'up' } } });
  });

  it('sends the current correlation id on calls to other services and observes their latency per callee', async () => {
    const seen: string[] = [];
    const server = createServer((request, response) => {
      seen.push(String(request.headers['x-correlation-id']));
      response.writeHead(request.url === '/fail' ? 503 : 200).end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const host = `127.0.0.1:${(server.address() as AddressInfo).port}`;
    const metrics = new PlatformMetrics('verification');
    try {
      await requestContext.run({ correlationId: 'verification-request-9' }, () => observedFetch(metrics, `http://${host}/status-lists/1`));
      await observedFetch(metrics, `http://${host}/fail`, { correlationId: 'explicit-1' });
      await observedFetch(metrics, `http://${host}/status-lists/1`, { headers: { 'x-correlation-id': 'given-by-caller' } });
      await expect(observedFetch(metrics, 'http://127.0.0.1:1/')).rejects.toThrow();
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
    expect(seen).toEqual(['verification-request-9', 'explicit-1', 'given-by-caller']);
    const text = await metrics.text();
    expect(text).toMatch(new RegExp(`http_client_request_duration_seconds_count\\{service="verification",target="${host.replace(/\./g, '\\.')}",status="200"\\} 2`));
    expect(text).toMatch(new RegExp(`http_client_request_duration_seconds_count\\{service="verification",target="${host.replace(/\./g, '\\.')}",status="503"\\} 1`));
    expect(text).toMatch(/http_client_request_duration_seconds_count\{service="verification",target="127\.0\.0\.1:1",status="error"\} 1/);
    expect(correlationHeaders()['x-correlation-id']).toMatch(/^[0-9a-f-]{36}$/);
  });
});
