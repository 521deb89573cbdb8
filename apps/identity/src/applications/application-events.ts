import { Injectable } from '@nestjs/common';
import { type DeduplicationRequest, QUEUES } from '@citizen-zero/service-contracts';
import { IssuanceService } from '../issuance/issuance.service';
import { QueueConnection } from '@citizen-zero/nest-platform';
import type { Application } from './application';

/** What the workflow tells the outside world once a transition has committed. */
@Injectable()
export class ApplicationEvents {
  constructor(
    private readonly queues: QueueConnection,
    private readonly issuance: IssuanceService,
  ) {}

  /** Asks the biometric service to deduplicate; the job id makes a re-sent request a no-op while the first is pending. */
  async deduplicationRequested(request: DeduplicationRequest): Promise<void> {
    await this.queues.queue(QUEUES.deduplicationRequests).add('deduplicate', request, {
      jobId: `dedup-${request.applicationId}`,
      attempts: 3,
      backoff: { type: 'exponential', delay: 1000 },
      removeOnComplete: true,
      removeOnFail: 1000,
    });
  }

  async approved(application: Application): Promise<void> {
    await this.issuance.schedule(application);
  }
}
