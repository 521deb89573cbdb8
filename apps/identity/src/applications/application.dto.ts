import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsIn, IsInt, IsOptional, IsString, IsUUID, Length, Matches, Max, Min, ValidateNested } from 'class-validator';
import { BiometricReferenceDto, RegisterPersonDto } from '../persons/person.dto';
import { APPLICATION_TYPES, type Application, type ApplicationState, type ApplicationType, type JournalEntry } from './application';
import type { StoredApplication } from './application.repository';
import type { DeduplicationCandidates } from './applications.service';

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
  @ApiProperty({ type: String, nullable: true }) from!: string | null;
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

/** What an adjudicator compares of a candidate: identity, and the portrait printed on the person's documents. */
export class CandidatePersonDto {
  @ApiProperty() nationalIdNumber!: string;
  @ApiProperty({ enum: ['active', 'deceased'] }) status!: string;
  @ApiProperty() familyName!: string;
  @ApiProperty() givenNames!: string;
  @ApiProperty() birthDate!: string;
  @ApiProperty({ enum: ['F', 'M', 'X'] }) sex!: string;
  @ApiPropertyOptional({ description: 'JPEG, base64' }) portrait?: string;
}

export class DeduplicationCandidateDto {
  @ApiProperty({ format: 'uuid' }) personId!: string;
  @ApiProperty({ enum: ['face', 'fingerprint'] }) modality!: string;
  @ApiProperty({ description: 'calibrated score, 0–1' }) score!: number;
  @ApiPropertyOptional({ description: "the modality's deduplication threshold: candidates are reported from this score" }) threshold?: number;
  @ApiPropertyOptional({ type: CandidatePersonDto, description: 'absent when the registry holds no record for the candidate' }) person?: CandidatePersonDto;
}

export class DeduplicationThresholdsDto {
  @ApiProperty() face!: number;
  @ApiProperty() fingerprint!: number;
}

export class DeduplicationCandidatesDto {
  @ApiProperty({ format: 'uuid' }) applicationId!: string;
  @ApiProperty({ enum: ['no-match', 'possible-duplicate', 'failed', 'timed-out'] }) outcome!: string;
  @ApiProperty() decidedAt!: string;
  @ApiProperty({ type: [String] }) models!: string[];
  @ApiProperty({ type: DeduplicationThresholdsDto }) thresholds!: DeduplicationThresholdsDto;
  @ApiProperty({ type: [DeduplicationCandidateDto] }) candidates!: DeduplicationCandidateDto[];
}

export function mapDeduplicationCandidates(result: DeduplicationCandidates): DeduplicationCandidatesDto {
  return {
    applicationId: result.applicationId,
    outcome: result.outcome.outcome,
    decidedAt: result.outcome.decidedAt,
    models: [...result.outcome.models],
    thresholds: { ...result.thresholds },
    candidates: result.candidates.map((candidate) => ({
      personId: candidate.personId,
      modality: candidate.modality,
      score: candidate.score,
      ...(candidate.threshold !== undefined && { threshold: candidate.threshold }),
      ...(candidate.person && {
        person: {
          nationalIdNumber: candidate.person.nationalIdNumber,
          status: candidate.person.status,
          familyName: candidate.person.data.familyName,
          givenNames: candidate.person.data.givenNames,
          birthDate: candidate.person.data.birthDate,
          sex: candidate.person.data.sex,
          ...(candidate.person.data.portrait && { portrait: candidate.person.data.portrait }),
        },
      }),
    })),
  };
}
