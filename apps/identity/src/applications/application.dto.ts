import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsIn, IsInt, IsOptional, IsString, IsUUID, Length, Matches, Max, Min, ValidateNested } from 'class-validator';
import { BiometricReferenceDto, RegisterPersonDto } from '../persons/person.dto';
import { APPLICATION_TYPES, type Application, type ApplicationState, type ApplicationType, type JournalEntry } from './application';
import type { StoredApplication } from './application.repository';

const STATES: readonly ApplicationState[] = ['draft', 'submitted', 'biometrics-captured', 'deduplication', 'adjudication', 'review', 'approved', 'rejected', 'issued'];

export class DrivingPrivilegeDto {
  @ApiProperty({ example: 'B' }) @Matches(/^[A-Z][A-Z0-9]{0,3}$/, { message: 'must be a vehicle category code such as B or C1E' }) vehicleCategoryCode!: string;
  @ApiPropertyOptional() @IsOptional() @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'must be YYYY-MM-DD' }) issueDate?: string;
  @ApiPropertyOptional() @IsOptional() @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'must be YYYY-MM-DD' }) expiryDate?: string;
}

export class CreateApplicationDto {
  @ApiProperty({ enum: APPLICATION_TYPES }) @IsIn(APPLICATION_TYPES) type!: ApplicationType;
  @ApiPropertyOptional({ format: 'uuid', description: 'the registered person (renewal, replacement, passport, mDL)' }) @IsOptional() @IsUUID() personId?: string;
  @ApiPropertyOptional({ type: RegisterPersonDto, description: 'the applicant (birth registration, first national ID)' }) @IsOptional() @ValidateNested() @Type(() => RegisterPersonDto) applicant?: RegisterPersonDto;
  @ApiPropertyOptional({ enum: ['lost', 'stolen', 'damaged'] }) @IsOptional() @IsIn(['lost', 'stolen', 'damaged']) replacementReason?: 'lost' | 'stolen' | 'damaged';
  @ApiPropertyOptional({ type: [DrivingPrivilegeDto] }) @IsOptional() @IsArray() @ArrayMinSize(1) @ArrayMaxSize(20) @ValidateNested({ each: true }) @Type(() => DrivingPrivilegeDto) drivingPrivileges?: DrivingPrivilegeDto[];
  @ApiProperty() @IsString() @Length(1, 500) reason!: string;
}

export class ReasonDto {
  @ApiProperty({ description: 'why, for the journal' }) @IsString() @Length(1, 500) reason!: string;
}

export class CaptureBiometricsDto extends ReasonDto {
  @ApiProperty({ type: [BiometricReferenceDto] }) @IsArray() @ArrayMinSize(1) @ArrayMaxSize(12) @ValidateNested({ each: true }) @Type(() => BiometricReferenceDto) references!: BiometricReferenceDto[];
}

export class AdjudicationDto extends ReasonDto {
  @ApiProperty({ enum: ['duplicate', 'not-duplicate'] }) @IsIn(['duplicate', 'not-duplicate']) decision!: 'duplicate' | 'not-duplicate';
}

export class ApplicationIdParamDto {
  @ApiProperty({ format: 'uuid' }) @IsUUID() id!: string;
}

export class ApplicationListQueryDto {
  @ApiPropertyOptional({ enum: STATES, isArray: true }) @IsOptional() @IsIn(STATES, { each: true }) state?: ApplicationState[] | ApplicationState;
  @ApiPropertyOptional({ default: 50 }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(500) limit?: number;
}

export class JournalEntryDto {
  @ApiProperty({ nullable: true }) from!: string | null;
  @ApiProperty() to!: string;
  @ApiProperty() actor!: string;
  @ApiProperty() reason!: string;
  @ApiProperty() at!: string;
}

export class ApplicationSummaryDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ enum: APPLICATION_TYPES }) type!: string;
  @ApiProperty({ enum: STATES }) state!: string;
  @ApiPropertyOptional({ format: 'uuid' }) personId?: string;
  @ApiPropertyOptional({ description: 'the deduplication outcome, for the review queue' }) deduplication?: string;
  @ApiProperty() createdAt!: string;
  @ApiProperty() updatedAt!: string;
}

export class ApplicationResponseDto extends ApplicationSummaryDto {
  @ApiPropertyOptional({ type: RegisterPersonDto }) applicant?: object;
  @ApiPropertyOptional() replacementReason?: string;
  @ApiPropertyOptional({ type: [DrivingPrivilegeDto] }) drivingPrivileges?: DrivingPrivilegeDto[];
  @ApiProperty({ type: [BiometricReferenceDto] }) biometricReferences!: BiometricReferenceDto[];
  @ApiPropertyOptional({ description: 'candidates with scores, for adjudication' }) deduplicationDetail?: object;
  @ApiProperty() createdBy!: string;
  @ApiPropertyOptional() submittedBy?: string;
  @ApiPropertyOptional() decidedBy?: string;
  @ApiProperty() version!: number;
  @ApiProperty({ type: [JournalEntryDto] }) journal!: JournalEntryDto[];
}

export function mapApplicationSummary(application: StoredApplication | Application): ApplicationSummaryDto {
  return {
    id: application.id,
    type: application.type,
    state: application.state,
    ...(application.personId && { personId: application.personId }),
    ...(application.deduplication && { deduplication: application.deduplication.outcome }),
    createdAt: application.createdAt.toISOString(),
    updatedAt: application.updatedAt.toISOString(),
  };
}

export function mapApplication(application: Application, journal: readonly JournalEntry[] = []): ApplicationResponseDto {
  return {
    ...mapApplicationSummary(application),
    ...(application.applicant && { applicant: { ...application.applicant } }),
    ...(application.replacementReason && { replacementReason: application.replacementReason }),
    ...(application.drivingPrivileges && { drivingPrivileges: application.drivingPrivileges.map((privilege) => ({ ...privilege })) }),
    biometricReferences: application.biometricReferences.map((reference) => ({ ...reference })),
    ...(application.deduplication && { deduplicationDetail: { ...application.deduplication } }),
    createdBy: application.createdBy,
    ...(application.submittedBy && { submittedBy: application.submittedBy }),
    ...(application.decidedBy && { decidedBy: application.decidedBy }),
    version: application.version,
    journal: journal.map((entry) => ({ from: entry.from, to: entry.to, actor: entry.actor, reason: entry.reason, at: entry.at.toISOString() })),
  };
}
