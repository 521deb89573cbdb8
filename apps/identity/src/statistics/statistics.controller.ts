import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsISO8601, IsOptional } from 'class-validator';
import { RequirePermission } from '@citizen-zero/nest-platform';
import { Permission } from '../auth/permissions';
import { type ActivityStatistics, StatisticsService } from './statistics.service';

export class ActivityQueryDto {
  @ApiPropertyOptional({ format: 'date-time', description: 'count activity from this instant (e.g. the start of the official’s day); default: midnight UTC today' })
  @IsOptional()
  @IsISO8601({ strict: true })
  since?: string;
}

export class EnrolmentFiguresDto {
  @ApiProperty({ description: 'applications started since `since`' }) started!: number;
  @ApiProperty({ type: 'object', additionalProperties: { type: 'number' }, description: 'applications started, by application type' }) startedByType!: Record<string, number>;
  @ApiProperty({ description: 'applications submitted since `since`' }) submitted!: number;
  @ApiProperty() approved!: number;
  @ApiProperty() rejected!: number;
}

export class IssuanceFiguresDto {
  @ApiProperty({ description: 'documents and credentials issued since `since`' }) issued!: number;
  @ApiProperty({ type: 'object', additionalProperties: { type: 'number' } }) issuedByKind!: Record<string, number>;
  @ApiProperty({ description: 'issued in the hour before `asOf`' }) lastHour!: number;
  @ApiProperty({ description: 'issued in the 24 hours before `asOf`' }) last24Hours!: number;
  @ApiProperty({ description: 'mean per hour over the last 24 hours' }) perHour!: number;
  @ApiProperty({ description: 'approved documents waiting for the issuance workers now' }) pending!: number;
}

export class WaitingFiguresDto {
  @ApiProperty() review!: number;
  @ApiProperty() adjudication!: number;
  @ApiProperty({ description: 'jobs that failed every attempt and wait for an operator' }) deadLetters!: number;
}

export class ActivityStatisticsDto {
  @ApiProperty() since!: string;
  @ApiProperty() asOf!: string;
  @ApiProperty({ type: EnrolmentFiguresDto }) enrolments!: EnrolmentFiguresDto;
  @ApiProperty({ type: IssuanceFiguresDto }) issuance!: IssuanceFiguresDto;
  @ApiProperty({ type: WaitingFiguresDto }) waiting!: WaitingFiguresDto;
}

export function mapActivityStatistics({ since, asOf, counts }: ActivityStatistics): ActivityStatisticsDto {
  const sum = (values: Readonly<Record<string, number>>) => Object.values(values).reduce((total, value) => total + value, 0);
  return {
    since: since.toISOString(),
    asOf: asOf.toISOString(),
    enrolments: { started: sum(counts.applicationsStartedByType), startedByType: { ...counts.applicationsStartedByType }, submitted: counts.applicationsSubmitted, approved: counts.applicationsApproved, rejected: counts.applicationsRejected },
    issuance: {
      issued: sum(counts.documentsIssuedByKind),
      issuedByKind: { ...counts.documentsIssuedByKind },
      lastHour: counts.documentsIssuedLastHour,
      last24Hours: counts.documentsIssuedLast24Hours,
      perHour: Math.round((counts.documentsIssuedLast24Hours / 24) * 10) / 10,
      pending: counts.documentsPending,
    },
    waiting: { review: counts.applicationsInReview, adjudication: counts.applicationsInAdjudication, deadLetters: counts.deadLettersOpen },
  };
}

@ApiTags('statistics')
@ApiBearerAuth()
@Controller('statistics')
export class StatisticsController {
  constructor(private readonly statistics: StatisticsService) {}

  /** Counts for the dashboard: enrolments and decisions since `since`, the issuance rate, and the work waiting now. No personal data. */
  @Get('activity')
  @RequirePermission(Permission.StatisticsRead)
  @ApiOkResponse({ type: ActivityStatisticsDto })
  async activity(@Query() query: ActivityQueryDto): Promise<ActivityStatisticsDto> {
    return mapActivityStatistics(await this.statistics.activity(query.since !== undefined ? new Date(query.since) : undefined));
  }
}
