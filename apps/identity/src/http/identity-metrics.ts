import { Injectable, type OnModuleInit } from '@nestjs/common';
import { PlatformMetrics, QueueConnection } from '@citizen-zero/nest-platform';
import { DeadLetterRepository } from '../issuance/issued-document.repository';

/**
 * The identity service's own metrics, read when Prometheus scrapes: queue depths (waiting,
 * active, delayed, failed) per queue this process uses, and open dead letters. Counters and
 * latencies are recorded where things happen (issuance, HSM signing).
 */
@Injectable()
export class IdentityMetrics implements OnModuleInit {
  constructor(
    private readonly metrics: PlatformMetrics,
    private readonly queues: QueueConnection,
    private readonly deadLetters: DeadLetterRepository,
  ) {}

  onModuleInit(): void {
    this.metrics.gauge('queue_jobs', 'Jobs per queue and state', ['queue', 'state'], async (gauge) => {
      gauge.reset();
      for (const { queue, counts } of await this.queues.counts()) for (const [state, count] of Object.entries(counts)) gauge.set({ queue, state }, count);
    });
    this.metrics.gauge('dead_letters_open', 'Jobs that failed every attempt and have not been replayed', [], async (gauge) => {
      gauge.set(await this.deadLetters.countOpen());
    });
  }
}
