import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { Job } from 'bullmq';
import { QueueConnection } from '@citizen-zero/nest-platform';
import { type AbisRequest, type DeduplicationRequest, QUEUES } from '@citizen-zero/service-contracts';
import { BIOMETRIC_CONFIG, type BiometricConfig } from '../config/biometric-config';
import { BiometricMatchingService } from '../matching/biometric-matching.service';
import { AbisService } from './abis.service';

/**
 * The queue side of the service: deduplication requests from the identity service (answered on
 * its results queue) and ABIS requests. A job is acknowledged only after its answer is on the
 * answer queue; a process that dies mid-job leaves the job to be taken over when its lock expires,
 * and the answer's job id makes a second answer to the same request a no-op.
 */
@Injectable()
export class BiometricQueues implements OnApplicationBootstrap, OnApplicationShutdown {
  private retentionSweep: NodeJS.Timeout | undefined;

  constructor(
    @Inject(BIOMETRIC_CONFIG) private readonly config: BiometricConfig,
    private readonly queues: QueueConnection,
    private readonly matching: BiometricMatchingService,
    private readonly abis: AbisService,
  ) {}

  onApplicationBootstrap(): void {
    if (!this.config.workers) return;
    this.queues.worker<DeduplicationRequest, void>(QUEUES.deduplicationRequests, (job) => this.deduplicate(job), { concurrency: 2 });
    this.queues.worker<AbisRequest, void>(QUEUES.abisRequests, (job) => this.answerAbis(job), { concurrency: 2 });
    // Retention of captures never enrolled: at start and every six hours.
    const sweep = () => void this.matching.eraseAbandonedCaptures().catch((error: unknown) => new Logger('biometric').warn({ msg: 'retention sweep failed', error: (error as Error).message }));
    sweep();
    this.retentionSweep = setInterval(sweep, 6 * 3600_000);
    this.retentionSweep.unref();
  }

  onApplicationShutdown(): void {
    if (this.retentionSweep) clearInterval(this.retentionSweep);
  }

  private async deduplicate(job: Job<DeduplicationRequest>): Promise<void> {
    const result = await this.matching.deduplicate(job.data);
    await this.queues.queue(QUEUES.deduplicationResults).add('deduplication-result', result, { jobId: `deduplication-result.${job.data.applicationId}.${job.id}`, removeOnComplete: 10_000, removeOnFail: 10_000 });
  }

  private async answerAbis(job: Job<AbisRequest>): Promise<void> {
    await this.abis.respond(await this.abis.handle(job.data), String(job.id));
  }
}
