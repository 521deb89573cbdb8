import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import type { ChainedAuditEntry } from '@citizen-zero/audit-chain';
import { RequirePermission } from '@citizen-zero/nest-platform';
import { Permission } from '../auth/permissions';
import { AuditLogService } from './audit-log.service';

export class AuditSearchQueryDto {
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(100) action?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(100) resourceId?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(200) actor?: string;
  @ApiPropertyOptional() @IsOptional() @Type(() => Number) @IsInt() @Min(0) afterSequence?: number;
  @ApiPropertyOptional({ default: 100 }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(1000) limit?: number;
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
  return { ...entry, occurredAt: entry.occurredAt.toISOString(), details: { ...entry.details }, previousHash: Buffer.from(entry.previousHash).toString('hex'), entryHash: Buffer.from(entry.entryHash).toString('hex') };
}

@ApiTags('audit')
@ApiBearerAuth()
@Controller('audit')
export class AuditController {
  constructor(private readonly audit: AuditLogService) {}

  @Get('entries')
  @RequirePermission(Permission.AuditRead)
  @ApiOkResponse({ type: [AuditEntryDto] })
  async search(@Query() query: AuditSearchQueryDto): Promise<AuditEntryDto[]> {
    return (await this.audit.search({ ...query, limit: query.limit ?? 100 })).map(mapAuditEntry);
  }

  @Get('verification')
  @RequirePermission(Permission.AuditRead)
  @ApiOkResponse({ type: AuditVerdictDto })
  async verify(): Promise<AuditVerdictDto> {
    const verdict = await this.audit.verify();
    return { ...verdict, lastHash: Buffer.from(verdict.lastHash).toString('hex'), findings: [...verdict.findings] };
  }
}
