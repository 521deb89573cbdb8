import { Controller, Get, HttpCode, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiProperty, ApiTags } from '@nestjs/swagger';
import { CurrentActor, RequirePermission } from '@citizen-zero/nest-platform';
import { type Actor, Permission } from '../auth/permissions';
import { KeyRotationService } from './key-rotation.service';

export class KeyRotationStatusDto {
  @ApiProperty() currentKey!: string;
  @ApiProperty({ required: false }) rewrapped?: number;
  @ApiProperty({ type: 'object', additionalProperties: { type: 'number' } }) recordsByKey!: Record<string, number>;
}

@ApiTags('keys')
@ApiBearerAuth()
@Controller('keys/record-encryption')
export class KeysController {
  constructor(private readonly rotation: KeyRotationService) {}

  @Get()
  @RequirePermission(Permission.KeyManage)
  @ApiOkResponse({ type: KeyRotationStatusDto })
  status(): Promise<KeyRotationStatusDto> {
    return this.rotation.status();
  }

  @Post('rotation')
  @HttpCode(200)
  @RequirePermission(Permission.KeyManage)
  @ApiOkResponse({ type: KeyRotationStatusDto })
  rotate(@CurrentActor() actor: Actor): Promise<KeyRotationStatusDto> {
    return this.rotation.rewrapAll(actor);
  }
}
