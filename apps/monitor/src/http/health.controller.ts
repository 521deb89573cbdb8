import { Controller, Get, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Database, checkReadiness, PlatformMetrics, Public, type ReadinessBody } from '@citizen-zero/nest-platform';

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(
    private readonly database: Database,
    private readonly metrics: PlatformMetrics,
  ) {}

  @Get('live')
  @Public()
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  /** Ready when its PostgreSQL answers (the monitor uses no Redis and no HSM); 503 with the checks otherwise. */
  @Get('ready')
  @Public()
  async ready(@Res({ passthrough: true }) response: Response): Promise<ReadinessBody> {
    const readiness = await checkReadiness({ database: () => this.database.ping() }, { metrics: this.metrics });
    if (!readiness.ready) response.status(503);
    return readiness.body;
  }
}
