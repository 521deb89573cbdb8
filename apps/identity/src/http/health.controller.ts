import { Controller, Get, HttpException } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Public } from '@citizen-zero/nest-platform';
import { KeyCustody } from '../crypto/key-custody';
import { Database } from '../database/database.providers';

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(
    private readonly database: Database,
    private readonly keys: KeyCustody,
  ) {}

  @Get('live')
  @Public()
  @ApiOkResponse({ schema: { type: 'object', properties: { status: { type: 'string', enum: ['ok'] } }, required: ['status'] } })
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  @Get('ready')
  @Public()
  @ApiOkResponse({ schema: { type: 'object', properties: { status: { type: 'string', enum: ['ok'] }, checks: { type: 'object', additionalProperties: { type: 'string' } } }, required: ['status', 'checks'] } })
  async ready(): Promise<{ status: 'ok'; checks: Record<string, string> }> {
    const checks: Record<string, string> = {};
    await this.database.ping().then(() => (checks['database'] = 'up'), () => (checks['database'] = 'down'));
    await this.keys.hsm.withSession('health', () => undefined).then(() => (checks['hsm'] = 'up'), () => (checks['hsm'] = 'down'));
    if (Object.values(checks).some((value) => value !== 'up')) throw new HttpException({ status: 'down', checks }, 503);
    return { status: 'ok', checks };
  }
}
