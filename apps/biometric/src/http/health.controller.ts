import { Controller, Get, Inject, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Database, checkReadiness, PlatformMetrics, Public, QueueConnection, type ReadinessBody } from '@citizen-zero/nest-platform';
import { QUEUES } from '@citizen-zero/service-contracts';
import { KeyCustody } from '../crypto/key-custody';
import { FACE_ENGINE, type FaceEngine } from '../face/face-engine';

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(
    private readonly database: Database,
    private readonly keys: KeyCustody,
    private readonly queues: QueueConnection,
    private readonly metrics: PlatformMetrics,
    @Inject(FACE_ENGINE) private readonly faces: FaceEngine,
  ) {}

  @Get('live')
  @Public()
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  /** Ready when PostgreSQL, the HSM session and Redis answer (503 with the checks otherwise); the face models are loaded at boot (no model, no service). */
  @Get('ready')
  @Public()
  async ready(@Res({ passthrough: true }) response: Response): Promise<ReadinessBody & { models: Record<string, string> }> {
    const readiness = await checkReadiness(
      {
        database: () => this.database.ping(),
        hsm: () => this.keys.ping(),
        queue: () => this.queues.queue(QUEUES.deduplicationRequests).getJobCounts('waiting'),
      },
      { metrics: this.metrics },
    );
    if (!readiness.ready) response.status(503);
    return { ...readiness.body, models: { detector: this.faces.detectorModel, embedder: this.faces.model } };
  }
}
