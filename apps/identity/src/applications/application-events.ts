import { Injectable } from '@nestjs/common';
import { type DeduplicationRequest, QUEUES } from '@citizen-zero/service-contracts';
import { DOCUMENTS_BY_APPLICATION, IssuanceService } from '../issuance/issuance.service';
import type { IssuedDocument } from '../issuance/issued-document';
import { LifecycleService } from '../lifecycle/lifecycle.service';
import { QueueConnection } from '@citizen-zero/nest-platform';
import type { Application } from './application';

/** What the workflow tells the outside world once a transition has committed. */
@Injectable()
export class ApplicationEvents {
  constructor(
    private readonly queues: QueueConnection,
    private readonly issuance: IssuanceService,
    private readonly lifecycle: LifecycleService,
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

  /** Revokes what a replacement or renewal supersedes, and schedules issuance; returns the application's documents. */
  async approved(application: Application): Promise<IssuedDocument[]> {
    if ((application.type === 'national-id-replacement' || application.type === 'national-id-renewal') && application.personId) {
      const reason = application.type === 'national-id-renewal' ? 'superseded' : application.replacementReason === 'damaged' ? 'damaged' : (application.replacementReason ?? 'superseded');
      await this.lifecycle.supersede(application.personId, DOCUMENTS_BY_APPLICATION[application.type], application.id, reason);
    }
    return this.issuance.schedule(application);
  }
}
