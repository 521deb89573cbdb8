import { IsBase64Bytes } from '@citizen-zero/nest-platform';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsIn, IsInt, IsOptional, IsUUID, Max, MaxLength, Min, ValidateNested } from 'class-validator';
import type { AssessedFace, CapturedFace, CapturedFinger, Comparison, Identification } from './biometric-matching.service';
import type { BiometricTemplate } from '../templates/biometric-template';
import type { FaceQualityReport, LivenessReport } from '../face/face-engine';

/** Base64 of up to 12 MiB (a 8 MiB picture); the configured byte limit is checked after decoding. */
const MAX_BASE64 = 12 * 1024 * 1024;

export class FaceImageDto {
  @ApiProperty({ description: 'the picture, base64 (JPEG, PNG or WebP)', format: 'byte' }) @IsBase64Bytes() @MaxLength(MAX_BASE64) image!: string;
}

export class CaptureFaceDto extends FaceImageDto {
  @ApiPropertyOptional({ enum: ['enrolment', 'verification'], default: 'enrolment' }) @IsOptional() @IsIn(['enrolment', 'verification']) purpose?: 'enrolment' | 'verification';
}

export class CaptureFingerprintDto {
  @ApiProperty({ description: 'an ISO/IEC 19794-2:2005 or ANSI INCITS 378-2004 finger minutiae record, base64', format: 'byte' }) @IsBase64Bytes() @MaxLength(1024 * 1024) record!: string;
}

/** Exactly one of the three. */
export class ProbeDto {
  @ApiPropertyOptional({ format: 'uuid', description: 'a stored capture' }) @IsOptional() @IsUUID() reference?: string;
  @ApiPropertyOptional({ format: 'byte', description: 'a face picture, base64 (not kept)' }) @IsOptional() @IsBase64Bytes() @MaxLength(MAX_BASE64) faceImage?: string;
  @ApiPropertyOptional({ format: 'byte', description: 'a minutiae record, base64 (not kept)' }) @IsOptional() @IsBase64Bytes() @MaxLength(1024 * 1024) minutiaeRecord?: string;
}

export class VerifyDto {
  @ApiProperty({ type: ProbeDto }) @ValidateNested() @Type(() => ProbeDto) probe!: ProbeDto;
  @ApiPropertyOptional({ format: 'uuid', description: 'the enrolled subject (person id) to compare with' }) @IsOptional() @IsUUID() subjectId?: string;
  @ApiPropertyOptional({ format: 'uuid', description: 'or one template to compare with' }) @IsOptional() @IsUUID() reference?: string;
}

export class IdentifyDto {
  @ApiProperty({ type: ProbeDto }) @ValidateNested() @Type(() => ProbeDto) probe!: ProbeDto;
  @ApiPropertyOptional({ default: 10, minimum: 1, maximum: 100 }) @IsOptional() @IsInt() @Min(1) @Max(100) topK?: number;
  @ApiPropertyOptional({ type: [String], description: 'subjects not to return' }) @IsOptional() @IsArray() @ArrayMaxSize(100) @IsUUID('all', { each: true }) excludeSubjects?: string[];
}

export class EnrolSubjectDto {
  @ApiProperty({ type: [String], description: 'captured template references to put in the gallery under this subject' }) @IsArray() @ArrayMinSize(1) @ArrayMaxSize(100) @IsUUID('all', { each: true }) references!: string[];
}

export class SubjectIdParamDto {
  @ApiProperty({ format: 'uuid' }) @IsUUID() subjectId!: string;
}

export class ReferenceParamDto {
  @ApiProperty({ format: 'uuid' }) @IsUUID() reference!: string;
}

export function mapCapturedFace(captured: CapturedFace) {
  return { reference: captured.reference, modality: 'face', model: captured.model, face: captured.face, quality: mapQuality(captured.quality), liveness: mapLiveness(captured.liveness) };
}

export function mapAssessedFace(assessed: AssessedFace) {
  return {
    purpose: assessed.purpose,
    acceptable: assessed.acceptable,
    refusals: assessed.refusals.map((refusal) => ({ ...refusal })),
    ...(assessed.face && { face: assessed.face }),
    quality: { ...mapQuality(assessed.quality), minimum: assessed.minimumQuality },
    ...(assessed.liveness && { liveness: { ...mapLiveness(assessed.liveness), enforced: assessed.livenessEnforced } }),
  };
}

export function mapCapturedFingers(captured: readonly CapturedFinger[]) {
  return { modality: 'fingerprint', templates: captured.map((finger) => ({ ...finger })) };
}

export function mapQuality(quality: FaceQualityReport) {
  return { score: Math.round(quality.score), components: quality.components.map((component) => ({ ...component })), rejections: quality.rejections.map((rejection) => ({ ...rejection })) };
}

export function mapLiveness(liveness: LivenessReport) {
  return { ...liveness, components: { ...liveness.components }, models: [...liveness.models] };
}

export function mapComparison(comparison: Comparison) {
  return { ...comparison };
}

export function mapIdentification(identification: Identification) {
  return { ...identification, candidates: identification.candidates.map((candidate) => ({ ...candidate })) };
}

export function mapTemplate(template: BiometricTemplate) {
  return {
    reference: template.id,
    modality: template.modality,
    model: template.model,
    quality: template.quality,
    ...(template.fingerPosition !== undefined && { fingerPosition: template.fingerPosition }),
    ...(template.subjectId && { subjectId: template.subjectId }),
    createdAt: template.createdAt.toISOString(),
    ...(template.enrolledAt && { enrolledAt: template.enrolledAt.toISOString() }),
  };
}
