import { Controller, Get, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { Public } from '../access';
import { PlatformMetrics } from './platform-metrics';

/** Prometheus scrape endpoint. Public on the service port: metrics carry no personal data or ids. */
@ApiExcludeController()
@Controller('metrics')
export class MetricsController {
  constructor(private readonly metrics: PlatformMetrics) {}

  @Get()
  @Public()
  async scrape(@Res() response: Response): Promise<void> {
    response.setHeader('content-type', this.metrics.contentType);
    response.send(await this.metrics.text());
  }
}
