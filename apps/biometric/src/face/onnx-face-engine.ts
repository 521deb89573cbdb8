import { readFileSync } from 'node:fs';
import { crop, FACE_MODEL_MANIFEST, type FaceDetection, type FaceDetector, type FaceEmbedder, formatModel, type LandmarkModel, type OnnxEmbedderSpec, type Point, type RgbImage, squareRect } from '@citizen-zero/face-models';
import { loadFaceApiModels, loadPadModels, OnnxFaceEmbedder, OnnxTinyFaceDetector } from '@citizen-zero/face-models/onnx';
import { decodeImage } from '@citizen-zero/face-models/sharp';
import { alignFace, arcFaceReference, assessFaceQuality, faceApiReference, faceQualityConfig, PRESENTATION_ATTACK_BASELINE_NOTICE, type AlignmentReference } from '@citizen-zero/face-analysis';
import { BiometricError } from '../biometric-error';
import { CascadeFaceDetector } from './cascade-face-detector';
import { FusedPresentationAttackDetector } from './fused-presentation-attack-detector';
import { PRESENTATION_ATTACK_FUSION } from './presentation-attack-fusion';
import type { BiometricConfig } from '../config/biometric-config';
import type { CapturePurpose, FaceAssessment, FaceCapture, FaceEngine, FaceLocation, FaceQualityReport, LivenessReport } from './face-engine';

/** Pictures are shrunk to this longer side before detection (the detector works at 512 px anyway). */
const MAX_SIDE = 1024;


interface LocatedFace {
  readonly detection: FaceDetection;
  /** 68 points in picture pixels. */
  readonly landmarks: Point[];
}

/**
 * The face pipeline on the ONNX models (libs/face-models) and the geometry and quality of
 * libs/face-analysis: decode → detect → 68 landmarks on the square crop around the best face →
 * similarity alignment onto the embedder's reference points → embed (L2-normalised); quality
 * (ISO/IEC 29794-5-style components) and the passive PAD baseline alongside.
 */
export class OnnxFaceEngine implements FaceEngine {
  private constructor(
    /** Enrolment captures. */
    private readonly detector: FaceDetector,
    /** Verification and identification probes. */
    private readonly probeDetector: FaceDetector,
    private readonly landmarkModel: LandmarkModel,
    private readonly embedder: FaceEmbedder,
    private readonly reference: AlignmentReference,
    private readonly pad: FusedPresentationAttackDetector,
    private readonly config: BiometricConfig['face'],
    private readonly release: () => Promise<void>,
  ) {}

  static async load(config: BiometricConfig['face']): Promise<OnnxFaceEngine> {
    const models = await loadFaceApiModels({ modelsDir: config.modelsDir, detector: config.detector === 'tiny-face-detector' ? 'tiny-face-detector' : 'ssd-mobilenetv1', threads: config.threads });
    const tiny = config.detector === 'tiny-then-ssd' ? await OnnxTinyFaceDetector.load(config.modelsDir, FACE_MODEL_MANIFEST, { threads: config.threads }) : undefined;
    const probeDetector = tiny ? new CascadeFaceDetector(tiny, models.detector) : models.detector;
    const pad = config.padModels.length > 0 ? await loadPadModels({ modelsDir: config.modelsDir, threads: config.threads }) : undefined;
    const padModels = pad ? config.padModels.map((name) => (name === 'human/antispoof' ? pad.antispoof : pad.liveness)) : [];
    let embedder = models.embedder;
    let reference = faceApiReference(150);
    if (config.embedderSpecFile) {
      // A drop-in embedder: its spec (path, SHA-256, tensors) from the operator's file; ArcFace-class models align to ArcFace's five points.
      const spec = JSON.parse(readFileSync(config.embedderSpecFile, 'utf8')) as OnnxEmbedderSpec & { alignment?: 'arcface' | 'face-api' };
      const dropIn = await OnnxFaceEmbedder.load(spec, { threads: config.threads });
      embedder = dropIn;
      reference = spec.alignment === 'face-api' ? faceApiReference(spec.input.width) : arcFaceReference(spec.input.width);
      const release = models.release;
      models.release = async () => {
        await Promise.all([release(), dropIn.release()]);
      };
    }
    const detector = new FusedPresentationAttackDetector(padModels, { ...PRESENTATION_ATTACK_FUSION, threshold: config.livenessThreshold });
    return new OnnxFaceEngine(models.detector, probeDetector, models.landmarks, embedder, reference, detector, config, async () => {
      await Promise.all([models.release(), pad?.release(), tiny?.release()]);
    });
  }

  get model(): string {
    return formatModel(this.embedder.model);
  }

  get detectorModel(): string {
    return formatModel(this.detector.model);
  }

  async analyse(bytes: Uint8Array, purpose: CapturePurpose): Promise<FaceCapture> {
    const image = await decode(bytes);
    const faces = await this.locate(image, purpose);
    const best = faces[0];
    if (!best) throw new BiometricError('FACE_NOT_FOUND', 'no face was found in the picture: the face must be visible, frontal and lit', { width: image.width, height: image.height });
    const aligned = alignFace(image, best.landmarks, this.reference);
    const embedding = await this.embedder.embed(aligned.image);
    return { model: this.model, embedding, face: location(best, faces.length), quality: this.quality(image, faces, purpose), liveness: await this.liveness(image, best) };
  }

  async assessQuality(bytes: Uint8Array, purpose: CapturePurpose): Promise<{ face?: FaceLocation; quality: FaceQualityReport }> {
    const image = await decode(bytes);
    const faces = await this.locate(image, purpose);
    return { ...(faces[0] && { face: location(faces[0], faces.length) }), quality: this.quality(image, faces, purpose) };
  }

  async assessLiveness(bytes: Uint8Array): Promise<{ face: FaceLocation; liveness: LivenessReport }> {
    const image = await decode(bytes);
    const faces = await this.locate(image, 'verification');
    const best = faces[0];
    if (!best) throw new BiometricError('FACE_NOT_FOUND', 'no face was found in the picture');
    return { face: location(best, faces.length), liveness: await this.liveness(image, best) };
  }

  async assess(bytes: Uint8Array, purpose: CapturePurpose): Promise<FaceAssessment> {
    const image = await decode(bytes);
    const faces = await this.locate(image, purpose);
    const best = faces[0];
    return { ...(best && { face: location(best, faces.length), liveness: await this.liveness(image, best) }), quality: this.quality(image, faces, purpose) };
  }

  async onApplicationShutdown(): Promise<void> {
    await this.release();
  }

  /** Detected faces, best first, each with its landmarks in picture pixels. */
  private async locate(image: RgbImage, purpose: CapturePurpose): Promise<LocatedFace[]> {
    const detections = await (purpose === 'enrolment' ? this.detector : this.probeDetector).detect(image, { maxResults: 10 });
    const located: LocatedFace[] = [];
    for (const detection of detections.slice(0, 3)) {
      const rect = squareRect(detection.box, image);
      const points = await this.landmarkModel.locate(crop(image, rect));
      located.push({ detection, landmarks: points.map((point) => ({ x: point.x + rect.left, y: point.y + rect.top })) });
    }
    return [...located, ...detections.slice(3).map((detection) => ({ detection, landmarks: [] }))];
  }

  private quality(image: RgbImage, faces: readonly LocatedFace[], purpose: CapturePurpose): FaceQualityReport {
    const best = faces[0];
    const pose = purpose === 'enrolment' ? this.config.enrolmentMaxPose : this.config.verificationMaxPose;
    const config = faceQualityConfig(purpose, pose ? { pose: { maxYaw: pose.yaw, maxPitch: pose.pitch, maxRoll: pose.roll } } : {});
    const report = assessFaceQuality({ image, detections: faces.map((face) => face.detection), ...(best && best.landmarks.length > 0 && { landmarks: best.landmarks }) }, config);
    return { score: report.score, components: report.components.map((component) => ({ name: component.name, value: component.value, normalised: component.normalised })), rejections: report.rejections.map((rejection) => ({ code: rejection.code, message: rejection.message })) };
  }

  /** The PAD baseline (FusedPresentationAttackDetector), reported with its decision at the configured threshold. */
  private async liveness(image: RgbImage, face: LocatedFace): Promise<LivenessReport> {
    const assessment = await this.pad.assess({ image, box: face.detection.box, landmarks: face.landmarks });
    const round = (value: number) => Math.round(value * 1e4) / 1e4;
    const threshold = this.config.livenessThreshold;
    const components = Object.fromEntries(Object.entries(assessment.components).map(([name, value]) => [name, round(value)]));
    return { bonaFideScore: round(assessment.bonaFideScore), decision: assessment.bonaFideScore >= threshold ? 'bona-fide' : 'attack-suspected', threshold, components, models: this.pad.models, detector: formatModel(this.pad.model), notice: PRESENTATION_ATTACK_BASELINE_NOTICE };
  }
}

async function decode(bytes: Uint8Array): Promise<RgbImage> {
  try {
    return await decodeImage(bytes, { maxSide: MAX_SIDE });
  } catch (error) {
    throw new BiometricError('IMAGE_INVALID', 'the picture could not be decoded: send a JPEG, PNG or WebP', {}, { cause: error });
  }
}

function location(face: LocatedFace, faces: number): FaceLocation {
  const box = face.detection.box;
  return { box: { x: Math.round(box.x), y: Math.round(box.y), width: Math.round(box.width), height: Math.round(box.height) }, detectorScore: Math.round(face.detection.score * 1e4) / 1e4, faces };
}
