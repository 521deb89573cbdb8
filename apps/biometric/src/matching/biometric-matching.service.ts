import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { encodeMinutiaeRecord, FingerprintError, parseMinutiaeRecord, prepareTemplate, TEMPLATE_VERSION } from '@citizen-zero/fingerprint';
import { Transactions } from '@citizen-zero/nest-platform';
import type { BiometricModality, DeduplicationCandidate, DeduplicationRequest, DeduplicationResult } from '@citizen-zero/service-contracts';
import { BiometricError } from '../biometric-error';
import { BIOMETRIC_CONFIG, type BiometricConfig } from '../config/biometric-config';
import { GalleryRotation } from '../crypto/gallery-rotation';
import { FACE_ENGINE, type CapturePurpose, type FaceAssessment, type FaceEngine, type FaceLocation, type FaceQualityReport, type LivenessReport } from '../face/face-engine';
import { dot, FACE_GALLERY_INDEX, type FaceGalleryIndex, type GalleryVector } from '../face/face-gallery-index';
import { calibratedFaceScore } from '../face/face-score';
import { FingerprintGallery, fuseFingers, type ProbeFinger, probeFinger } from '../fingerprint/fingerprint-gallery';
import type { BiometricTemplate } from '../templates/biometric-template';
import { BiometricTemplateRepository } from '../templates/biometric-template.repository';
import { TemplateVault } from '../templates/template-vault';
import { BiometricMetrics } from '../http/biometric-metrics';

export interface CapturedFace {
  readonly reference: string;
  readonly model: string;
  readonly face: FaceLocation;
  readonly quality: FaceQualityReport;
  readonly liveness: LivenessReport;
}

export interface CapturedFinger {
  readonly reference: string;
  readonly fingerPosition: number;
  readonly quality: number;
  readonly minutiae: number;
}

/** Why a capture would be refused, by stable code (quality rejection codes, QUALITY_SCORE_LOW, PRESENTATION_ATTACK_SUSPECTED). */
export interface CaptureRefusal {
  readonly code: string;
  readonly message: string;
}

/** A face picture assessed as {@link BiometricMatchingService.captureFace} would judge it, with nothing kept. */
export interface AssessedFace extends FaceAssessment {
  readonly purpose: CapturePurpose;
  /** The quality score (0–100) a capture for this purpose needs. */
  readonly minimumQuality: number;
  /** Whether a capture is refused when the liveness baseline suspects an attack (`CZ_FACE_LIVENESS_ENFORCED`). */
  readonly livenessEnforced: boolean;
  /** True when `captureFace` would keep this picture: no refusal. */
  readonly acceptable: boolean;
  readonly refusals: readonly CaptureRefusal[];
}

/** A probe: a stored capture (by reference), or a picture / minutiae record sent with the request and not kept. */
export type Probe = { readonly reference: string } | { readonly faceImage: Uint8Array } | { readonly minutiaeRecord: Uint8Array };

export interface Comparison {
  readonly modality: BiometricModality;
  /** Calibrated, [0, 1]. */
  readonly score: number;
  readonly threshold: number;
  readonly decision: 'match' | 'no-match';
  readonly model: string;
  /** Fingerprints: the fused natural log-likelihood ratio (the calibrated score saturates near 1; this does not). */
  readonly logLikelihoodRatio?: number;
}

export interface Candidate {
  readonly subjectId: string;
  readonly modality: BiometricModality;
  readonly score: number;
  readonly decision: 'match' | 'no-match';
}

export interface Identification {
  readonly modality: BiometricModality;
  readonly model: string;
  readonly threshold: number;
  readonly candidates: readonly Candidate[];
  readonly decision: 'match' | 'no-match';
  readonly gallerySize: number;
}

interface ResolvedProbe {
  readonly modality: BiometricModality;
  readonly model: string;
  readonly embedding?: Float32Array;
  readonly fingers?: readonly ProbeFinger[];
}

/**
 * Enrolment, 1:1 verification, 1:N identification, deduplication and erasure over the encrypted
 * templates and the galleries. Nothing here logs or returns biometric data or anything personal:
 * references, subject ids, scores and model names only.
 */
@Injectable()
export class BiometricMatchingService {
  private readonly logger = new Logger('biometric');

  constructor(
    @Inject(BIOMETRIC_CONFIG) private readonly config: BiometricConfig,
    @Inject(FACE_ENGINE) private readonly faces: FaceEngine,
    @Inject(FACE_GALLERY_INDEX) private readonly faceGallery: FaceGalleryIndex,
    private readonly fingerprintGallery: FingerprintGallery,
    private readonly templates: BiometricTemplateRepository,
    private readonly vault: TemplateVault,
    private readonly rotation: GalleryRotation,
    private readonly transactions: Transactions,
    private readonly metrics: BiometricMetrics,
  ) {}

  /** Captures a face: checks quality (and liveness when enforced), keeps the sealed embedding, returns its reference. */
  async captureFace(image: Uint8Array, purpose: CapturePurpose = 'enrolment'): Promise<CapturedFace> {
    const capture = await this.faces.analyse(image, purpose);
    this.refuseWeakCapture(capture.quality, purpose);
    if (this.config.face.livenessEnforced && capture.liveness.decision === 'attack-suspected') {
      throw new BiometricError('PRESENTATION_ATTACK_SUSPECTED', 'the capture looks like a presentation attack (a photo of a print or a screen): capture the person directly', { bonaFideScore: round(capture.liveness.bonaFideScore) });
    }
    const id = randomUUID();
    const sealed = await this.vault.sealEmbedding(id, capture.embedding);
    await this.transactions.run((transaction) =>
      this.templates.insert({ id, modality: 'face', subjectId: undefined, fingerPosition: undefined, model: capture.model, quality: Math.round(capture.quality.score), sealed, createdAt: new Date(), enrolledAt: undefined }, transaction),
    );
    this.metrics.captures.inc({ modality: 'face' });
    return { reference: id, model: capture.model, face: capture.face, quality: capture.quality, liveness: capture.liveness };
  }

  /**
   * Quality and liveness of a face picture, judged by the same rules as {@link captureFace}, with
   * nothing kept: the capture desk shows it before the official keeps the capture.
   */
  async assessFace(image: Uint8Array, purpose: CapturePurpose = 'enrolment'): Promise<AssessedFace> {
    const assessment = await this.faces.assess(image, purpose);
    const refusals = this.captureRefusals(assessment.quality, assessment.liveness, purpose);
    return { ...assessment, purpose, minimumQuality: this.minimumQuality(purpose), livenessEnforced: this.config.face.livenessEnforced, acceptable: refusals.length === 0, refusals };
  }

  /**
   * Captures the finger views of an ISO/IEC 19794-2:2005 or ANSI INCITS 378-2004 record: one
   * template per view (kept as a one-view record of the same standard), in one transaction.
   */
  async captureFingerprints(recordBytes: Uint8Array): Promise<CapturedFinger[]> {
    const record = parseMinutiaeRecord(recordBytes);
    if (record.views.length === 0) throw new BiometricError('MINUTIAE_RECORD_INVALID', 'the minutiae record holds no finger view');
    const captured: CapturedFinger[] = [];
    const rows: BiometricTemplate[] = [];
    for (const view of record.views) {
      if (view.minutiae.length < 8) throw new BiometricError('MINUTIAE_RECORD_INVALID', `finger view ${view.viewNumber} of position ${view.fingerPosition} has ${view.minutiae.length} minutiae; at least 8 are needed to compare`, { fingerPosition: view.fingerPosition, minutiae: view.minutiae.length });
      const id = randomUUID();
      const single = encodeMinutiaeRecord({ ...record, views: [view] });
      rows.push({ id, modality: 'fingerprint', subjectId: undefined, fingerPosition: view.fingerPosition, model: TEMPLATE_VERSION, quality: view.fingerQuality, sealed: await this.vault.sealMinutiae(id, single), createdAt: new Date(), enrolledAt: undefined });
      captured.push({ reference: id, fingerPosition: view.fingerPosition, quality: view.fingerQuality, minutiae: view.minutiae.length });
    }
    await this.transactions.run(async (transaction) => {
      for (const row of rows) await this.templates.insert(row, transaction);
    });
    this.metrics.captures.inc({ modality: 'fingerprint' }, rows.length);
    return captured;
  }

  /**
   * Puts captured templates in the gallery under a subject (ABIS insert). Idempotent; a template
   * already enrolled for another subject is refused, and nothing is written then.
   */
  async enrol(subjectId: string, references: readonly string[]): Promise<{ subjectId: string; templates: number }> {
    const unique = [...new Set(references)];
    const vectors: GalleryVector[] = [];
    await this.transactions.run(async (transaction) => {
      const found = await this.templates.lockMany(unique, transaction);
      const missing = unique.filter((reference) => !found.some((template) => template.id === reference));
      if (missing.length > 0) throw new BiometricError('TEMPLATE_NOT_FOUND', `${missing.length} template reference(s) are unknown (never captured, or erased)`, { missing: missing.length });
      if (found.some((template) => template.subjectId !== undefined && template.subjectId !== subjectId)) throw new BiometricError('TEMPLATE_IN_OTHER_SUBJECT', 'a template is already enrolled for another subject');
      await this.templates.assignSubject(unique, subjectId, transaction);
      for (const template of found.filter((candidate) => candidate.modality === 'face')) {
        vectors.push({ templateId: template.id, subjectId, model: template.model, vector: await this.rotation.rotate(template.model, await this.vault.openEmbedding(template)) });
      }
      await this.faceGallery.add(vectors, transaction);
    });
    await this.faceGallery.added(vectors);
    this.logger.log({ msg: 'templates enrolled', subjectId, templates: unique.length });
    return { subjectId, templates: unique.length };
  }

  /** 1:1: does the probe match the subject (or a given template)? */
  async verify(probe: Probe, target: { readonly subjectId: string } | { readonly reference: string }, purpose: CapturePurpose = 'verification'): Promise<Comparison> {
    const started = performance.now();
    const resolved = await this.resolveProbe(probe, purpose);
    const targets = 'subjectId' in target ? await this.templates.ofSubject(target.subjectId) : await this.templates.findMany([target.reference]);
    if (targets.length === 0) throw 'subjectId' in target ? new BiometricError('SUBJECT_NOT_FOUND', 'no templates are enrolled for this subject') : new BiometricError('TEMPLATE_NOT_FOUND', 'no template with this reference');
    const comparable = targets.filter((template) => template.modality === resolved.modality && template.model === resolved.model);
    if (comparable.length === 0) {
      throw targets.some((template) => template.modality === resolved.modality)
        ? new BiometricError('MODEL_MISMATCH', `the target's ${resolved.modality} templates were made with another model than ${resolved.model}; re-enrol with the current model`)
        : new BiometricError('MODALITY_MISMATCH', `the target has no ${resolved.modality} template`);
    }
    let score: number;
    let logLikelihoodRatio: number | undefined;
    if (resolved.modality === 'face') {
      let best = -1;
      for (const template of comparable) best = Math.max(best, dot(resolved.embedding!, await this.vault.openEmbedding(template)));
      score = calibratedFaceScore(resolved.model, best);
    } else {
      const fingers = await Promise.all(comparable.map((template) => probeFinger(this.vault, template)));
      const fused = fuseFingers(resolved.fingers!, fingers, this.config.fingerprint.fusion);
      score = fused.calibrated;
      logLikelihoodRatio = Math.round(fused.llr * 1e4) / 1e4;
    }
    const threshold = this.threshold(resolved.modality, resolved.model);
    this.metrics.matchSeconds.observe({ operation: 'verify', modality: resolved.modality }, (performance.now() - started) / 1000);
    return { modality: resolved.modality, score: round(score), threshold, decision: score >= threshold ? 'match' : 'no-match', model: resolved.model, ...(logLikelihoodRatio !== undefined && Number.isFinite(logLikelihoodRatio) && { logLikelihoodRatio }) };
  }

  /** 1:N: the best candidates in the gallery, best first. */
  async identify(probe: Probe, options: { k?: number; excludeSubjects?: readonly string[]; onlySubjects?: readonly string[]; threshold?: number } = {}): Promise<Identification> {
    const started = performance.now();
    const resolved = await this.resolveProbe(probe, 'verification');
    const identification = await this.identifyResolved(resolved, options);
    this.metrics.matchSeconds.observe({ operation: 'identify', modality: resolved.modality }, (performance.now() - started) / 1000);
    return identification;
  }

  /** The identity service's deduplication request (by event): every probe against the gallery, the applicant's own subject excluded. */
  async deduplicate(request: DeduplicationRequest): Promise<DeduplicationResult> {
    const models = new Set<string>();
    try {
      const templates = await this.templates.findMany(request.probes.map((probe) => probe.reference));
      if (templates.length !== new Set(request.probes.map((probe) => probe.reference)).size) throw new BiometricError('TEMPLATE_NOT_FOUND', 'a probe reference is unknown');
      const best = new Map<string, DeduplicationCandidate>();
      for (const modality of ['face', 'fingerprint'] as const) {
        const ofModality = templates.filter((template) => template.modality === modality);
        if (ofModality.length === 0) continue;
        const threshold = request.thresholds[modality] ?? this.threshold(modality, ofModality[0]!.model);
        for (const resolved of await this.resolveStored(ofModality)) {
          models.add(resolved.model);
          const identification = await this.identifyResolved(resolved, { k: 10, excludeSubjects: request.excludePersonIds, threshold });
          for (const candidate of identification.candidates.filter((entry) => entry.score >= threshold)) {
            const key = `${candidate.subjectId}\u0000${modality}`;
            if ((best.get(key)?.score ?? -1) < candidate.score) best.set(key, { personId: candidate.subjectId, modality, score: candidate.score });
          }
        }
      }
      const candidates = [...best.values()].sort((a, b) => b.score - a.score);
      this.metrics.deduplications.inc({ outcome: candidates.length > 0 ? 'possible-duplicate' : 'no-match' });
      return { applicationId: request.applicationId, correlationId: request.correlationId, outcome: candidates.length > 0 ? 'possible-duplicate' : 'no-match', candidates, models: [...models] };
    } catch (error) {
      // A request that cannot be answered (unknown probe, unreadable template) gets a `failed` answer with its code;
      // anything else (database, HSM down) is thrown so the job is retried.
      if (!(error instanceof BiometricError) && !(error instanceof FingerprintError)) throw error;
      this.metrics.deduplications.inc({ outcome: 'failed' });
      return { applicationId: request.applicationId, correlationId: request.correlationId, outcome: 'failed', candidates: [], errorCode: error.code, models: [...models] };
    }
  }

  /** Erases a subject: every template and gallery entry (a person deleted from the registry, ABIS delete). */
  async eraseSubject(subjectId: string): Promise<{ erased: number }> {
    const erased = await this.transactions.run((transaction) => this.templates.deleteSubject(subjectId, transaction));
    await this.faceGallery.forgetSubject(subjectId);
    this.fingerprintGallery.forgetSubject(subjectId);
    this.logger.log({ msg: 'subject erased', subjectId, templates: erased });
    return { erased };
  }

  /** Erases captures that were never enrolled and are older than the retention period; returns how many. */
  async eraseAbandonedCaptures(): Promise<number> {
    const erased = await this.templates.deleteUnenrolledBefore(new Date(Date.now() - this.config.unenrolledRetentionDays * 86_400_000));
    if (erased > 0) this.logger.log({ msg: 'abandoned captures erased', templates: erased, retentionDays: this.config.unenrolledRetentionDays });
    return erased;
  }

  async eraseTemplate(reference: string): Promise<void> {
    const deleted = await this.transactions.run((transaction) => this.templates.delete(reference, transaction));
    if (!deleted) throw new BiometricError('TEMPLATE_NOT_FOUND', 'no template with this reference');
    await this.faceGallery.forgetTemplate(reference);
    this.fingerprintGallery.forgetTemplate(reference);
  }

  /** A template's metadata (no biometric data). */
  async describe(reference: string): Promise<BiometricTemplate> {
    const template = await this.templates.find(reference);
    if (!template) throw new BiometricError('TEMPLATE_NOT_FOUND', 'no template with this reference');
    return template;
  }

  async subjectTemplates(subjectId: string): Promise<BiometricTemplate[]> {
    const templates = await this.templates.ofSubject(subjectId);
    if (templates.length === 0) throw new BiometricError('SUBJECT_NOT_FOUND', 'no templates are enrolled for this subject');
    return templates;
  }

  referenceCount(): Promise<number> {
    return this.templates.countSubjects();
  }

  /** The configured threshold of a modality and model. */
  threshold(modality: BiometricModality, model: string): number {
    return modality === 'fingerprint' ? this.config.fingerprint.threshold : (this.config.face.thresholds[model] ?? 0.5);
  }

  private async identifyResolved(resolved: ResolvedProbe, options: { k?: number; excludeSubjects?: readonly string[]; onlySubjects?: readonly string[]; threshold?: number }): Promise<Identification> {
    const k = options.k ?? 10;
    const threshold = options.threshold ?? this.threshold(resolved.modality, resolved.model);
    let candidates: Candidate[];
    let gallerySize: number;
    if (resolved.modality === 'face') {
      const hits = await this.faceGallery.search({ model: resolved.model, vector: await this.rotation.rotate(resolved.model, resolved.embedding!), k, ...(options.excludeSubjects && { excludeSubjects: options.excludeSubjects }), ...(options.onlySubjects && { onlySubjects: options.onlySubjects }) });
      candidates = hits.map((hit) => this.candidate(hit.subjectId, 'face', calibratedFaceScore(resolved.model, hit.cosine), threshold));
      gallerySize = await this.faceGallery.size(resolved.model);
    } else {
      const hits = await this.fingerprintGallery.identify(resolved.fingers!, { k, ...(options.excludeSubjects && { excludeSubjects: options.excludeSubjects }), ...(options.onlySubjects && { onlySubjects: options.onlySubjects }) });
      candidates = hits.map((hit) => this.candidate(hit.subjectId, 'fingerprint', hit.score.calibrated, threshold));
      gallerySize = this.fingerprintGallery.size;
    }
    return { modality: resolved.modality, model: resolved.model, threshold, candidates, decision: candidates.some((candidate) => candidate.decision === 'match') ? 'match' : 'no-match', gallerySize };
  }

  private candidate(subjectId: string, modality: BiometricModality, score: number, threshold: number): Candidate {
    return { subjectId, modality, score: round(score), decision: score >= threshold ? 'match' : 'no-match' };
  }

  private async resolveProbe(probe: Probe, purpose: CapturePurpose): Promise<ResolvedProbe> {
    if ('faceImage' in probe) {
      const capture = await this.faces.analyse(probe.faceImage, purpose);
      this.refuseWeakCapture(capture.quality, purpose);
      return { modality: 'face', model: capture.model, embedding: capture.embedding };
    }
    if ('minutiaeRecord' in probe) {
      const record = parseMinutiaeRecord(probe.minutiaeRecord);
      return { modality: 'fingerprint', model: TEMPLATE_VERSION, fingers: record.views.map((view, index) => ({ fingerPosition: view.fingerPosition, template: prepareTemplate(record, { view: index }) })) };
    }
    const [template] = await this.templates.findMany([probe.reference]);
    if (!template) throw new BiometricError('TEMPLATE_NOT_FOUND', 'no template with this reference');
    const [resolved] = await this.resolveStored([template]);
    return resolved!;
  }

  /** Stored templates as probes: face templates one by one, a modality's fingerprints together (multi-finger). */
  private async resolveStored(templates: readonly BiometricTemplate[]): Promise<ResolvedProbe[]> {
    const resolved: ResolvedProbe[] = [];
    for (const template of templates.filter((entry) => entry.modality === 'face')) resolved.push({ modality: 'face', model: template.model, embedding: await this.vault.openEmbedding(template) });
    const fingers = templates.filter((entry) => entry.modality === 'fingerprint');
    if (fingers.length > 0) resolved.push({ modality: 'fingerprint', model: TEMPLATE_VERSION, fingers: await Promise.all(fingers.map((template) => probeFinger(this.vault, template))) });
    return resolved;
  }

  private refuseWeakCapture(quality: FaceQualityReport, purpose: CapturePurpose): void {
    const refusals = this.captureRefusals(quality, undefined, purpose);
    if (refusals.length > 0) {
      const reasons = quality.rejections.length > 0 ? quality.rejections.map((rejection) => rejection.message).join('; ') : refusals.map((refusal) => refusal.message).join('; ');
      throw new BiometricError('QUALITY_REJECTED', `the face capture is not good enough for ${purpose}: ${reasons}`, { score: Math.round(quality.score), reasons: refusals.map((refusal) => refusal.code).join(',') });
    }
  }

  /** The one rule for keeping a capture: no quality rejection, the purpose's minimum score, and (when enforced) no suspected attack. */
  private captureRefusals(quality: FaceQualityReport, liveness: LivenessReport | undefined, purpose: CapturePurpose): CaptureRefusal[] {
    const minimum = this.minimumQuality(purpose);
    const refusals: CaptureRefusal[] = quality.rejections.map((rejection) => ({ code: rejection.code, message: rejection.message }));
    if (quality.score < minimum) refusals.push({ code: 'QUALITY_SCORE_LOW', message: `quality ${Math.round(quality.score)} is below the ${minimum} a ${purpose} capture needs` });
    if (liveness && this.config.face.livenessEnforced && liveness.decision === 'attack-suspected') {
      refusals.push({ code: 'PRESENTATION_ATTACK_SUSPECTED', message: 'the capture looks like a presentation attack (a photo of a print or a screen): capture the person directly' });
    }
    return refusals;
  }

  private minimumQuality(purpose: CapturePurpose): number {
    return purpose === 'enrolment' ? this.config.face.minEnrolmentQuality : this.config.face.minVerificationQuality;
  }
}

function round(value: number): number {
  return Math.round(value * 1e6) / 1e6;
}
