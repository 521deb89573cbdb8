import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Public } from '@citizen-zero/nest-platform';
import { ZkIssuer } from './zk-issuer';

@ApiTags('zero-knowledge credentials')
@Controller('zk')
export class ZkController {
  constructor(private readonly issuer: ZkIssuer) {}

  /** Public by design: verifiers and wallets need the issuer's BBS public keys to check proofs. */
  @Get('issuer-keys')
  @Public()
  @ApiOkResponse({
    description: 'The BBS public keys of the zero-knowledge credentials (libs/zk-credentials: our JSON, not JWK), empty when not configured',
    schema: { type: 'object', properties: { keys: { type: 'array', items: { type: 'object', additionalProperties: true } } }, required: ['keys'] },
  })
  issuerKeys(): { keys: unknown[] } {
    return this.issuer.publishedKeys();
  }
}
