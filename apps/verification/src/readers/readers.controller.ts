import { Body, Controller, Get, Header, HttpCode, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiProperty, ApiTags } from '@nestjs/swagger';
import { IsString, Length, Matches, MaxLength } from 'class-validator';
import { type Actor, CurrentActor, Public, RequirePermission } from '@citizen-zero/nest-platform';
import { Permission } from '../auth/permissions';
import { ReaderCertificateAuthority } from './reader-certificate-authority';

export class IssueReaderCertificateDto {
  @ApiProperty({ description: 'PKCS#10 certification request (PEM) signed by the verifier device’s key (ECDSA P-256/384/521): proof of possession' })
  @IsString()
  @MaxLength(8_000)
  csr!: string;

  @ApiProperty({ description: 'the device’s name, the reader certificate’s common name (what the holder’s wallet shows as who asks)', example: 'Harbour police, desk 2' })
  @IsString()
  @Length(1, 64)
  @Matches(/^[\p{L}\p{N} .,'()&/-]+$/u, { message: 'deviceName may use letters, digits, spaces and . , \' ( ) & / -' })
  deviceName!: string;
}

/**
 * Reader authentication certificates for verifier devices (ISO/IEC 18013-5 §9.1.4): an official with
 * the verify permission enrols a device; wallets fetch the reader CA certificate to check readers.
 */
@ApiTags('readers')
@Controller()
export class ReadersController {
  constructor(private readonly authority: ReaderCertificateAuthority) {}

  @Post('readers/certificates')
  @HttpCode(201)
  @ApiBearerAuth()
  @RequirePermission(Permission.Verify)
  @ApiOkResponse({ description: 'the reader certificate (PEM), the reader CA certificate, serial, subject and validity' })
  async issue(@CurrentActor() actor: Actor, @Body() body: IssueReaderCertificateDto) {
    const issued = await this.authority.issue(actor, body.csr, body.deviceName.trim());
    return { ...issued, notBefore: issued.notBefore.toISOString(), notAfter: issued.notAfter.toISOString() };
  }

  /** The reader CA certificate (public), for wallets to authenticate readers. */
  @Get('trust/readers.pem')
  @Public()
  @Header('content-type', 'application/x-pem-file')
  @Header('cache-control', 'public, max-age=300')
  @ApiOkResponse({ description: 'PEM of the reader CA certificate' })
  readers(): string {
    return this.authority.caCertificatePem();
  }
}
