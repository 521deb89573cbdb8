import { Body, Controller, Get, HttpCode, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsObject, IsOptional, IsString, Length, Max, MaxLength, Min } from 'class-validator';
import { type Actor, CurrentActor, RequirePermission, IsBase64Bytes } from '@citizen-zero/nest-platform';
import { Permission } from '../auth/permissions';
import { PURPOSE_NAMES } from '../relying-parties/purposes';
import { VerificationError } from '../verification-error';
import { type ElementRequest, VerificationService } from './verification.service';

export class VerifyPresentationDto {
  @ApiProperty({ description: 'DeviceResponse (ISO/IEC 18013-5 §8.3.2.1.2.2), CBOR, base64' }) @IsBase64Bytes() @MaxLength(2_000_000) deviceResponse!: string;
  @ApiProperty({ description: 'SessionTranscriptBytes (§9.1.5.1), CBOR, base64' }) @IsBase64Bytes() @MaxLength(100_000) sessionTranscript!: string;
  @ApiPropertyOptional({ description: 'the elements asked for, per namespace, e.g. {"org.iso.18013.5.1": ["age_over_18", "portrait"]}; only these are returned and recorded', type: 'object', additionalProperties: { type: 'array', items: { type: 'string' } } })
  @IsOptional()
  @IsObject()
  request?: Record<string, string[]>;
  @ApiPropertyOptional({ description: 'the purpose the verification serves (required for relying parties calling with an API key; the elements asked for must be within it)', enum: PURPOSE_NAMES }) @IsOptional() @IsString() @MaxLength(100) purpose?: string;
}

export class VerifySealDto {
  @ApiProperty({ description: 'the QR seal text printed on the document (CZ1:…)' }) @IsString() @Length(5, 5000) seal!: string;
  @ApiPropertyOptional({ description: 'the purpose (required for relying parties calling with an API key)', enum: PURPOSE_NAMES }) @IsOptional() @IsString() @MaxLength(100) purpose?: string;
}

export class RecordsQueryDto {
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(200) relyingParty?: string;
  @ApiPropertyOptional({ default: 100 }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(1000) limit?: number;
}

@ApiTags('verification')
@ApiBearerAuth()
@Controller('verifications')
export class VerificationController {
  constructor(private readonly verification: VerificationService) {}

  @Post()
  @HttpCode(200)
  @RequirePermission(Permission.Verify)
  @ApiOkResponse({ description: 'the verdict: documents, the elements disclosed and asked for, every check with its code, the credential status' })
  verify(@CurrentActor() actor: Actor, @Body() body: VerifyPresentationDto) {
    return this.verification.verifyPresentation(actor, { deviceResponse: Buffer.from(body.deviceResponse, 'base64'), sessionTranscript: Buffer.from(body.sessionTranscript, 'base64'), ...(body.request && { request: elementRequest(body.request) }), ...(body.purpose && { purpose: body.purpose }) });
  }

  @Post('seal')
  @HttpCode(200)
  @RequirePermission(Permission.Verify)
  verifySeal(@CurrentActor() actor: Actor, @Body() body: VerifySealDto) {
    return this.verification.verifySeal(actor, body.seal, body.purpose);
  }

  @Get('records')
  @RequirePermission(Permission.AuditRead)
  records(@Query() query: RecordsQueryDto) {
    return this.verification.listRecords(query.relyingParty, query.limit ?? 100);
  }
}

function elementRequest(raw: Record<string, unknown>): ElementRequest {
  const request: Record<string, string[]> = {};
  for (const [namespace, elements] of Object.entries(raw)) {
    if (!Array.isArray(elements) || elements.length > 200 || !elements.every((element) => typeof element === 'string' && element.length <= 100)) {
      throw new VerificationError('PRESENTATION_MALFORMED', `request.${namespace} must be a list of element identifiers`);
    }
    request[namespace] = elements as string[];
  }
  return request;
}
