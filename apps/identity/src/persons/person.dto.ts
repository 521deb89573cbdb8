import { IsBase64Bytes } from '@citizen-zero/nest-platform';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsIn, IsOptional, IsString, IsUUID, Length, Matches, MaxLength, Validate, ValidateNested, type ValidatorConstraintInterface, ValidatorConstraint } from 'class-validator';
import { APPLICATION_TYPES } from '../applications/application';
import type { Person } from './person';
import { RECORD_EVENT_ACTIONS, type RecordHistory } from './record-history.service';

@ValidatorConstraint({ name: 'pastCalendarDate' })
class PastCalendarDate implements ValidatorConstraintInterface {
  validate(value: unknown): boolean {
    if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
    const date = new Date(`${value}T00:00:00Z`);
    return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(value) && date.getTime() <= Date.now() && date.getUTCFullYear() >= 1850;
  }
  defaultMessage(): string {
    return 'must be a real calendar date (YYYY-MM-DD), not in the future';
  }
}

@ValidatorConstraint({ name: 'jpegBase64' })
class JpegBase64 implements ValidatorConstraintInterface {
  validate(value: unknown): boolean {
    return typeof value === 'string' && Buffer.from(value.slice(0, 8), 'base64').subarray(0, 3).equals(Buffer.of(0xff, 0xd8, 0xff));
  }
  defaultMessage(): string {
    return 'must be a JPEG image';
  }
}

const NAME = /^[\p{L}\p{M}' .,-]+$/u;
const COUNTRY = /^[A-Z]{2}$/;

export class AddressDto {
  @ApiProperty({ enum: ['residence', 'postal'] }) @IsIn(['residence', 'postal']) kind!: 'residence' | 'postal';
  @ApiProperty({ type: [String] }) @IsArray() @ArrayMinSize(1) @ArrayMaxSize(4) @IsString({ each: true }) @MaxLength(120, { each: true }) lines!: string[];
  @ApiProperty() @IsString() @Length(1, 100) locality!: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(20) postalCode?: string;
  @ApiProperty({ description: 'ISO 3166-1 alpha-2' }) @Matches(COUNTRY, { message: 'must be an ISO 3166-1 alpha-2 code' }) country!: string;
}

export class ParentDto {
  @ApiProperty({ enum: ['mother', 'father', 'parent'] }) @IsIn(['mother', 'father', 'parent']) role!: 'mother' | 'father' | 'parent';
  @ApiProperty() @IsString() @Length(1, 100) @Matches(NAME, { message: 'may contain letters, spaces, apostrophes, dots and hyphens only' }) familyName!: string;
  @ApiProperty() @IsString() @Length(1, 150) @Matches(NAME, { message: 'may contain letters, spaces, apostrophes, dots and hyphens only' }) givenNames!: string;
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() personId?: string;
}

export class BiometricReferenceDto {
  @ApiProperty({ enum: ['face', 'fingerprint'] }) @IsIn(['face', 'fingerprint']) modality!: 'face' | 'fingerprint';
  @ApiProperty() @IsString() @Length(1, 100) reference!: string;
}

export class RegisterPersonDto {
  @ApiProperty() @IsString() @Length(1, 100) @Matches(NAME, { message: 'may contain letters, spaces, apostrophes, dots and hyphens only' }) familyName!: string;
  @ApiProperty() @IsString() @Length(1, 150) @Matches(NAME, { message: 'may contain letters, spaces, apostrophes, dots and hyphens only' }) givenNames!: string;
  @ApiProperty({ example: '1990-04-17' }) @Validate(PastCalendarDate) birthDate!: string;
  @ApiProperty() @IsString() @Length(1, 100) placeOfBirth!: string;
  @ApiProperty({ enum: ['F', 'M', 'X'] }) @IsIn(['F', 'M', 'X']) sex!: 'F' | 'M' | 'X';
  @ApiProperty({ type: [String], description: 'ISO 3166-1 alpha-2' }) @IsArray() @ArrayMinSize(1) @ArrayMaxSize(5) @Matches(COUNTRY, { each: true, message: 'must be ISO 3166-1 alpha-2 codes' }) nationalities!: string[];
  @ApiProperty({ type: [AddressDto] }) @IsArray() @ArrayMaxSize(5) @ValidateNested({ each: true }) @Type(() => AddressDto) addresses!: AddressDto[];
  @ApiPropertyOptional({ type: [ParentDto] }) @IsOptional() @IsArray() @ArrayMaxSize(2) @ValidateNested({ each: true }) @Type(() => ParentDto) parents?: ParentDto[];
  @ApiPropertyOptional({ type: [BiometricReferenceDto] }) @IsOptional() @IsArray() @ArrayMaxSize(12) @ValidateNested({ each: true }) @Type(() => BiometricReferenceDto) biometricReferences?: BiometricReferenceDto[];
  @ApiPropertyOptional({ description: 'portrait, JPEG as base64 (at most 300 KB)' }) @IsOptional() @IsBase64Bytes() @MaxLength(400_000) @Validate(JpegBase64) portrait?: string;
}

export class PersonSearchQueryDto {
  @ApiPropertyOptional() @IsOptional() @IsString() @Length(1, 20) nationalIdNumber?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @Length(1, 100) familyName?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @Length(1, 150) givenNames?: string;
  @ApiPropertyOptional() @IsOptional() @Validate(PastCalendarDate) birthDate?: string;
}

export class PersonIdParamDto {
  @ApiProperty({ format: 'uuid' }) @IsUUID() id!: string;
}

export class PersonResponseDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() nationalIdNumber!: string;
  @ApiProperty({ enum: ['active', 'deceased'] }) status!: string;
  @ApiProperty() familyName!: string;
  @ApiProperty() givenNames!: string;
  @ApiProperty() birthDate!: string;
  @ApiProperty() placeOfBirth!: string;
  @ApiProperty() sex!: string;
  @ApiProperty({ type: [String] }) nationalities!: string[];
  @ApiProperty({ type: [AddressDto] }) addresses!: AddressDto[];
  @ApiProperty({ type: [ParentDto] }) parents!: ParentDto[];
  @ApiProperty({ type: [BiometricReferenceDto] }) biometricReferences!: BiometricReferenceDto[];
  @ApiPropertyOptional({ description: 'JPEG, base64' }) portrait?: string;
  @ApiProperty() createdAt!: string;
  @ApiProperty() version!: number;
}

export function mapPerson(person: Person): PersonResponseDto {
  return {
    id: person.id,
    nationalIdNumber: person.nationalIdNumber,
    status: person.status,
    familyName: person.data.familyName,
    givenNames: person.data.givenNames,
    birthDate: person.data.birthDate,
    placeOfBirth: person.data.placeOfBirth,
    sex: person.data.sex,
    nationalities: [...person.data.nationalities],
    addresses: person.data.addresses.map((address) => ({ ...address, lines: [...address.lines] })),
    parents: person.data.parents.map((parent) => ({ ...parent })),
    biometricReferences: person.data.biometricReferences.map((reference) => ({ ...reference })),
    ...(person.data.portrait && { portrait: person.data.portrait }),
    createdAt: person.createdAt.toISOString(),
    version: person.version,
  };
}

/** A journal entry of an application (the same shape as the applications module's; declared here so the two DTO files do not import each other). */
export class RecordJournalEntryDto {
  @ApiProperty({ nullable: true, type: String }) from!: string | null;
  @ApiProperty() to!: string;
  @ApiProperty() actor!: string;
  @ApiProperty() reason!: string;
  @ApiProperty() at!: string;
}

export class RecordApplicationDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ enum: APPLICATION_TYPES }) type!: string;
  @ApiProperty({ enum: ['draft', 'submitted', 'biometrics-captured', 'deduplication', 'adjudication', 'review', 'approved', 'rejected', 'issued'] }) state!: string;
  @ApiProperty() createdBy!: string;
  @ApiPropertyOptional() submittedBy?: string;
  @ApiPropertyOptional() decidedBy?: string;
  @ApiProperty() createdAt!: string;
  @ApiProperty() updatedAt!: string;
  @ApiProperty({ type: [RecordJournalEntryDto] }) journal!: RecordJournalEntryDto[];
}

export class RecordEventDto {
  @ApiProperty({ description: 'the audit log entry' }) sequence!: number;
  @ApiProperty() at!: string;
  @ApiProperty({ description: 'the official or system component' }) actor!: string;
  @ApiProperty({ enum: RECORD_EVENT_ACTIONS }) action!: string;
  @ApiPropertyOptional({ format: 'uuid' }) documentId?: string;
  @ApiPropertyOptional({ enum: ['birth-certificate', 'id-card', 'passport', 'national-id-credential', 'mdl-credential'] }) documentKind?: string;
  @ApiPropertyOptional({ description: 'lifecycle reason code' }) reason?: string;
  @ApiPropertyOptional({ description: 'documents changed by a change to the person' }) documentsAffected?: number;
}

export class PersonHistoryDto {
  @ApiProperty({ type: [RecordApplicationDto], description: 'applications naming the person, oldest first, with their journals' }) applications!: RecordApplicationDto[];
  @ApiProperty({ type: [RecordEventDto], description: 'changes to the person and their documents from the audit log, oldest first' }) events!: RecordEventDto[];
}

export function mapPersonHistory(history: RecordHistory): PersonHistoryDto {
  return {
    applications: history.applications.map((application) => ({
      id: application.id,
      type: application.type,
      state: application.state,
      createdBy: application.createdBy,
      ...(application.submittedBy && { submittedBy: application.submittedBy }),
      ...(application.decidedBy && { decidedBy: application.decidedBy }),
      createdAt: application.createdAt.toISOString(),
      updatedAt: application.updatedAt.toISOString(),
      journal: application.journal.map((entry) => ({ from: entry.from, to: entry.to, actor: entry.actor, reason: entry.reason, at: entry.at.toISOString() })),
    })),
    events: history.events.map((event) => ({
      sequence: event.sequence,
      at: event.at.toISOString(),
      actor: event.actor,
      action: event.action,
      ...(event.documentId && { documentId: event.documentId }),
      ...(event.documentKind && { documentKind: event.documentKind }),
      ...(event.reason && { reason: event.reason }),
      ...(event.documentsAffected !== undefined && { documentsAffected: event.documentsAffected }),
    })),
  };
}
