import { Readable } from 'node:stream';
import { Controller, Get, Logger, Query, Res, StreamableFile } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiProduces, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsISO8601, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import type { Response } from 'express';
import type { ChainedAuditEntry } from '@citizen-zero/audit-chain';
import { CurrentActor, RequirePermission } from '@citizen-zero/nest-platform';
import { type Actor, Permission } from '../auth/permissions';
import { AUDIT_EXPORT_FORMATS, AUDIT_EXPORT_MEDIA_TYPES, type AuditExportFormat, type AuditFilter, viewOfAuditEntry } from './audit-entry-view';
import { AuditLogService } from './audit-log.service';

/** The criteria shared by search and export. */
export class AuditFilterQueryDto {
  @ApiPropertyOptional({ description: 'the official or service (token subject) who acted' }) @IsOptional() @IsString() @MaxLength(200) actor?: string;
  @ApiPropertyOptional({ example: 'person.read' }) @IsOptional() @IsString() @MaxLength(100) action?: string;
  @ApiPropertyOptional({ example: 'person' }) @IsOptional() @IsString() @MaxLength(100) resourceType?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(100) resourceId?: string;
  @ApiPropertyOptional({ format: 'date-time', description: 'entries that occurred at or after this instant' }) @IsOptional() @IsISO8601({ strict: true }) from?: string;
  @ApiPropertyOptional({ format: 'date-time', description: 'entries that occurred before this instant' }) @IsOptional() @IsISO8601({ strict: true }) until?: string;
}

export class AuditSearchQueryDto extends AuditFilterQueryDto {
  @ApiPropertyOptional({ description: 'oldest first from here (exclusive)' }) @IsOptional() @Type(() => Number) @IsInt() @Min(0) afterSequence?: number;
  @ApiPropertyOptional({ description: 'newest first from here (exclusive); use with order=desc' }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) beforeSequence?: number;
  @ApiPropertyOptional({ enum: ['asc', 'desc'], default: 'asc', description: 'by sequence: asc oldest first, desc newest first' }) @IsOptional() @IsIn(['asc', 'desc']) order?: 'asc' | 'desc';
  @ApiPropertyOptional({ default: 100 }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(1000) limit?: number;
}

export class AuditExportQueryDto extends AuditFilterQueryDto {
  @ApiPropertyOptional({ enum: AUDIT_EXPORT_FORMATS, default: 'jsonl' }) @IsOptional() @IsIn(AUDIT_EXPORT_FORMATS) format?: AuditExportFormat;
}

export class AuditEntryDto {
  @ApiProperty() sequence!: number;
  @ApiProperty() occurredAt!: string;
  @ApiProperty() actor!: string;
  @ApiProperty() action!: string;
  @ApiProperty() resourceType!: string;
  @ApiProperty() resourceId!: string;
  @ApiProperty({ type: 'object', additionalProperties: true }) details!: Record<string, unknown>;
  @ApiProperty({ description: 'hex' }) previousHash!: string;
  @ApiProperty({ description: 'hex' }) entryHash!: string;
}

export class AuditVerdictDto {
  @ApiProperty() valid!: boolean;
  @ApiProperty() entries!: number;
  @ApiProperty() lastSequence!: number;
  @ApiProperty({ description: 'hex; record it elsewhere to detect a rewritten chain later' }) lastHash!: string;
  @ApiProperty({ type: 'array', items: { type: 'object' } }) findings!: { code: string; sequence: number; message: string }[];
}

export function mapAuditEntry(entry: ChainedAuditEntry): AuditEntryDto {
  return viewOfAuditEntry(entry);
}

function filterOf(query: AuditFilterQueryDto): AuditFilter {
  return {
    ...(query.actor !== undefined && { actor: query.actor }),
    ...(query.action !== undefined && { action: query.action }),
    ...(query.resourceType !== undefined && { resourceType: query.resourceType }),
    ...(query.resourceId !== undefined && { resourceId: query.resourceId }),
    ...(query.from !== undefined && { from: new Date(query.from) }),
    ...(query.until !== undefined && { until: new Date(query.until) }),
  };
}

@ApiTags('audit')
@ApiBearerAuth()
@Controller('audit')
export class AuditController {
  private readonly logger = new Logger(AuditController.name);

  constructor(private readonly audit: AuditLogService) {}

  /** A page of the entries the filters select: oldest first after `afterSequence`, or newest first (`order=desc`) before `beforeSequence`. */
  @Get('entries')
  @RequirePermission(Permission.AuditRead)
  @ApiOkResponse({ type: [AuditEntryDto] })
  async search(@Query() query: AuditSearchQueryDto): Promise<AuditEntryDto[]> {
    const page = { order: query.order ?? 'asc', limit: query.limit ?? 100, ...(query.afterSequence !== undefined && { afterSequence: query.afterSequence }), ...(query.beforeSequence !== undefined && { beforeSequence: query.beforeSequence }) } as const;
    return (await this.audit.search(filterOf(query), page)).map(mapAuditEntry);
  }

  /**
   * Every entry the filters select, oldest first, as a download: JSON Lines (one entry per line,
   * as `GET /audit/entries` shows it) or CSV. Streamed a page at a time; the export is audited.
   */
  @Get('export')
  @RequirePermission(Permission.AuditRead)
  @ApiProduces('application/x-ndjson', 'text/csv')
  @ApiOkResponse({ description: 'JSON Lines or CSV (RFC 4180), as an attachment', schema: { type: 'string' } })
  async export(@CurrentActor() actor: Actor, @Query() query: AuditExportQueryDto, @Res({ passthrough: true }) response: Response): Promise<StreamableFile> {
    const format = query.format ?? 'jsonl';
    const exported = await this.audit.export(actor, filterOf(query), format);
    const stream = Readable.from(exported.lines);
    // A download abandoned half-way stops reading the log.
    response.on('close', () => stream.destroy());
    return new StreamableFile(stream, { type: AUDIT_EXPORT_MEDIA_TYPES[format], disposition: `attachment; filename="audit-log-to-${exported.upToSequence}.${format}"` }).setErrorHandler((error, failed) => {
      // Past the first page the status is sent: cut the connection so the download fails rather than looks complete.
      this.logger.error(`audit export failed after it started: ${error.message}`);
      if (failed.destroyed) return;
      if (failed.destroy) failed.destroy();
      else failed.end();
    });
  }

  @Get('verification')
  @RequirePermission(Permission.AuditRead)
  @ApiOkResponse({ type: AuditVerdictDto })
  async verify(): Promise<AuditVerdictDto> {
    const verdict = await this.audit.verify();
    return { ...verdict, lastHash: Buffer.from(verdict.lastHash).toString('hex'), findings: [...verdict.findings] };
  }
}
