import { Body, Controller, Get, Headers, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiExcludeEndpoint, ApiOkResponse, ApiProperty, ApiTags } from '@nestjs/swagger';
import { IsUUID } from 'class-validator';
import { CurrentActor, Public, RequirePermission } from '@citizen-zero/nest-platform';
import { type Actor, Permission } from '../auth/permissions';
import { Oid4vciService } from './oid4vci.service';

export class OfferDocumentParamDto {
  @ApiProperty({ format: 'uuid' }) @IsUUID() id!: string;
}

export class CredentialOfferDto {
  @ApiProperty({ description: 'openid-credential-offer:// URI for the QR code' }) uri!: string;
  @ApiProperty({ description: 'transaction code to hand to the citizen separately' }) txCode!: string;
  @ApiProperty() expiresAt!: string;
}

/**
 * OpenID4VCI 1.0 endpoints. The wallet-facing ones are public by design: they are protected by
 * the one-time pre-authorised code, the transaction code and the key proof, not by official logins.
 * Request bodies here follow the OAuth/OpenID4VCI wire format, so they are validated by the service.
 */
@ApiTags('credential issuance (OpenID4VCI)')
@Controller()
export class Oid4vciController {
  constructor(private readonly oid4vci: Oid4vciService) {}

  @Post('documents/:id/offer')
  @HttpCode(200)
  @ApiBearerAuth()
  @RequirePermission(Permission.CredentialIssue)
  @ApiOkResponse({ type: CredentialOfferDto })
  async offer(@CurrentActor() actor: Actor, @Param() params: OfferDocumentParamDto): Promise<CredentialOfferDto> {
    const offer = await this.oid4vci.createOffer(actor, params.id);
    return { uri: offer.uri, txCode: offer.txCode, expiresAt: offer.expiresAt.toISOString() };
  }

  @Get('.well-known/openid-credential-issuer')
  @Public()
  @ApiOkResponse({ description: 'Credential Issuer Metadata (OpenID4VCI 1.0 §12.2)', schema: { type: 'object', additionalProperties: true } })
  issuerMetadata(): Record<string, unknown> {
    return this.oid4vci.metadata();
  }

  @Get('.well-known/oauth-authorization-server')
  @Public()
  @ApiOkResponse({ description: 'OAuth 2.0 Authorization Server Metadata (RFC 8414)', schema: { type: 'object', additionalProperties: true } })
  authorizationServerMetadata(): Record<string, unknown> {
    return this.oid4vci.authorizationServerMetadata();
  }

  @Post('oid4vci/token')
  @HttpCode(200)
  @Public()
  @ApiExcludeEndpoint()
  token(@Body() form: Record<string, string | undefined>): Promise<Record<string, unknown>> {
    return this.oid4vci.token(form);
  }

  @Post('oid4vci/nonce')
  @HttpCode(200)
  @Public()
  @ApiOkResponse({ schema: { type: 'object', properties: { c_nonce: { type: 'string' } }, required: ['c_nonce'] } })
  nonce(): Promise<{ c_nonce: string }> {
    return this.oid4vci.nonce();
  }

  @Post('oid4vci/credential')
  @HttpCode(200)
  @Public()
  @ApiExcludeEndpoint()
  credential(@Headers('authorization') authorization: string | undefined, @Body() body: Record<string, unknown>): Promise<Record<string, unknown>> {
    return this.oid4vci.credential(authorization, body);
  }
}
