import { Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsBoolean, IsInt, IsOptional, IsUUID, Max, Min } from 'class-validator';
import { CurrentActor, QueryBoolean, RequirePermission } from '@citizen-zero/nest-platform';
import { type Actor, Permission } from '../auth/permissions';
import type { DeadLetter } from './issued-document.repository';
import { DeadLettersService } from './dead-letters.service';

export class DeadLetterListQueryDto {
  @ApiPropertyOptional({ default: false }) @IsOptional() @QueryBoolean() @IsBoolean() includeReplayed?: boolean;
  @ApiPropertyOptional({ default: 100 }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(1000) limit?: number;
}

export class DeadLetterIdParamDto {
  @ApiProperty({ format: 'uuid' }) @IsUUID() id!: string;
}

export class DeadLetterDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() queue!: string;
  @ApiProperty() jobName!: string;
  @ApiProperty() jobId!: string;
  @ApiProperty({ type: 'object', additionalProperties: true, description: 'identifiers only' }) payload!: Record<string, unknown>;
  @ApiProperty() errorCode!: string;
  @ApiProperty() errorMessage!: string;
  @ApiProperty() attempts!: number;
  @ApiProperty() failedAt!: string;
  @ApiPropertyOptional() replayedAt?: string;
  @ApiPropertyOptional() replayedBy?: string;
}

function mapDeadLetter(letter: DeadLetter): DeadLetterDto {
  return { ...letter, failedAt: letter.failedAt.toISOString(), replayedAt: letter.replayedAt?.toISOString(), replayedBy: letter.replayedBy };
}

@ApiTags('dead-letters')
@ApiBearerAuth()
@Controller('dead-letters')
export class DeadLettersController {
  constructor(private readonly deadLetters: DeadLettersService) {}

  @Get()
  @RequirePermission(Permission.DeadLetterManage)
  @ApiOkResponse({ type: [DeadLetterDto] })
  async list(@Query() query: DeadLetterListQueryDto): Promise<DeadLetterDto[]> {
    return (await this.deadLetters.list(query.includeReplayed ?? false, query.limit ?? 100)).map(mapDeadLetter);
  }

  @Post(':id/replay')
  @HttpCode(200)
  @RequirePermission(Permission.DeadLetterManage)
  @ApiOkResponse({ type: DeadLetterDto })
  async replay(@CurrentActor() actor: Actor, @Param() params: DeadLetterIdParamDto): Promise<DeadLetterDto> {
    return mapDeadLetter(await this.deadLetters.replay(actor, params.id));
  }
}
