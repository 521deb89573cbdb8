import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { Job } from 'bullmq';
import { type DeduplicationResult, QUEUES } from '@citizen-zero/service-contracts';
import { IDENTITY_CONFIG, type IdentityConfig } from '../config/identity-config';
import { IdentityError } from '../identity-error';
import { IssuanceService } from '../issuance/issuance.service';
import { LifecycleService } from '../lifecycle/lifecycle.service';
import { QueueConnection } from '@citizen-zero/nest-platform';
import { WebhooksService } from '../webhooks/webhooks.service';
import { ApplicationEvents } from './application-events';
import { ApplicationReader } from './application-reader';
import { ApplicationsService } from './applications.service';

/**
 * Consumes the biometric service's answers, and after a restart (and then periodically)
 * re-drives whatever the database says is pending: deduplication requests not answered,
 * overdue deduplications, approved applications not yet issued. This is what makes the
 * workflow survive a process dying between a commit and the queue message that follows it.
 */
@Injectable()
export class WorkflowRecovery implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(WorkflowRecovery.name);
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly queues: QueueConnection,
    private readonly applications: ApplicationsService,
    private readonly reader: ApplicationReader,
    private readonly events: ApplicationEvents,
    private readonly issuance: IssuanceService,
    private readonly lifecycle: LifecycleService,
    private readonly webhooks: WebhooksService,
    @Inject(IDENTITY_CONFIG) private readonly config: IdentityConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (!this.config.workers) return;
    this.issuance.onApplicationIssued((applicationId) => this.markIssued(applicationId));
    this.queues.worker<DeduplicationResult, void>(QUEUES.deduplicationResults, (job: Job<DeduplicationResult>) => this.applications.recordDeduplication(job.data), { concurrency: 4 });
    await this.issuance.startWorkers();
    this.webhooks.startWorker();
    await this.sweep();
    this.timer = setInterval(() => void this.sweep(), this.config.recoveryIntervalSeconds * 1000);
    this.timer.unref();
  }

  async sweep(): Promise<void> {
    try {
      await this.applications.resendPendingDeduplications();
      await this.applications.expireOverdueDeduplications();
      await this.issuance.rescheduleUnfinished();
      await this.resumeApproved();
      await this.lifecycle.expireDue();
      await this.webhooks.publishOutbox();
      await this.webhooks.resumePending();
    } catch (error) {
      this.logger.error(`recovery sweep failed: ${(error as Error).message}`);
    }
  }

  /**
   * Approved applications whose issuance never started (the process died between the approval's
   * commit and scheduling) or whose documents are all done but the application was not marked.
   */
  private async resumeApproved(): Promise<void> {
    const stale = (await this.applications.list(['approved'], 500)).filter((application) => Date.now() - application.updatedAt.getTime() > 5_000);
    for (const stored of stale) {
      const documents = await this.events.approved(await this.reader.read(stored.id));
      if (documents.every((document) => document.state !== 'pending')) await this.markIssued(stored.id);
    }
  }

  private async markIssued(applicationId: string): Promise<void> {
    await this.applications.markIssued('system:issuance', applicationId, 'every document issued or offered').catch((error: unknown) => {
      // Already marked by an earlier delivery of the same completion.
      if (!(error instanceof IdentityError && error.code === 'APPLICATION_TRANSITION_INVALID')) throw error;
    });
  }

  onApplicationShutdown(): void {
    if (this.timer) clearInterval(this.timer);
  }
}
