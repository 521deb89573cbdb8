import { alignFace, arcFaceReference } from './face-alignment';
import { FaceAnalysisError } from './face-analysis-error';
import { estimateHeadPose, type HeadPose } from './head-pose';
import { laplacianVariance } from './image/filters';
import { assertRgbImage, luminance, type Box, type Point, type RgbImage } from './image/rgb-image';
import { assertLandmarks68, boundingBox, eyeCentres } from './landmarks';

/**
 * The quality components, each in the spirit of an ISO/IEC 29794-5 face quality component (capture
 * related: inter-eye distance, sharpness, exposure, face size and position; subject related: pose;
 * and the single-face precondition of a biometric sample).
 */
export const QUALITY_COMPONENT_NAMES = [
  'face_count',
  'second_face_size',
  'inter_eye_distance',
  'yaw',
  'pitch',
  'roll',
  'sharpness',
  'exposure_mean',
  'shadow_clipping',
  'highlight_clipping',
  'dynamic_range',
  'face_size',
  'face_centring',
  'face_in_frame',
] as const;
export type QualityComponentName = (typeof QUALITY_COMPONENT_NAMES)[number];

export const QUALITY_REJECTION_CODES = [
  'QUALITY_TOO_FEW_FACES',
  'QUALITY_MULTIPLE_FACES',
  'QUALITY_INTER_EYE_DISTANCE',
  'QUALITY_POSE',
  'QUALITY_BLUR',
  'QUALITY_UNDEREXPOSED',
  'QUALITY_OVEREXPOSED',
  'QUALITY_LOW_CONTRAST',
  'QUALITY_FACE_SIZE',
  'QUALITY_FACE_NOT_CENTRED',
  'QUALITY_FACE_NOT_IN_FRAME',
] as const;
export type QualityRejectionCode = (typeof QUALITY_REJECTION_CODES)[number];

export interface QualityComponent {
  readonly name: QualityComponentName;
  /** The measured or estimated value, in `unit`. */
  readonly value: number;
  readonly unit: 'count' | 'ratio' | 'pixels' | 'degrees' | 'laplacian variance' | 'luma' | 'fraction';
  /** `measured` from pixels or landmark geometry; `estimated` where a model stands in (pose from 2-D landmarks). */
  readonly kind: 'measured' | 'estimated';
  /** 0–100, higher is better (the mapping is documented per component on {@link assessFaceQuality}). */
  readonly normalised: number;
  /** The acceptable range of `value` under the configuration used. */
  readonly threshold: { readonly min?: number; readonly max?: number };
  readonly passed: boolean;
}

export interface QualityRejection {
  readonly code: QualityRejectionCode;
  readonly component: QualityComponentName;
  readonly message: string;
}

export interface FaceQualityReport {
  /** 0–100: the weighted geometric mean of the components' normalised values (see {@link fuseQualityScore}). */
  readonly score: number;
  readonly components: readonly QualityComponent[];
  /** Components outside their threshold; empty when the capture is acceptable for the configured purpose. */
  readonly rejections: readonly QualityRejection[];
  readonly acceptable: boolean;
  readonly purpose: FaceQualityConfig['purpose'];
  /** Present when a face was assessed. */
  readonly pose?: HeadPose;
}

/** A face detection as the detector port gives it (box in image pixels, confidence 0–1). */
export interface DetectedFace {
  readonly box: Box;
  readonly score: number;
}

export interface FaceQualityInput {
  /** The whole capture. */
  readonly image: RgbImage;
  /** All detections of the capture, any order. */
  readonly detections: readonly DetectedFace[];
  /** The 68 landmarks of the best-scoring detection, in image pixels; required when a detection reaches the threshold. */
  readonly landmarks?: readonly Point[];
}

/**
 * Thresholds and weights, one set per purpose. Values are in the components' units; see
 * {@link ENROLMENT_QUALITY_CONFIG} and {@link VERIFICATION_QUALITY_CONFIG} for the choices and why.
 */
export interface FaceQualityConfig {
  readonly purpose: 'enrolment' | 'verification' | 'custom';
  /** Detections scoring below this are not faces. */
  readonly detectorThreshold: number;
  /** The largest acceptable size (√area) of the second face relative to the first. */
  readonly maxSecondFaceRatio: number;
  /** Eye-centre distance in pixels: rejected below `min`; normalised 100 at `full` and above. */
  readonly interEyeDistance: { readonly min: number; readonly full: number };
  /** Largest acceptable |angle| in degrees; every angle normalises to 0 at `zeroScoreAt`. */
  readonly pose: { readonly maxYaw: number; readonly maxPitch: number; readonly maxRoll: number; readonly zeroScoreAt: number };
  /** Variance of the Laplacian at the analysis scale: rejected below `min`; normalised on a log scale from `floor` (0) to `full` (100). */
  readonly sharpness: { readonly min: number; readonly floor: number; readonly full: number };
  readonly exposure: {
    /** Acceptable mean face luma (0–255). Deliberately wide: dark skin under good light is dark. */
    readonly minMean: number;
    readonly maxMean: number;
    /** Luma at or below which a pixel counts as a clipped shadow, at or above which as a clipped highlight. */
    readonly shadowLevel: number;
    readonly highlightLevel: number;
    readonly maxShadowClipping: number;
    readonly maxHighlightClipping: number;
    /** Least acceptable luma range between the 1st and 99th percentiles. */
    readonly minDynamicRange: number;
  };
  readonly framing: {
    /** Acceptable face width (landmark box) as a fraction of the image width. */
    readonly minFaceSize: number;
    readonly maxFaceSize: number;
    /** Largest acceptable offset of the face centre from the image centre, as a fraction of the half width/height. */
    readonly maxCentreOffset: number;
    /** Least acceptable fraction of the 68 landmarks inside the image. */
    readonly minInFrame: number;
  };
  /** Side of the aligned, antialiased crop sharpness and exposure are measured on (the size normalisation). */
  readonly analysisSize: number;
  /** Weights of the geometric-mean fusion (0 leaves a component out of the score; it still rejects). */
  readonly weights: Readonly<Record<QualityComponentName, number>>;
}

const DEFAULT_WEIGHTS: Record<QualityComponentName, number> = {
  face_count: 1,
  second_face_size: 1,
  inter_eye_distance: 2,
  yaw: 2,
  pitch: 1,
  roll: 0.5,
  sharpness: 2,
  exposure_mean: 1,
  shadow_clipping: 1,
  highlight_clipping: 1,
  dynamic_range: 1,
  face_size: 0.5,
  face_centring: 0.5,
  face_in_frame: 1,
};

/**
 * Enrolment: the reference that every later verification is compared with.
 *
 * - Inter-eye distance ≥ 90 px: the Full Frontal image type of ISO/IEC 19794-5:2005 and ICAO 9303
 *   Part 9 ask about 90 px between the eye centres (a head at least 180 px wide); 120 px, ICAO's
 *   recommended resolution, normalises to 100.
 * - Pose: ISO/IEC 19794-5 / ICAO ask within ±5° of frontal in yaw and pitch and ±8° in roll. The
 *   estimates here come from 2-D landmarks with a few degrees of per-person bias, so enrolment
 *   allows 8° yaw, 10° pitch (the weaker estimate) and 8° roll rather than reject compliant photos.
 * - One face: a second face at least 25 % the size of the first rejects.
 * - Sharpness, exposure: thresholds set on synthetic data, not yet calibrated on real captures.
 */
export const ENROLMENT_QUALITY_CONFIG: FaceQualityConfig = {
  purpose: 'enrolment',
  detectorThreshold: 0.5,
  maxSecondFaceRatio: 0.25,
  interEyeDistance: { min: 90, full: 120 },
  pose: { maxYaw: 8, maxPitch: 10, maxRoll: 8, zeroScoreAt: 45 },
  sharpness: { min: 30, floor: 3, full: 300 },
  exposure: { minMean: 40, maxMean: 215, shadowLevel: 8, highlightLevel: 248, maxShadowClipping: 0.15, maxHighlightClipping: 0.05, minDynamicRange: 60 },
  framing: { minFaceSize: 0.15, maxFaceSize: 0.8, maxCentreOffset: 0.4, minInFrame: 1 },
  analysisSize: 128,
  weights: DEFAULT_WEIGHTS,
};

/**
 * Verification: a probe compared once with the enrolled reference, captured in less controlled
 * conditions.
 *
 * - Inter-eye distance ≥ 60 px: the Token Frontal geometry of ISO/IEC 19794-5:2005 (eyes a quarter
 *   of the 240-px minimum width apart); below that the embedder's crop (≈ 35 px between the eyes
 *   at 112, ≈ 54 px at 150) is little better than an upsampled guess. 90 px normalises to 100.
 * - Pose: 30° yaw, 25° pitch, 45° roll — alignment removes roll, and ArcFace-class embedders hold up
 *   to about 30° of yaw.
 * - One face: a second face at least half the size of the first rejects (a bystander far behind does not).
 */
export const VERIFICATION_QUALITY_CONFIG: FaceQualityConfig = {
  purpose: 'verification',
  detectorThreshold: 0.5,
  maxSecondFaceRatio: 0.5,
  interEyeDistance: { min: 60, full: 90 },
  pose: { maxYaw: 30, maxPitch: 25, maxRoll: 45, zeroScoreAt: 60 },
  sharpness: { min: 15, floor: 3, full: 300 },
  exposure: { minMean: 30, maxMean: 230, shadowLevel: 8, highlightLevel: 248, maxShadowClipping: 0.3, maxHighlightClipping: 0.15, minDynamicRange: 30 },
  framing: { minFaceSize: 0.05, maxFaceSize: 0.95, maxCentreOffset: 0.8, minInFrame: 0.9 },
  analysisSize: 128,
  weights: DEFAULT_WEIGHTS,
};

/** Overrides of a quality configuration: any top-level value, or any field of a grouped one. */
export type FaceQualityConfigOverrides = {
  readonly [Key in keyof FaceQualityConfig]?: FaceQualityConfig[Key] extends string | number ? FaceQualityConfig[Key] : Partial<FaceQualityConfig[Key]>;
};

/** The configuration for a purpose with overrides applied, validated. */
export function faceQualityConfig(purpose: 'enrolment' | 'verification', overrides: FaceQualityConfigOverrides = {}): FaceQualityConfig {
  const base = purpose === 'enrolment' ? ENROLMENT_QUALITY_CONFIG : VERIFICATION_QUALITY_CONFIG;
  const merged = {
    ...base,
    ...(overrides.detectorThreshold !== undefined && { detectorThreshold: overrides.detectorThreshold }),
    ...(overrides.maxSecondFaceRatio !== undefined && { maxSecondFaceRatio: overrides.maxSecondFaceRatio }),
    ...(overrides.analysisSize !== undefined && { analysisSize: overrides.analysisSize }),
    interEyeDistance: { ...base.interEyeDistance, ...overrides.interEyeDistance },
    pose: { ...base.pose, ...overrides.pose },
    sharpness: { ...base.sharpness, ...overrides.sharpness },
    exposure: { ...base.exposure, ...overrides.exposure },
    framing: { ...base.framing, ...overrides.framing },
    weights: { ...base.weights, ...overrides.weights },
  };
  validateQualityConfig(merged);
  return merged;
}

/** Refuses a configuration with values out of range (FACE_ANALYSIS_CONFIG_INVALID naming the field). */
export function validateQualityConfig(config: FaceQualityConfig): void {
  const fail = (field: string): never => {
    throw new FaceAnalysisError('FACE_ANALYSIS_CONFIG_INVALID', `quality configuration value ${field} is out of range`, { field });
  };
  const finite = (value: number, field: string, min = 0, max = Infinity): void => {
    if (!Number.isFinite(value) || value < min || value > max) fail(field);
  };
  finite(config.detectorThreshold, 'detectorThreshold', 0, 1);
  finite(config.maxSecondFaceRatio, 'maxSecondFaceRatio', 0, 1);
  finite(config.interEyeDistance.min, 'interEyeDistance.min');
  finite(config.interEyeDistance.full, 'interEyeDistance.full', Number.MIN_VALUE);
  for (const key of ['maxYaw', 'maxPitch', 'maxRoll'] as const) finite(config.pose[key], `pose.${key}`, 0, 180);
  finite(config.pose.zeroScoreAt, 'pose.zeroScoreAt', Number.MIN_VALUE, 180);
  finite(config.sharpness.min, 'sharpness.min');
  finite(config.sharpness.floor, 'sharpness.floor', Number.MIN_VALUE);
  if (!(config.sharpness.full > config.sharpness.floor) || !Number.isFinite(config.sharpness.full)) fail('sharpness.full');
  const x = config.exposure;
  finite(x.minMean, 'exposure.minMean', 0, 255);
  finite(x.maxMean, 'exposure.maxMean', x.minMean, 255);
  finite(x.shadowLevel, 'exposure.shadowLevel', 0, 255);
  finite(x.highlightLevel, 'exposure.highlightLevel', x.shadowLevel, 255);
  finite(x.maxShadowClipping, 'exposure.maxShadowClipping', 0, 1);
  finite(x.maxHighlightClipping, 'exposure.maxHighlightClipping', 0, 1);
  finite(x.minDynamicRange, 'exposure.minDynamicRange', 0, 255);
  finite(config.framing.minFaceSize, 'framing.minFaceSize', 0, 1);
  finite(config.framing.maxFaceSize, 'framing.maxFaceSize', config.framing.minFaceSize, Infinity);
  finite(config.framing.maxCentreOffset, 'framing.maxCentreOffset', 0, Infinity);
  finite(config.framing.minInFrame, 'framing.minInFrame', 0, 1);
  if (!Number.isInteger(config.analysisSize) || config.analysisSize < 32 || config.analysisSize > 1024) fail('analysisSize');
  for (const name of QUALITY_COMPONENT_NAMES) finite(config.weights[name], `weights.${name}`);
}

const clamp100 = (value: number): number => Math.min(100, Math.max(0, value));

/**
 * Fuses normalised components into one score: the weighted geometric mean
 * 100 · Π (nᵢ/100)^(wᵢ/Σw). Monotone: raising any component never lowers the score (strictly
 * raises it while every weighted component is above 0). A component at 0 makes the score 0 — a face
 * with one unusable property is unusable — where an arithmetic mean would let good components hide
 * it. Components with weight 0 do not count; with no weight at all the score is 0.
 */
export function fuseQualityScore(components: readonly Pick<QualityComponent, 'name' | 'normalised'>[], weights: Readonly<Record<QualityComponentName, number>>): number {
  let total = 0;
  let logSum = 0;
  for (const { name, normalised } of components) {
    const weight = weights[name];
    if (weight <= 0) continue;
    if (normalised <= 0) return 0;
    total += weight;
    logSum += weight * Math.log(Math.min(100, normalised) / 100);
  }
  return total === 0 ? 0 : 100 * Math.exp(logSum / total);
}

/**
 * An ellipse over the face in an ArcFace-framed crop of side `size` (forehead to chin, cheek to
 * cheek): the face region sharpness and exposure are measured on.
 */
function faceMask(size: number): Uint8Array {
  const mask = new Uint8Array(size * size);
  const cx = 0.5 * size;
  const cy = 0.59 * size;
  const rx = 0.3 * size;
  const ry = 0.38 * size;
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) if (((x - cx) / rx) ** 2 + ((y - cy) / ry) ** 2 <= 1) mask[y * size + x] = 1;
  }
  return mask;
}

interface ExposureStatistics {
  readonly mean: number;
  readonly shadows: number;
  readonly highlights: number;
  readonly range: number;
}

function exposureStatistics(luma: Float32Array, mask: Uint8Array, config: FaceQualityConfig['exposure']): ExposureStatistics {
  const histogram = new Uint32Array(256);
  let count = 0;
  let sum = 0;
  let shadows = 0;
  let highlights = 0;
  for (let index = 0; index < luma.length; index++) {
    if (mask[index] === 0) continue;
    const value = Math.min(255, Math.max(0, luma[index]!));
    histogram[Math.round(value)]!++;
    count++;
    sum += value;
    if (value <= config.shadowLevel) shadows++;
    if (value >= config.highlightLevel) highlights++;
  }
  const percentile = (p: number): number => {
    const target = p * count;
    let seen = 0;
    for (let level = 0; level < 256; level++) {
      seen += histogram[level]!;
      if (seen >= target) return level;
    }
    return 255;
  };
  return { mean: sum / count, shadows: shadows / count, highlights: highlights / count, range: percentile(0.99) - percentile(0.01) };
}

/** √area of a box. */
const boxSize = (box: Box): number => Math.sqrt(Math.max(0, box.width) * Math.max(0, box.height));

/**
 * Assesses a capture for enrolment or verification, in the spirit of ISO/IEC 29794-5. Each component
 * is measured (or, for pose, estimated) and normalised to 0–100, higher better:
 *
 * | component | value | normalised |
 * | --- | --- | --- |
 * | face_count | detections ≥ the detector threshold | 100 if ≥ 1, else 0 |
 * | second_face_size | √area of the second face / √area of the first (0 if alone) | 100·(1 − value) |
 * | inter_eye_distance | pixels between the eye centres | 100·min(1, value/full) |
 * | yaw, pitch, roll | degrees, {@link estimateHeadPose} | 100·max(0, 1 − |value|/zeroScoreAt) |
 * | sharpness | variance of the Laplacian of the face's luma on an aligned crop of `analysisSize` px (the face-size normalisation: a small or soft face is upsampled and measures blurred) | 100·log(value/floor)/log(full/floor), clamped |
 * | exposure_mean | mean face luma 0–255 | 100 on [80, 180], linear to 0 at 0 and 255 |
 * | shadow_clipping | fraction of face pixels ≤ shadowLevel | 100·(1 − 2·value) |
 * | highlight_clipping | fraction ≥ highlightLevel | 100·(1 − 4·value) |
 * | dynamic_range | 99th − 1st percentile of face luma | 100·min(1, value/128) |
 * | face_size | landmark box width / image width | 100 on [0.2, 0.6], linear to 0 at 0 and 1 |
 * | face_centring | max(|dx|/(W/2), |dy|/(H/2)) of the landmark box centre | 100·(1 − value) |
 * | face_in_frame | fraction of the 68 landmarks inside the image | 100·value |
 *
 * The score is {@link fuseQualityScore} of the components with the configured weights. With no face
 * above the threshold only face_count is reported and the score is 0.
 */
export function assessFaceQuality(input: FaceQualityInput, config: FaceQualityConfig = ENROLMENT_QUALITY_CONFIG): FaceQualityReport {
  validateQualityConfig(config);
  assertRgbImage(input.image);
  const faces = input.detections.filter((face) => face.score >= config.detectorThreshold).sort((a, b) => b.score - a.score);
  const components: QualityComponent[] = [];
  const rejections: QualityRejection[] = [];
  const add = (component: Omit<QualityComponent, 'passed' | 'normalised'> & { normalised: number }, code: QualityRejectionCode | ((value: number) => QualityRejectionCode), message: string): void => {
    const { min, max } = component.threshold;
    const passed = (min === undefined || component.value >= min) && (max === undefined || component.value <= max);
    components.push({ ...component, normalised: clamp100(component.normalised), passed });
    if (!passed) rejections.push({ code: typeof code === 'function' ? code(component.value) : code, component: component.name, message });
  };

  add({ name: 'face_count', value: faces.length, unit: 'count', kind: 'measured', normalised: faces.length >= 1 ? 100 : 0, threshold: { min: 1 } }, 'QUALITY_TOO_FEW_FACES', 'no face above the detector threshold');
  const first = faces[0];
  if (first === undefined) return { score: 0, components, rejections, acceptable: false, purpose: config.purpose };
  if (input.landmarks === undefined) throw new FaceAnalysisError('FACE_LANDMARKS_INVALID', 'a detected face needs its 68 landmarks to be assessed');
  const landmarks = input.landmarks;
  assertLandmarks68(landmarks);
  const { image } = input;

  const second = faces[1];
  const secondRatio = second === undefined ? 0 : Math.min(1, boxSize(second.box) / Math.max(1e-9, boxSize(first.box)));
  add(
    { name: 'second_face_size', value: secondRatio, unit: 'ratio', kind: 'measured', normalised: 100 * (1 - secondRatio), threshold: { max: config.maxSecondFaceRatio } },
    'QUALITY_MULTIPLE_FACES',
    `another face ${Math.round(secondRatio * 100)} % the size of the subject's is in the picture`,
  );

  const eyes = eyeCentres(landmarks);
  const interEye = Math.hypot(eyes.imageRight.x - eyes.imageLeft.x, eyes.imageRight.y - eyes.imageLeft.y);
  add(
    { name: 'inter_eye_distance', value: interEye, unit: 'pixels', kind: 'measured', normalised: (100 * interEye) / config.interEyeDistance.full, threshold: { min: config.interEyeDistance.min } },
    'QUALITY_INTER_EYE_DISTANCE',
    `the eyes are ${interEye.toFixed(0)} px apart, fewer than ${config.interEyeDistance.min}`,
  );

  const pose = estimateHeadPose(landmarks);
  const poseScore = (angle: number): number => 100 * (1 - Math.abs(angle) / config.pose.zeroScoreAt);
  for (const [name, value, max] of [
    ['yaw', pose.yaw, config.pose.maxYaw],
    ['pitch', pose.pitch, config.pose.maxPitch],
    ['roll', pose.roll, config.pose.maxRoll],
  ] as const) {
    add({ name, value, unit: 'degrees', kind: 'estimated', normalised: poseScore(value), threshold: { min: -max, max } }, 'QUALITY_POSE', `the head is turned ${Math.abs(value).toFixed(0)}° in ${name}, more than ${max}°`);
  }

  const size = config.analysisSize;
  const crop = alignFace(image, landmarks, arcFaceReference(size), { border: 'replicate', antialias: true });
  const luma = luminance(crop.image);
  const mask = faceMask(size);
  const sharpness = laplacianVariance(luma, size, size, mask);
  const { floor, full } = config.sharpness;
  add(
    { name: 'sharpness', value: sharpness, unit: 'laplacian variance', kind: 'measured', normalised: (100 * Math.log(Math.max(sharpness, 1e-9) / floor)) / Math.log(full / floor), threshold: { min: config.sharpness.min } },
    'QUALITY_BLUR',
    'the face is blurred (out of focus or moving)',
  );

  const exposure = exposureStatistics(luma, mask, config.exposure);
  const meanScore = exposure.mean < 80 ? (100 * exposure.mean) / 80 : exposure.mean > 180 ? (100 * (255 - exposure.mean)) / 75 : 100;
  add(
    { name: 'exposure_mean', value: exposure.mean, unit: 'luma', kind: 'measured', normalised: meanScore, threshold: { min: config.exposure.minMean, max: config.exposure.maxMean } },
    (value) => (value < config.exposure.minMean ? 'QUALITY_UNDEREXPOSED' : 'QUALITY_OVEREXPOSED'),
    exposure.mean < config.exposure.minMean ? 'the face is too dark' : 'the face is too bright',
  );
  add(
    { name: 'shadow_clipping', value: exposure.shadows, unit: 'fraction', kind: 'measured', normalised: 100 * (1 - 2 * exposure.shadows), threshold: { max: config.exposure.maxShadowClipping } },
    'QUALITY_UNDEREXPOSED',
    `${Math.round(exposure.shadows * 100)} % of the face is clipped to black`,
  );
  add(
    { name: 'highlight_clipping', value: exposure.highlights, unit: 'fraction', kind: 'measured', normalised: 100 * (1 - 4 * exposure.highlights), threshold: { max: config.exposure.maxHighlightClipping } },
    'QUALITY_OVEREXPOSED',
    `${Math.round(exposure.highlights * 100)} % of the face is clipped to white`,
  );
  add(
    { name: 'dynamic_range', value: exposure.range, unit: 'luma', kind: 'measured', normalised: (100 * exposure.range) / 128, threshold: { min: config.exposure.minDynamicRange } },
    'QUALITY_LOW_CONTRAST',
    'the face has too little contrast (flat or washed-out light)',
  );

  const box = boundingBox(landmarks);
  const faceSize = box.width / image.width;
  const sizeScore = faceSize < 0.2 ? (100 * faceSize) / 0.2 : faceSize > 0.6 ? (100 * (1 - faceSize)) / 0.4 : 100;
  add(
    { name: 'face_size', value: faceSize, unit: 'ratio', kind: 'measured', normalised: sizeScore, threshold: { min: config.framing.minFaceSize, max: config.framing.maxFaceSize } },
    'QUALITY_FACE_SIZE',
    faceSize < config.framing.minFaceSize ? 'the face is too small in the picture' : 'the face is too close to the camera',
  );
  const centre: Point = { x: box.x + box.width / 2, y: box.y + box.height / 2 };
  const offset = Math.max(Math.abs(centre.x - (image.width - 1) / 2) / (image.width / 2), Math.abs(centre.y - (image.height - 1) / 2) / (image.height / 2));
  add(
    { name: 'face_centring', value: offset, unit: 'ratio', kind: 'measured', normalised: 100 * (1 - offset), threshold: { max: config.framing.maxCentreOffset } },
    'QUALITY_FACE_NOT_CENTRED',
    'the face is not centred in the picture',
  );
  const inside = landmarks.filter((p) => p.x >= -0.5 && p.y >= -0.5 && p.x <= image.width - 0.5 && p.y <= image.height - 0.5).length / landmarks.length;
  add(
    { name: 'face_in_frame', value: inside, unit: 'fraction', kind: 'measured', normalised: 100 * inside, threshold: { min: config.framing.minInFrame } },
    'QUALITY_FACE_NOT_IN_FRAME',
    'part of the face is outside the picture',
  );

  return { score: fuseQualityScore(components, config.weights), components, rejections, acceptable: rejections.length === 0, purpose: config.purpose, pose };
}
