import { Body, Controller, Delete, Get, HttpCode, Inject, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { RequirePermission, ValidationFailedError } from '@citizen-zero/nest-platform';
import { Permission } from '../auth/permissions';
import { BIOMETRIC_CONFIG, type BiometricConfig } from '../config/biometric-config';
import { FACE_ENGINE, type FaceEngine } from '../face/face-engine';
import { BiometricMatchingService } from './biometric-matching.service';
import { CaptureFaceDto, CaptureFingerprintDto, EnrolSubjectDto, FaceImageDto, IdentifyDto, mapAssessedFace, mapCapturedFace, mapCapturedFingers, mapComparison, mapIdentification, mapLiveness, mapQuality, mapTemplate, ReferenceParamDto, SubjectIdParamDto, VerifyDto } from './biometric.dto';
import { decodeUpload, probeFrom } from './probe-input';

@ApiTags('biometrics')
@ApiBearerAuth()
@Controller()
export class BiometricController {
  constructor(
    @Inject(BIOMETRIC_CONFIG) private readonly config: BiometricConfig,
    @Inject(FACE_ENGINE) private readonly faces: FaceEngine,
    private readonly matching: BiometricMatchingService,
  ) {}

  /** Captures a face (quality-checked) and keeps its encrypted template; the reference goes into the application. */
  @Post('captures/face')
  @RequirePermission(Permission.Capture)
  async captureFace(@Body() body: CaptureFaceDto) {
    return mapCapturedFace(await this.matching.captureFace(decodeUpload(body.image, this.config.http.maxImageBytes, 'the picture'), body.purpose ?? 'enrolment'));
  }

  /**
   * What the capture desk shows before keeping a capture: quality with coded refusals, the minimum
   * score, and the labelled liveness baseline, judged as `captures/face` would judge it. Nothing is kept.
   */
  @Post('assessments/face')
  @HttpCode(200)
  @RequirePermission(Permission.Capture)
  async assessFace(@Body() body: CaptureFaceDto) {
    return mapAssessedFace(await this.matching.assessFace(decodeUpload(body.image, this.config.http.maxImageBytes, 'the picture'), body.purpose ?? 'enrolment'));
  }

  @Post('captures/fingerprint')
  @RequirePermission(Permission.Capture)
  async captureFingerprint(@Body() body: CaptureFingerprintDto) {
    return mapCapturedFingers(await this.matching.captureFingerprints(decodeUpload(body.record, 1024 * 1024, 'the minutiae record')));
  }

  @Get('templates/:reference')
  @RequirePermission(Permission.Verify)
  async template(@Param() params: ReferenceParamDto) {
    return mapTemplate(await this.matching.describe(params.reference));
  }

  @Delete('templates/:reference')
  @HttpCode(204)
  @RequirePermission(Permission.ManageGallery)
  async eraseTemplate(@Param() params: ReferenceParamDto): Promise<void> {
    await this.matching.eraseTemplate(params.reference);
  }

  /** Puts captured templates in the gallery under a subject (the REST form of ABIS insert). */
  @Post('subjects/:subjectId/templates')
  @RequirePermission(Permission.ManageGallery)
  async enrol(@Param() params: SubjectIdParamDto, @Body() body: EnrolSubjectDto) {
    return this.matching.enrol(params.subjectId, body.references);
  }

  @Get('subjects/:subjectId/templates')
  @RequirePermission(Permission.Identify)
  async subjectTemplates(@Param() params: SubjectIdParamDto) {
    return (await this.matching.subjectTemplates(params.subjectId)).map(mapTemplate);
  }

  /** Erases a subject's templates and gallery entries. */
  @Delete('subjects/:subjectId')
  @RequirePermission(Permission.ManageGallery)
  async eraseSubject(@Param() params: SubjectIdParamDto) {
    return this.matching.eraseSubject(params.subjectId);
  }

  /** 1:1. */
  @Post('verifications')
  @HttpCode(200)
  @RequirePermission(Permission.Verify)
  async verify(@Body() body: VerifyDto) {
    if ((body.subjectId === undefined) === (body.reference === undefined)) throw new ValidationFailedError([{ field: 'subjectId', message: 'name the target: exactly one of subjectId or reference' }]);
    const target = body.subjectId ? { subjectId: body.subjectId } : { reference: body.reference! };
    return mapComparison(await this.matching.verify(probeFrom(body.probe, this.config.http.maxImageBytes), target));
  }

  /** 1:N, top k. */
  @Post('identifications')
  @HttpCode(200)
  @RequirePermission(Permission.Identify)
  async identify(@Body() body: IdentifyDto) {
    return mapIdentification(await this.matching.identify(probeFrom(body.probe, this.config.http.maxImageBytes), { k: body.topK ?? 10, ...(body.excludeSubjects && { excludeSubjects: body.excludeSubjects }) }));
  }

  @Post('quality/face')
  @HttpCode(200)
  @RequirePermission(Permission.Verify)
  async quality(@Body() body: CaptureFaceDto) {
    const report = await this.faces.assessQuality(decodeUpload(body.image, this.config.http.maxImageBytes, 'the picture'), body.purpose ?? 'enrolment');
    return { ...(report.face && { face: report.face }), quality: mapQuality(report.quality) };
  }

  /** Passive liveness: a labelled, non-certified baseline (see the notice in the answer). */
  @Post('liveness/face')
  @HttpCode(200)
  @RequirePermission(Permission.Verify)
  async liveness(@Body() body: FaceImageDto) {
    const report = await this.faces.assessLiveness(decodeUpload(body.image, this.config.http.maxImageBytes, 'the picture'));
    return { face: report.face, liveness: mapLiveness(report.liveness) };
  }
}
