import { Controller, Get, HttpCode, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiProduces, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsIn, IsInt, IsOptional, IsUUID, Max, Min } from 'class-validator';
import type { Request, Response } from 'express';
import { type Actor, CurrentActor, RequirePermission } from '@citizen-zero/nest-platform';
import { Permission } from '../auth/permissions';
import { mapAlert } from './alert';
import { ALERT_RULES, type AlertRule } from './alert-rules';
import { AlertStream } from './alert-stream';
import { AlertsService } from './alerts.service';

export class AlertsQueryDto {
  @ApiPropertyOptional({ enum: ['open', 'resolved', 'all'], default: 'all' }) @IsOptional() @IsIn(['open', 'resolved', 'all']) state?: 'open' | 'resolved' | 'all';
  @ApiPropertyOptional({ enum: ALERT_RULES }) @IsOptional() @IsIn(ALERT_RULES) rule?: AlertRule;
  @ApiPropertyOptional({ default: 100, minimum: 1, maximum: 1000 }) @IsOptional() @IsInt() @Min(1) @Max(1000) limit?: number;
}

export class AlertIdDto {
  @IsUUID() id!: string;
}

@ApiTags('alerts')
@ApiBearerAuth()
@Controller('alerts')
export class AlertsController {
  constructor(
    private readonly alerts: AlertsService,
    private readonly stream: AlertStream,
  ) {}

  /** Alerts, newest first: `?state=open` for what needs attention. */
  @Get()
  @RequirePermission(Permission.Read)
  async list(@Query() query: AlertsQueryDto) {
    return (await this.alerts.list({ ...(query.state && query.state !== 'all' && { state: query.state }), ...(query.rule && { rule: query.rule }), limit: query.limit ?? 100 })).map(mapAlert);
  }

  /**
   * Server-Sent Events (text/event-stream): `snapshot` with the open alerts on connect, then
   * `raised`, `resolved` and `acknowledged` as they are committed (`resync` brings a new snapshot
   * after the monitor lost track). Send the bearer token in the Authorization header (fetch
   * streaming; the browser EventSource cannot).
   */
  @Get('stream')
  @RequirePermission(Permission.Read)
  @ApiProduces('text/event-stream')
  @ApiOkResponse({ description: 'an event stream' })
  async streamAlerts(@Req() request: Request, @Res() response: Response): Promise<void> {
    await this.stream.serve(request, response);
  }

  @Get(':id')
  @RequirePermission(Permission.Read)
  async get(@Param() params: AlertIdDto) {
    return mapAlert(await this.alerts.get(params.id));
  }

  /** Someone is on it: records who and when (once), streamed and sent to the webhook like any change. */
  @Post(':id/acknowledgement')
  @HttpCode(200)
  @RequirePermission(Permission.Acknowledge)
  async acknowledge(@CurrentActor() actor: Actor, @Param() params: AlertIdDto) {
    return mapAlert(await this.alerts.acknowledge(actor, params.id));
  }
}
