import { Controller, Get, HttpException, Inject } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Public, QueueConnection } from '@citizen-zero/nest-platform';
import { QUEUES } from '@citizen-zero/service-contracts';
import { KeyCustody } from '../crypto/key-custody';
import { Database } from '../database/database.providers';
import { FACE_ENGINE, type FaceEngine } from '../face/face-engine';

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(
    private readonly database: Database,
    private readonly keys: KeyCustody,
    private readonly queues: QueueConnection,
    @Inject(FACE_ENGINE) private readonly faces: FaceEngine,
  ) {}

  @Get('live')
  @Public()
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  /** Ready when PostgreSQL, the HSM session and Redis answer; the face models are loaded at boot (no model, no service). */
  @Get('ready')
  @Public()
  async ready(): Promise<{ status: 'ok'; checks: Record<string, string>; models: Record<string, string> }> {
    const [database, hsm, queue] = await Promise.all([
      this.database.ping().then(() => 'up', () => 'down'),
      this.keys.ping().then(() => 'up', () => 'down'),
      this.queues.queue(QUEUES.deduplicationRequests).getJobCounts('waiting').then(() => 'up', () => 'down'),
    ]);
    const checks = { database, hsm, queue };
    const models = { detector: this.faces.detectorModel, embedder: this.faces.model };
    if (Object.values(checks).some((status) => status !== 'up')) throw new HttpException({ status: 'down', checks, models }, 503);
    return { status: 'ok', checks, models };
  }
}
