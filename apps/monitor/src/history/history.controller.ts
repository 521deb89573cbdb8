import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsInt, IsISO8601, IsOptional, Matches, Max, Min } from 'class-validator';
import { RequirePermission } from '@citizen-zero/nest-platform';
import { Permission } from '../auth/permissions';
import { HistoryService, mapEdgeSample, mapServiceSample } from './history.service';

const NAME = /^[a-z][a-z0-9-]{0,62}$/;

export class HistoryWindowDto {
  @ApiPropertyOptional({ format: 'date-time', description: 'default: an hour before `until`' }) @IsOptional() @IsISO8601({ strict: true }) since?: string;
  @ApiPropertyOptional({ format: 'date-time', description: 'default: now' }) @IsOptional() @IsISO8601({ strict: true }) until?: string;
  @ApiPropertyOptional({ default: 500, minimum: 1, maximum: 5000 }) @IsOptional() @IsInt() @Min(1) @Max(5000) limit?: number;
}

export class ServiceHistoryQueryDto extends HistoryWindowDto {
  @ApiProperty({ example: 'identity' }) @Matches(NAME) service!: string;
}

export class EdgeHistoryQueryDto extends HistoryWindowDto {
  @ApiPropertyOptional({ example: 'verification' }) @IsOptional() @Matches(/^[A-Za-z0-9._:-]{1,255}$/) source?: string;
  @ApiPropertyOptional({ example: 'postgres' }) @IsOptional() @Matches(/^[A-Za-z0-9._:-]{1,255}$/) target?: string;
}

const windowOf = (query: HistoryWindowDto) => ({ ...(query.since && { since: new Date(query.since) }), ...(query.until && { until: new Date(query.until) }), ...(query.limit && { limit: query.limit }) });

@ApiTags('history')
@ApiBearerAuth()
@Controller('history')
export class HistoryController {
  constructor(private readonly history: HistoryService) {}

  /** A service's samples (status, latency, checks, queues, dead letters) within the window, oldest first. */
  @Get()
  @RequirePermission(Permission.Read)
  async service(@Query() query: ServiceHistoryQueryDto) {
    return { service: query.service, samples: (await this.history.serviceHistory(query.service, windowOf(query))).map(mapServiceSample) };
  }

  /** Edge samples (status, latency) from or to a node within the window, oldest first. */
  @Get('edges')
  @RequirePermission(Permission.Read)
  async edges(@Query() query: EdgeHistoryQueryDto) {
    return { samples: (await this.history.edgeHistory({ ...(query.source && { source: query.source }), ...(query.target && { target: query.target }) }, windowOf(query))).map(mapEdgeSample) };
  }
}
