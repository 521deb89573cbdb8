import { Injectable } from '@nestjs/common';
import type { Counter, Histogram } from 'prom-client';
import { PlatformMetrics, QueueConnection } from '@citizen-zero/nest-platform';

/** The biometric service's metrics: captures, match latency per operation and modality, deduplication outcomes, queue depths. */
@Injectable()
export class BiometricMetrics {
  readonly captures: Counter<'modality'>;
  readonly matchSeconds: Histogram<'operation' | 'modality'>;
  readonly deduplications: Counter<'outcome'>;

  constructor(metrics: PlatformMetrics, queues: QueueConnection) {
    this.captures = metrics.counter('biometric_captures_total', 'Templates captured', ['modality']);
    this.matchSeconds = metrics.histogram('biometric_match_duration_seconds', 'Latency of 1:1 verification and 1:N identification', ['operation', 'modality'], [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5]);
    this.deduplications = metrics.counter('biometric_deduplications_total', 'Deduplication requests answered, by outcome', ['outcome']);
    metrics.gauge('queue_jobs', 'Jobs per queue and state', ['queue', 'state'], async (gauge) => {
      gauge.reset();
      for (const { queue, counts } of await queues.counts()) for (const [state, count] of Object.entries(counts)) gauge.set({ queue, state }, count);
    });
  }
}
