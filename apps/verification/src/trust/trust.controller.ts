import { Body, Controller, Get, Header, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import type { Response } from 'express';
import { ApiBearerAuth, ApiOkResponse, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { ArrayMinSize, IsArray, IsBoolean, IsIn, IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';
import { type Actor, CurrentActor, Public, QueryBoolean, RequirePermission } from '@citizen-zero/nest-platform';
import { Permission } from '../auth/permissions';
import type { TrustedIaca } from './trust-list.repository';
import { RETIREMENT_REASONS, type RetirementReason, TrustListService } from './trust-list.service';

export class AddTrustAnchorDto {
  @ApiProperty({ description: 'the IACA certificate, PEM' }) @IsString() @MaxLength(20_000) pem!: string;
  @ApiPropertyOptional({ type: [String], default: ['org.iso.18013.5.1.mDL', 'eu.europa.ec.eudi.pid.1'] }) @IsOptional() @IsArray() @ArrayMinSize(1) @IsString({ each: true }) docTypes?: string[];
}

export class RetireTrustAnchorDto {
  @ApiProperty({ enum: RETIREMENT_REASONS }) @IsIn(RETIREMENT_REASONS) reason!: RetirementReason;
}

export class TrustAnchorIdDto {
  @ApiProperty({ format: 'uuid' }) @IsUUID() id!: string;
}

export class TrustListQueryDto {
  @ApiPropertyOptional() @IsOptional() @QueryBoolean() @IsBoolean() includeRetired?: boolean;
}

export function mapTrustAnchor(iaca: TrustedIaca) {
  return {
    id: iaca.id,
    fingerprint: Buffer.from(iaca.fingerprint).toString('hex'),
    subject: iaca.subject,
    country: iaca.country,
    docTypes: [...iaca.docTypes],
    notBefore: iaca.notBefore.toISOString(),
    notAfter: iaca.notAfter.toISOString(),
    addedBy: iaca.addedBy,
    addedAt: iaca.addedAt.toISOString(),
    ...(iaca.retiredAt && { retiredAt: iaca.retiredAt.toISOString(), retiredBy: iaca.retiredBy, retirementReason: iaca.retirementReason }),
  };
}

@ApiTags('trust list')
@Controller('trust')
export class TrustController {
  constructor(private readonly trust: TrustListService) {}

  @Post('iacas')
  @ApiBearerAuth()
  @RequirePermission(Permission.TrustManage)
  async add(@CurrentActor() actor: Actor, @Body() body: AddTrustAnchorDto) {
    return mapTrustAnchor(await this.trust.add(actor, body.pem, body.docTypes ?? ['org.iso.18013.5.1.mDL', 'eu.europa.ec.eudi.pid.1']));
  }

  @Get('iacas')
  @ApiBearerAuth()
  @RequirePermission(Permission.TrustRead)
  async list(@Query() query: TrustListQueryDto) {
    return (await this.trust.list(query.includeRetired ?? false)).map(mapTrustAnchor);
  }

  @Post('iacas/:id/retirement')
  @HttpCode(204)
  @ApiBearerAuth()
  @RequirePermission(Permission.TrustManage)
  async retire(@CurrentActor() actor: Actor, @Param() params: TrustAnchorIdDto, @Body() body: RetireTrustAnchorDto): Promise<void> {
    await this.trust.retire(actor, params.id, body.reason);
  }

  /** Who signs the published VICAL (`/trust/bundle.vical`): the HSM key label and its certificate chain with validity; `configured: false` when unsigned. */
  @Get('signer')
  @ApiBearerAuth()
  @RequirePermission(Permission.TrustRead)
  async signer() {
    const signer = await this.trust.describeBundleSigner();
    if (!signer) return { configured: false, certificates: [] };
    return {
      configured: true,
      keyLabel: signer.keyLabel,
      certificates: signer.certificates.map((certificate) => ({
        subject: certificate.subject,
        issuer: certificate.issuer,
        serialNumber: certificate.serialNumber,
        notBefore: certificate.notBefore.toISOString(),
        notAfter: certificate.notAfter.toISOString(),
        sha256Fingerprint: certificate.sha256Fingerprint,
      })),
    };
  }

  /** The trust list for offline verifiers, as a PEM bundle (public: IACA certificates are public). */
  @Get('bundle.pem')
  @Public()
  @Header('content-type', 'application/x-pem-file')
  @Header('cache-control', 'public, max-age=300')
  @ApiOkResponse({ description: 'PEM bundle of the active IACA certificates' })
  bundle(): Promise<string> {
    return this.trust.bundlePem();
  }

  /** The same trust list signed as a VICAL in a COSE_Sign1 (public), for verifiers that check who published it. */
  @Get('bundle.vical')
  @Public()
  @ApiOkResponse({ description: 'COSE_Sign1 over the VICAL CBOR, signer certificate in x5chain' })
  async vical(@Res() response: Response): Promise<void> {
    const bytes = await this.trust.bundleVical();
    response.status(200).type('application/cose').setHeader('cache-control', 'public, max-age=300').send(Buffer.from(bytes));
  }
}
