import { Controller, Get, Param, StreamableFile } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiProduces, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsUUID } from 'class-validator';
import { CurrentActor, RequirePermission } from '@citizen-zero/nest-platform';
import { type Actor, Permission } from '../auth/permissions';
import { type DocumentView, DocumentsService } from './documents.service';
import type { IssuedDocument } from './issued-document';

export class DocumentIdParamDto {
  @ApiProperty({ format: 'uuid' }) @IsUUID() id!: string;
}

export class DocumentDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) applicationId!: string;
  @ApiProperty({ format: 'uuid' }) personId!: string;
  @ApiProperty({ enum: ['birth-certificate', 'id-card', 'passport', 'national-id-credential', 'mdl-credential'] }) kind!: string;
  @ApiProperty({ enum: ['pending', 'offered', 'issued'] }) state!: string;
  @ApiProperty({ enum: ['valid', 'suspended', 'revoked', 'expired'] }) status!: string;
  @ApiProperty() statusListIndex!: number;
  @ApiPropertyOptional() issuedAt?: string;
  @ApiPropertyOptional() validUntil?: string;
  @ApiPropertyOptional() documentNumber?: string;
  @ApiPropertyOptional({ description: 'the QR seal text (CZ1: + Base45 COSE_Sign1)' }) seal?: string;
}

export function mapDocument(document: IssuedDocument | DocumentView): DocumentDto {
  return {
    id: document.id,
    applicationId: document.applicationId,
    personId: document.personId,
    kind: document.kind,
    state: document.state,
    status: document.status,
    statusListIndex: document.statusListIndex,
    ...(document.issuedAt && { issuedAt: document.issuedAt.toISOString() }),
    ...(document.validUntil && { validUntil: document.validUntil.toISOString() }),
    ...('documentNumber' in document && document.documentNumber && { documentNumber: document.documentNumber }),
    ...('seal' in document && document.seal && { seal: document.seal }),
  };
}

@ApiTags('documents')
@ApiBearerAuth()
@Controller()
export class DocumentsController {
  constructor(private readonly documents: DocumentsService) {}

  @Get('persons/:id/documents')
  @RequirePermission(Permission.PersonSearch)
  @ApiOkResponse({ type: [DocumentDto] })
  async listForPerson(@Param() params: DocumentIdParamDto): Promise<DocumentDto[]> {
    return (await this.documents.listForPerson(params.id)).map(mapDocument);
  }

  @Get('documents/:id')
  @RequirePermission(Permission.PersonRead)
  @ApiOkResponse({ type: DocumentDto })
  async read(@CurrentActor() actor: Actor, @Param() params: DocumentIdParamDto): Promise<DocumentDto> {
    return mapDocument(await this.documents.read(actor, params.id));
  }

  @Get('documents/:id/pdf')
  @RequirePermission(Permission.PersonRead)
  @ApiProduces('application/pdf')
  async pdf(@CurrentActor() actor: Actor, @Param() params: DocumentIdParamDto): Promise<StreamableFile> {
    const { bytes, filename } = await this.documents.pdf(actor, params.id);
    return new StreamableFile(Buffer.from(bytes), { type: 'application/pdf', disposition: `inline; filename="${filename}"`, length: bytes.length });
  }
}
