import { Controller, Get, Headers, Res } from '@nestjs/common';
import { ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { STATUS_LIST_CWT_MEDIA_TYPE, STATUS_LIST_JWT_MEDIA_TYPE } from '@citizen-zero/status-list';
import { Public } from '@citizen-zero/nest-platform';
import { StatusListPublisher } from './status-list-publisher';

/** The published status list (draft-ietf-oauth-status-list §8.1): public, cacheable, CWT by default or JWT on request. */
@ApiTags('status lists')
@Controller('status-lists')
export class StatusListController {
  constructor(private readonly publisher: StatusListPublisher) {}

  @Get('1')
  @Public()
  @ApiProduces(STATUS_LIST_CWT_MEDIA_TYPE, STATUS_LIST_JWT_MEDIA_TYPE)
  @ApiOkResponse({ description: 'the Status List Token' })
  async statusList(@Headers('accept') accept: string | undefined, @Res() response: Response): Promise<void> {
    const format = accept?.includes(STATUS_LIST_JWT_MEDIA_TYPE) ? 'jwt' : 'cwt';
    const { token, ttl } = await this.publisher.token(format);
    response
      .status(200)
      .type(format === 'jwt' ? STATUS_LIST_JWT_MEDIA_TYPE : STATUS_LIST_CWT_MEDIA_TYPE)
      .setHeader('cache-control', `public, max-age=${ttl}`)
      .send(typeof token === 'string' ? token : Buffer.from(token));
  }
}
