import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { JsonLogger, PlatformMetrics, requestContext } from '@citizen-zero/nest-platform';

function capture(): { stream: Writable; lines: () => Array<Record<string, unknown>> } {
  const chunks: string[] = [];
  const stream = new Writable({ write(chunk: Buffer, _encoding, done) { chunks.push(chunk.toString()); done(); } });
  return { stream, lines: () => chunks.join('').trim().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>) };
}

describe('structured logs and metrics', () => {
  it('writes JSON lines with level, service, context and the correlation id of the request being handled', () => {
    const { stream, lines } = capture();
    const logger = new JsonLogger('identity', { destination: stream });
    logger.log('outside a request', 'Boot');
    requestContext.run({ correlationId: 'enrolment-42' }, () => logger.warn('inside a request', 'ApplicationsService'));
    logger.error('failed', 'Error: boom\n    at x', 'Worker');
    const [boot, inside, failed] = lines();
    expect(boot).toMatchObject({ level: 'info', service: 'identity', context: 'Boot', msg: 'outside a request' });
    expect(boot).not.toHaveProperty('correlationId');
    expect(inside).toMatchObject({ level: 'warn', correlationId: 'enrolment-42', context: 'ApplicationsService' });
    expect(failed).toMatchObject({ level: 'error', context: 'Worker', stack: 'Error: boom\n    at x' });
    expect(typeof boot!['time']).toBe('string');
  });

  it('exposes Prometheus text with the service label, default metrics and registered ones, once per name', async () => {
    const metrics = new PlatformMetrics('verification');
    metrics.counter('verifications_total', 'help', ['outcome']).inc({ outcome: 'valid' });
    metrics.counter('verifications_total', 'help', ['outcome']).inc({ outcome: 'valid' });
    metrics.gauge('queue_jobs', 'help', ['queue'], (gauge) => void gauge.set({ queue: 'q' }, 3));
    const text = await metrics.text();
    expect(text).toMatch(/verifications_total\{outcome="valid",service="verification"\} 2/);
    expect(text).toMatch(/queue_jobs\{queue="q",service="verification"\} 3/);
    expect(text).toContain('process_cpu_user_seconds_total');
    expect(metrics.contentType).toContain('text/plain');
  });
});
