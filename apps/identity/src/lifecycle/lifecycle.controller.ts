import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiProperty, ApiTags } from '@nestjs/swagger';
import { IsIn, IsUUID } from 'class-validator';
import { CurrentActor, RequirePermission } from '@citizen-zero/nest-platform';
import { type Actor, Permission } from '../auth/permissions';
import { DocumentDto, mapDocument } from '../issuance/documents.controller';
import { type LifecycleAction, LIFECYCLE_REASONS, type LifecycleReason, LifecycleService } from './lifecycle.service';

export class LifecycleIdParamDto {
  @ApiProperty({ format: 'uuid' }) @IsUUID() id!: string;
}

export class PersonLifecycleDto {
  @ApiProperty({ enum: ['suspend', 'reinstate', 'revoke', 'record-death'] }) @IsIn(['suspend', 'reinstate', 'revoke', 'record-death']) action!: LifecycleAction;
  @ApiProperty({ enum: LIFECYCLE_REASONS }) @IsIn(LIFECYCLE_REASONS) reason!: LifecycleReason;
}

export class DocumentLifecycleDto {
  @ApiProperty({ enum: ['suspend', 'reinstate', 'revoke'] }) @IsIn(['suspend', 'reinstate', 'revoke']) action!: Exclude<LifecycleAction, 'record-death'>;
  @ApiProperty({ enum: LIFECYCLE_REASONS }) @IsIn(LIFECYCLE_REASONS) reason!: LifecycleReason;
}

@ApiTags('lifecycle')
@ApiBearerAuth()
@Controller()
export class LifecycleController {
  constructor(private readonly lifecycle: LifecycleService) {}

  @Post('persons/:id/lifecycle')
  @HttpCode(200)
  @RequirePermission(Permission.CredentialLifecycle)
  @ApiOkResponse({ type: [DocumentDto], description: 'the documents whose status changed' })
  async person(@CurrentActor() actor: Actor, @Param() params: LifecycleIdParamDto, @Body() body: PersonLifecycleDto): Promise<DocumentDto[]> {
    return (await this.lifecycle.applyToPerson(actor, params.id, body.action, body.reason)).map(mapDocument);
  }

  @Post('documents/:id/lifecycle')
  @HttpCode(200)
  @RequirePermission(Permission.CredentialLifecycle)
  @ApiOkResponse({ type: DocumentDto })
  async document(@CurrentActor() actor: Actor, @Param() params: LifecycleIdParamDto, @Body() body: DocumentLifecycleDto): Promise<DocumentDto> {
    return mapDocument(await this.lifecycle.applyToDocument(actor, params.id, body.action, body.reason));
  }
}
