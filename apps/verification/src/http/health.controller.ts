import { Controller, Get, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Database, checkReadiness, PlatformMetrics, Public, type ReadinessBody } from '@citizen-zero/nest-platform';
import { RedisClient } from '../relying-parties/redis-client';
import { TrustBundleSigner } from '../trust/trust-bundle-signer';

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(
    private readonly database: Database,
    private readonly redis: RedisClient,
    private readonly bundleSigner: TrustBundleSigner,
    private readonly metrics: PlatformMetrics,
  ) {}

  @Get('live')
  @Public()
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  /** Ready when PostgreSQL and Redis (relying parties' rate limits) answer, and the HSM session where the trust list is signed; 503 with the checks otherwise. */
  @Get('ready')
  @Public()
  async ready(@Res({ passthrough: true }) response: Response): Promise<ReadinessBody> {
    const readiness = await checkReadiness(
      {
        database: () => this.database.ping(),
        redis: () => this.redis.redis.ping(),
        ...(this.bundleSigner.configured && { hsm: () => this.bundleSigner.ping() }),
      },
      { metrics: this.metrics },
    );
    if (!readiness.ready) response.status(503);
    return readiness.body;
  }
}
