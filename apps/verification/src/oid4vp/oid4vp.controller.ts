import { Body, Controller, Get, Header, Headers, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiProduces, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsBoolean, IsObject, IsOptional, IsString, IsUrl, IsUUID, Matches, MaxLength } from 'class-validator';
import { OPENID4VP_PROFILES, REQUEST_OBJECT_MEDIA_TYPE } from '@citizen-zero/mdoc';
import { type Actor, CurrentActor, Public, RequirePermission } from '@citizen-zero/nest-platform';
import { Permission } from '../auth/permissions';
import { PURPOSE_NAMES } from '../relying-parties/purposes';
import { Oid4vpEndpointError } from './oid4vp-endpoint-error';
import { Oid4vpService } from './oid4vp.service';

export class CreateOid4vpRequestDto {
  @ApiPropertyOptional({ description: 'the doctype asked for', default: 'org.iso.18013.5.1.mDL' }) @IsOptional() @IsString() @MaxLength(200) docType?: string;
  @ApiProperty({ description: 'the elements asked for, per namespace, e.g. {"org.iso.18013.5.1": ["age_over_18", "portrait"]}; they become the DCQL query, and only they are returned', type: 'object', additionalProperties: { type: 'array', items: { type: 'string' } } })
  @IsObject()
  elements!: Record<string, string[]>;
  @ApiPropertyOptional({ description: 'IntentToRetain for every element (ISO/IEC 18013-5 §8.3.2.1.2.1), shown to the holder', default: false }) @IsOptional() @IsBoolean() intentToRetain?: boolean;
  @ApiPropertyOptional({ description: 'the purpose (required for relying parties calling with an API key)', enum: PURPOSE_NAMES }) @IsOptional() @IsString() @MaxLength(100) purpose?: string;
  @ApiPropertyOptional({ description: 'the OpenID4VP profile expected; refused unless it is the one this verifier speaks', enum: OPENID4VP_PROFILES }) @IsOptional() @IsString() @MaxLength(100) profile?: string;
  @ApiPropertyOptional({ description: 'same-device flow: where the wallet sends the holder back; a response_code is appended as fragment, and the verdict is only released with it' })
  @IsOptional()
  @IsUrl({ protocols: ['https'], require_protocol: true, require_tld: false })
  @Matches(/^[^#]*$/, { message: 'redirectUri must not have a fragment' })
  @MaxLength(2000)
  redirectUri?: string;
}

export class TransactionParamDto {
  @ApiProperty({ format: 'uuid' }) @IsUUID() id!: string;
}

export class ResultQueryDto {
  @ApiPropertyOptional({ description: 'the response_code the holder was redirected back with (same-device flow)' }) @IsOptional() @IsString() @MaxLength(100) response_code?: string;
}

class CreatedOid4vpRequestDto {
  @ApiProperty({ format: 'uuid', description: "the transaction id: the relying party's handle to poll, never shown to the wallet" }) transactionId!: string;
  @ApiProperty({ enum: OPENID4VP_PROFILES }) profile!: string;
  @ApiProperty({ description: 'openid4vp://?client_id=…&request_uri=… (OpenID4VP 1.0 §5.10.1): show it as a QR code or a link' }) authorizationRequestUri!: string;
  @ApiProperty({ description: 'where the wallet fetches the signed Request Object' }) requestUri!: string;
  @ApiProperty() expiresAt!: string;
  @ApiProperty({ description: 'the private key the verified element values are sealed to; shown only here — send it as X-Oid4vp-Result-Key to collect them' }) resultKey!: string;
}

/**
 * Online presentation with OpenID4VP 1.0 (only when CZ_OPENID4VP_PROFILE is set). The relying
 * party's endpoints need the verify permission; the two the wallet calls are public by design,
 * protected by the unguessable request id in their path, the transaction's state, single use and
 * expiry, and answer in the OAuth error shape.
 */
@ApiTags('online presentation (OpenID4VP)')
@Controller('oid4vp')
export class Oid4vpController {
  constructor(private readonly oid4vp: Oid4vpService) {}

  @Post('requests')
  @HttpCode(201)
  @ApiBearerAuth()
  @RequirePermission(Permission.Verify)
  @ApiCreatedResponse({ type: CreatedOid4vpRequestDto })
  create(@CurrentActor() actor: Actor, @Body() body: CreateOid4vpRequestDto) {
    return this.oid4vp.createRequest(actor, { elements: elementLists(body.elements), ...(body.docType && { docType: body.docType }), ...(body.intentToRetain !== undefined && { intentToRetain: body.intentToRetain }), ...(body.purpose && { purpose: body.purpose }), ...(body.profile !== undefined && { profile: body.profile }), ...(body.redirectUri && { redirectUri: body.redirectUri }) });
  }

  @Get('requests/:id')
  @ApiBearerAuth()
  @RequirePermission(Permission.Verify)
  @ApiOkResponse({ description: "the transaction's status and, once the wallet answered, the verdict POST /verifications gives plus the dcql-query check; element values in one answer only" })
  result(@CurrentActor() actor: Actor, @Param() params: TransactionParamDto, @Query() query: ResultQueryDto, @Headers('x-oid4vp-result-key') resultKey?: string) {
    return this.oid4vp.result(actor, params.id, query.response_code, resultKey);
  }

  /** The wallet fetches the signed Request Object (RFC 9101 §5.2, OpenID4VP 1.0 §5.10.1). */
  @Get('requests/:requestId/request-object')
  @Public()
  @Header('content-type', REQUEST_OBJECT_MEDIA_TYPE)
  @Header('cache-control', 'no-store')
  @ApiProduces(REQUEST_OBJECT_MEDIA_TYPE)
  @ApiOkResponse({ description: 'the Request Object, a JWS signed with the access certificate key (x5c)' })
  requestObject(@Param('requestId') requestId: string): Promise<string> {
    return this.oid4vp.requestObject(requestId);
  }

  /** The wallet's Authorization Response, Response Mode direct_post (OpenID4VP 1.0 §8.2). */
  @Post('responses/:requestId')
  @Public()
  @HttpCode(200)
  @Header('cache-control', 'no-store')
  @ApiOkResponse({ description: '{} or { redirect_uri } (§8.2)' })
  respond(@Param('requestId') requestId: string, @Headers('content-type') contentType: string | undefined, @Body() form: Record<string, unknown>) {
    return this.oid4vp.receiveResponse(requestId, contentType, form);
  }
}

function elementLists(raw: Record<string, unknown>): Record<string, string[]> {
  const lists: Record<string, string[]> = {};
  for (const [namespace, elements] of Object.entries(raw)) {
    if (!Array.isArray(elements) || elements.length === 0 || elements.length > 200 || !elements.every((element) => typeof element === 'string' && element.length > 0 && element.length <= 100)) {
      throw new Oid4vpEndpointError('OID4VP_ELEMENTS_INVALID', `elements.${namespace.slice(0, 100)} must be a non-empty list of element identifiers`);
    }
    lists[namespace] = elements as string[];
  }
  return lists;
}
