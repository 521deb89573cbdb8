import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsIn, IsInt, IsOptional, IsString, IsUUID, Length, Matches, Max, Min } from 'class-validator';
import { type Actor, CurrentActor, RequirePermission } from '@citizen-zero/nest-platform';
import { Permission } from '../auth/permissions';
import { PURPOSE_NAMES, PURPOSES, type Purpose } from './purposes';
import type { RelyingParty, RelyingPartyKey } from './relying-party.repository';
import { RelyingPartiesService } from './relying-parties.service';

export class RegisterRelyingPartyDto {
  @ApiProperty({ example: 'Utopia Savings Bank' }) @IsString() @Length(2, 200) name!: string;
  @ApiProperty({ enum: PURPOSE_NAMES, isArray: true }) @IsArray() @ArrayMinSize(1) @ArrayMaxSize(PURPOSE_NAMES.length) @IsIn(PURPOSE_NAMES, { each: true }) purposes!: Purpose[];
  @ApiPropertyOptional({ default: 600, minimum: 1, maximum: 100_000 }) @IsOptional() @IsInt() @Min(1) @Max(100_000) rateLimitPerMinute?: number;
}

export class RelyingPartyIdDto {
  @ApiProperty({ format: 'uuid' }) @IsUUID() id!: string;
}

export class RelyingPartyKeyParamsDto extends RelyingPartyIdDto {
  @ApiProperty() @Matches(/^[A-Za-z0-9_-]{16}$/, { message: 'must be a key id' }) keyId!: string;
}

export class UsageQueryDto {
  @ApiPropertyOptional({ default: 30, maximum: 400 }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(400) days?: number;
}

function mapParty(party: RelyingParty) {
  return { id: party.id, name: party.name, purposes: [...party.purposes], rateLimitPerMinute: party.rateLimitPerMinute, registeredBy: party.registeredBy, registeredAt: party.registeredAt.toISOString(), ...(party.suspendedAt && { suspendedAt: party.suspendedAt.toISOString() }) };
}

function mapKey(key: RelyingPartyKey) {
  return { keyId: key.id, createdBy: key.createdBy, createdAt: key.createdAt.toISOString(), ...(key.revokedAt && { revokedAt: key.revokedAt.toISOString() }), ...(key.lastUsedAt && { lastUsedAt: key.lastUsedAt.toISOString() }) };
}

@ApiTags('relying parties')
@ApiBearerAuth()
@Controller('relying-parties')
export class RelyingPartiesController {
  constructor(private readonly relyingParties: RelyingPartiesService) {}

  /** Registers a relying party; its first API key is in this answer and nowhere else. */
  @Post()
  @RequirePermission(Permission.RelyingPartiesManage)
  async register(@CurrentActor() actor: Actor, @Body() body: RegisterRelyingPartyDto) {
    const { party, apiKey, keyId } = await this.relyingParties.register(actor, { name: body.name, purposes: body.purposes, rateLimitPerMinute: body.rateLimitPerMinute ?? 600 });
    return { ...mapParty(party), apiKey, keyId, notice: 'store the API key now: it is shown only once' };
  }

  @Get()
  @RequirePermission(Permission.RelyingPartiesRead)
  async list() {
    return (await this.relyingParties.list()).map(mapParty);
  }

  @Get('purposes')
  @RequirePermission(Permission.RelyingPartiesRead)
  purposes() {
    return Object.entries(PURPOSES).map(([name, purpose]) => ({ name, description: purpose.description, elements: [...purpose.elements] }));
  }

  @Get(':id')
  @RequirePermission(Permission.RelyingPartiesRead)
  async describe(@Param() params: RelyingPartyIdDto) {
    const { party, keys } = await this.relyingParties.describe(params.id);
    return { ...mapParty(party), keys: keys.map(mapKey) };
  }

  /** Rotation: a new key (shown once); the old one keeps working until it is revoked. */
  @Post(':id/keys')
  @RequirePermission(Permission.RelyingPartiesManage)
  async issueKey(@CurrentActor() actor: Actor, @Param() params: RelyingPartyIdDto) {
    return { ...(await this.relyingParties.issueKey(actor, params.id)), notice: 'store the API key now: it is shown only once' };
  }

  @Delete(':id/keys/:keyId')
  @HttpCode(204)
  @RequirePermission(Permission.RelyingPartiesManage)
  async revokeKey(@Param() params: RelyingPartyKeyParamsDto): Promise<void> {
    await this.relyingParties.revokeKey(params.id, params.keyId);
  }

  @Get(':id/usage')
  @RequirePermission(Permission.RelyingPartiesRead)
  usage(@Param() params: RelyingPartyIdDto, @Query() query: UsageQueryDto) {
    return this.relyingParties.usage(params.id, query.days ?? 30);
  }
}
