import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A loopback HTTP server that stands in for a watched service's endpoints: it answers
 * `/health/ready` and `/metrics` with what the test sets, records every request (path and
 * headers), and can be stopped and started again on the same port to play a service going down
 * and coming back. The monitor polls it exactly as it polls a real service.
 */
export class TargetService {
  ready: { status: number; body: unknown } = { status: 200, body: { status: 'ok', checks: { database: 'up' } } };
  metrics: { status: number; text: string } = { status: 200, text: '' };
  /** Other paths it serves (e.g. a PEM bundle). */
  readonly files = new Map<string, { status: number; body: string; contentType: string }>();
  /** Delay before answering, to play a slow or hung service. */
  delayMs = 0;
  readonly requests: Array<{ path: string; headers: IncomingHttpHeaders }> = [];
  private server: Server | undefined;

  private constructor(readonly port: number) {}

  static async start(): Promise<TargetService> {
    const probe = createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    const port = (probe.address() as AddressInfo).port;
    await new Promise<void>((resolve) => probe.close(() => resolve()));
    const target = new TargetService(port);
    await target.up();
    return target;
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  get host(): string {
    return `127.0.0.1:${this.port}`;
  }

  /** Sets `/health/ready` to 200 with these checks, or 503 when one is down. */
  checks(checks: Record<string, 'up' | 'down'>): void {
    const ready = Object.values(checks).every((status) => status === 'up');
    this.ready = { status: ready ? 200 : 503, body: { status: ready ? 'ok' : 'down', checks } };
  }

  async up(): Promise<void> {
    if (this.server) return;
    const server = createServer((request, response) => {
      this.requests.push({ path: request.url ?? '', headers: request.headers });
      const answer = () => {
        if (request.url === '/health/ready') response.writeHead(this.ready.status, { 'content-type': 'application/json' }).end(JSON.stringify(this.ready.body));
        else if (request.url === '/metrics') response.writeHead(this.metrics.status, { 'content-type': 'text/plain; version=0.0.4' }).end(this.metrics.text);
        else if (this.files.has(request.url ?? '')) {
          const file = this.files.get(request.url ?? '')!;
          response.writeHead(file.status, { 'content-type': file.contentType }).end(file.body);
        } else response.writeHead(404).end();
      };
      if (this.delayMs > 0) setTimeout(answer, this.delayMs);
      else answer();
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.port, '127.0.0.1', resolve);
    });
    this.server = server;
  }

  /** Stops answering: connections are refused. */
  async down(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}

/** Prometheus text for a stand-in service: queues, dead letters, readiness probes, HTTP and outgoing-call histograms. */
export function metricsText(input: { queues?: Record<string, Partial<Record<'waiting' | 'active' | 'delayed' | 'failed' | 'completed', number>>>; deadLetters?: number; readiness?: Record<string, number>; outgoing?: Record<string, { count: number; sum: number; errors?: number }>; service?: string }): string {
  const service = input.service ?? 'stand-in';
  const lines: string[] = [];
  if (input.queues) {
    lines.push('# HELP queue_jobs Jobs per queue and state', '# TYPE queue_jobs gauge');
    for (const [queue, counts] of Object.entries(input.queues)) for (const [state, count] of Object.entries(counts)) lines.push(`queue_jobs{queue="${queue}",state="${state}",service="${service}"} ${count}`);
  }
  if (input.deadLetters !== undefined) lines.push('# HELP dead_letters_open Jobs that failed every attempt', '# TYPE dead_letters_open gauge', `dead_letters_open{service="${service}"} ${input.deadLetters}`);
  if (input.readiness) {
    lines.push('# TYPE readiness_check_up gauge');
    for (const check of Object.keys(input.readiness)) lines.push(`readiness_check_up{check="${check}",service="${service}"} 1`);
    lines.push('# TYPE readiness_check_duration_seconds gauge');
    for (const [check, seconds] of Object.entries(input.readiness)) lines.push(`readiness_check_duration_seconds{check="${check}",service="${service}"} ${seconds}`);
  }
  if (input.outgoing) {
    lines.push('# HELP http_client_request_duration_seconds Latency of calls to other services', '# TYPE http_client_request_duration_seconds histogram');
    for (const [target, { count, sum, errors = 0 }] of Object.entries(input.outgoing)) {
      for (const [status, n, s] of [['200', count - errors, sum], ['503', errors, 0]] as const) {
        if (n === 0 && status === '503') continue;
        lines.push(`http_client_request_duration_seconds_bucket{le="0.1",target="${target}",status="${status}",service="${service}"} ${n}`);
        lines.push(`http_client_request_duration_seconds_bucket{le="+Inf",target="${target}",status="${status}",service="${service}"} ${n}`);
        lines.push(`http_client_request_duration_seconds_sum{target="${target}",status="${status}",service="${service}"} ${s}`);
        lines.push(`http_client_request_duration_seconds_count{target="${target}",status="${status}",service="${service}"} ${n}`);
      }
    }
  }
  return `${lines.join('\n')}\n`;
}
