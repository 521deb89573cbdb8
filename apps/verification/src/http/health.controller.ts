import { Controller, Get, HttpException } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Public } from '@citizen-zero/nest-platform';
import { Database } from '../database/database.providers';

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(private readonly database: Database) {}

  @Get('live')
  @Public()
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  @Get('ready')
  @Public()
  async ready(): Promise<{ status: 'ok'; checks: Record<string, string> }> {
    const database = await this.database.ping().then(() => 'up', () => 'down');
    if (database !== 'up') throw new HttpException({ status: 'down', checks: { database } }, 503);
    return { status: 'ok', checks: { database } };
  }
}
