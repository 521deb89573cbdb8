import { Controller, Get, Res } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Database, checkReadiness, PlatformMetrics, Public, QueueConnection } from '@citizen-zero/nest-platform';
import { QUEUES } from '@citizen-zero/service-contracts';
import { KeyCustody } from '../crypto/key-custody';

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(
    private readonly database: Database,
    private readonly keys: KeyCustody,
    private readonly queues: QueueConnection,
    private readonly metrics: PlatformMetrics,
  ) {}

  @Get('live')
  @Public()
  @ApiOkResponse({ schema: { type: 'object', properties: { status: { type: 'string', enum: ['ok'] } }, required: ['status'] } })
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  /** Ready when PostgreSQL, an HSM session and Redis (the queues, through the one the service feeds the biometric service with) answer; 503 with the checks otherwise. */
  @Get('ready')
  @Public()
  @ApiOkResponse({ schema: { type: 'object', properties: { status: { type: 'string', enum: ['ok'] }, checks: { type: 'object', additionalProperties: { type: 'string' } } }, required: ['status', 'checks'] } })
  async ready(@Res({ passthrough: true }) response: Response): Promise<{ status: 'ok' | 'down'; checks: Record<string, string> }> {
    const readiness = await checkReadiness(
      {
        database: () => this.database.ping(),
        hsm: () => this.keys.hsm.withSession('health', () => undefined),
        queue: () => this.queues.queue(QUEUES.deduplicationRequests).getJobCounts('waiting'),
      },
      { metrics: this.metrics },
    );
    if (!readiness.ready) response.status(503);
    return readiness.body;
  }
}
