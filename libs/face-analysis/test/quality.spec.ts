import { beforeAll, describe, expect, it } from 'vitest';
import {
  ENROLMENT_QUALITY_CONFIG,
  QUALITY_COMPONENT_NAMES,
  VERIFICATION_QUALITY_CONFIG,
  assessFaceQuality,
  estimateHeadPose,
  faceQualityConfig,
  fuseQualityScore,
  gaussianBlurRgb,
  toUint8,
  type FaceQualityReport,
  type Point,
  type QualityComponentName,
  type RgbImage,
} from '@citizen-zero/face-analysis';
import { codeOf } from './support/assertions';
import { posedLandmarks, renderFace } from './support/synthetic-face';

const SIZE = 400;
const CENTRE = { x: 200, y: 175 };
const detection = (x: number, y: number, side: number, score = 0.98) => ({ box: { x, y, width: side, height: side }, score });
const subject = detection(80, 80, 240);

const blur = (image: RgbImage, sigma: number): RgbImage => ({ ...image, data: toUint8(gaussianBlurRgb(Float32Array.from(image.data), image.width, image.height, sigma)) });
const component = (report: FaceQualityReport, name: QualityComponentName) => report.components.find((c) => c.name === name)!;
const codes = (report: FaceQualityReport): string[] => [...new Set(report.rejections.map((r) => r.code))].sort();

describe('face quality', () => {
  let landmarks: Point[];
  let face: RgbImage;
  let frontal: FaceQualityReport;

  beforeAll(() => {
    landmarks = posedLandmarks({ interEye: 100, centre: CENTRE });
    face = blur(renderFace(SIZE, SIZE, landmarks, 'quality'), 0.6);
    frontal = assessFaceQuality({ image: face, detections: [subject], landmarks });
  });

  it('accepts a sharp, well-exposed, frontal, single face for enrolment', () => {
    expect(frontal.rejections).toEqual([]);
    expect(frontal.acceptable).toBe(true);
    expect(frontal.score).toBeGreaterThan(80);
    expect(frontal.components.map((c) => c.name)).toEqual([...QUALITY_COMPONENT_NAMES]);
    expect(component(frontal, 'inter_eye_distance').value).toBeCloseTo(100, 1);
    expect(component(frontal, 'yaw').kind).toBe('estimated');
    expect(component(frontal, 'sharpness').kind).toBe('measured');
    for (const c of frontal.components) {
      expect(c.normalised).toBeGreaterThanOrEqual(0);
      expect(c.normalised).toBeLessThanOrEqual(100);
    }
  });

  it('ranks sharp above blurred, and rejects a strongly blurred face as QUALITY_BLUR', () => {
    const sharpness = [0, 1.5, 3, 6].map((sigma) => {
      const report = assessFaceQuality({ image: sigma === 0 ? face : blur(face, sigma), detections: [subject], landmarks });
      return { report, value: component(report, 'sharpness').value };
    });
    for (let index = 1; index < sharpness.length; index++) {
      expect(sharpness[index]!.value).toBeLessThan(sharpness[index - 1]!.value);
      expect(sharpness[index]!.report.score).toBeLessThanOrEqual(sharpness[index - 1]!.report.score);
    }
    expect(codes(sharpness[0]!.report)).toEqual([]);
    expect(codes(sharpness[3]!.report)).toContain('QUALITY_BLUR');
  });

  it('detects under- and over-exposure', () => {
    const dark = renderFace(SIZE, SIZE, landmarks, 'quality', { brightness: 0.15 });
    const bright = renderFace(SIZE, SIZE, landmarks, 'quality', { brightness: 1.8 });
    const darkReport = assessFaceQuality({ image: dark, detections: [subject], landmarks });
    const brightReport = assessFaceQuality({ image: bright, detections: [subject], landmarks });
    expect(codes(darkReport)).toContain('QUALITY_UNDEREXPOSED');
    expect(codes(darkReport)).not.toContain('QUALITY_OVEREXPOSED');
    expect(codes(brightReport)).toContain('QUALITY_OVEREXPOSED');
    expect(codes(brightReport)).not.toContain('QUALITY_UNDEREXPOSED');
    expect(component(darkReport, 'exposure_mean').value).toBeLessThan(component(frontal, 'exposure_mean').value);
    expect(component(brightReport, 'highlight_clipping').value).toBeGreaterThan(0.05);
    expect(darkReport.score).toBeLessThan(frontal.score);
    expect(brightReport.score).toBeLessThan(frontal.score);
  });

  it('rejects a small inter-eye distance for enrolment (90 px) but not for verification (60 px)', () => {
    const small = posedLandmarks({ interEye: 70, centre: CENTRE });
    const image = blur(renderFace(SIZE, SIZE, small, 'small'), 0.6);
    const input = { image, detections: [detection(120, 110, 170)], landmarks: small };
    expect(codes(assessFaceQuality(input, ENROLMENT_QUALITY_CONFIG))).toEqual(['QUALITY_INTER_EYE_DISTANCE']);
    expect(codes(assessFaceQuality(input, VERIFICATION_QUALITY_CONFIG))).toEqual([]);
    expect(codes(assessFaceQuality(input, faceQualityConfig('enrolment', { interEyeDistance: { min: 60 } })))).toEqual([]);
  });

  it('rejects no face, and a second face by its size relative to the first', () => {
    const none = assessFaceQuality({ image: face, detections: [detection(10, 10, 50, 0.3)] });
    expect(none.score).toBe(0);
    expect(none.rejections.map((r) => r.code)).toEqual(['QUALITY_TOO_FEW_FACES']);
    const withSecond = (side: number) => assessFaceQuality({ image: face, detections: [detection(300, 10, side, 0.9), subject], landmarks });
    expect(codes(withSecond(40))).toEqual([]); // 1/6 of the subject: a bystander far behind
    expect(codes(withSecond(96))).toEqual(['QUALITY_MULTIPLE_FACES']); // 40 % ≥ 25 %
    expect(codes(assessFaceQuality({ image: face, detections: [detection(300, 10, 96, 0.9), subject], landmarks }, VERIFICATION_QUALITY_CONFIG))).toEqual([]);
    expect(codes(withSecond(240))).toEqual(['QUALITY_MULTIPLE_FACES']);
    expect(component(withSecond(96), 'second_face_size').value).toBeCloseTo(0.4, 10);
    expect(withSecond(96).score).toBeLessThan(withSecond(40).score);
  });

  it('rejects a turned head as QUALITY_POSE for enrolment but not for verification', () => {
    const turned = posedLandmarks({ interEye: 100, centre: CENTRE, yaw: 20 });
    const image = blur(renderFace(SIZE, SIZE, turned, 'turned'), 0.6);
    const enrolment = assessFaceQuality({ image, detections: [subject], landmarks: turned });
    expect(codes(enrolment)).toEqual(['QUALITY_POSE']);
    expect(enrolment.rejections[0]!.component).toBe('yaw');
    expect(codes(assessFaceQuality({ image, detections: [subject], landmarks: turned }, VERIFICATION_QUALITY_CONFIG))).toEqual([]);
  });

  it('needs the landmarks of a detected face, and refuses an invalid configuration', () => {
    expect(codeOf(() => assessFaceQuality({ image: face, detections: [subject] }))).toBe('FACE_LANDMARKS_INVALID');
    expect(codeOf(() => faceQualityConfig('verification', { exposure: { minMean: 200, maxMean: 100 } }))).toBe('FACE_ANALYSIS_CONFIG_INVALID');
    expect(codeOf(() => faceQualityConfig('enrolment', { weights: { yaw: -1 } as never }))).toBe('FACE_ANALYSIS_CONFIG_INVALID');
  });
});

describe('head pose estimates from 2-D landmarks', () => {
  const angles = [-40, -30, -20, -10, -5, 0, 5, 10, 20, 30, 40];

  it('respond monotonically to yaw, pitch and roll of a synthetic head', () => {
    for (const axis of ['yaw', 'pitch', 'roll'] as const) {
      const range = axis === 'pitch' ? angles.filter((a) => Math.abs(a) <= 30) : angles;
      const estimates = range.map((angle) => estimateHeadPose(posedLandmarks({ [axis]: angle }))[axis]);
      for (let index = 1; index < estimates.length; index++) expect(estimates[index]!).toBeGreaterThan(estimates[index - 1]!);
    }
  });

  it('are close to the truth near frontal and do not mix the axes', () => {
    for (const angle of [-15, -5, 5, 15]) {
      expect(estimateHeadPose(posedLandmarks({ yaw: angle })).yaw).toBeCloseTo(angle, -0.5); // within ±1.6°
      expect(estimateHeadPose(posedLandmarks({ pitch: angle })).pitch).toBeGreaterThan(angle - 3);
      expect(estimateHeadPose(posedLandmarks({ pitch: angle })).pitch).toBeLessThan(angle + 3);
      expect(estimateHeadPose(posedLandmarks({ roll: angle })).roll).toBeCloseTo(angle, 6);
    }
    const mixed = estimateHeadPose(posedLandmarks({ yaw: 12, roll: 25 }));
    expect(mixed.roll).toBeCloseTo(25, 6);
    expect(mixed.yaw).toBeCloseTo(estimateHeadPose(posedLandmarks({ yaw: 12 })).yaw, 6);
    expect(Math.abs(estimateHeadPose(posedLandmarks({ yaw: 20 })).pitch)).toBeLessThan(3);
  });
});

describe('quality score fusion', () => {
  const weights = ENROLMENT_QUALITY_CONFIG.weights;
  const components = (values: readonly number[]) => QUALITY_COMPONENT_NAMES.map((name, index) => ({ name, normalised: values[index]! }));

  it('is the weighted geometric mean', () => {
    const values = QUALITY_COMPONENT_NAMES.map((_, index) => 40 + 4 * index);
    const total = QUALITY_COMPONENT_NAMES.reduce((sum, name) => sum + weights[name], 0);
    const expected = 100 * Math.exp(QUALITY_COMPONENT_NAMES.reduce((sum, name, index) => sum + weights[name] * Math.log(values[index]! / 100), 0) / total);
    expect(fuseQualityScore(components(values), weights)).toBeCloseTo(expected, 10);
    expect(fuseQualityScore(components(values.map(() => 100)), weights)).toBeCloseTo(100, 10);
  });

  it('is monotone: raising any component never lowers the score, and a zero component zeroes it', () => {
    let state = 7;
    const next = (): number => (state = (Math.imul(state, 1103515245) + 12345) >>> 0) / 4294967296;
    for (let trial = 0; trial < 200; trial++) {
      const values = QUALITY_COMPONENT_NAMES.map(() => 1 + 99 * next());
      const index = Math.floor(next() * values.length);
      const raised = values.map((value, i) => (i === index ? Math.min(100, value + 1 + 20 * next()) : value));
      expect(fuseQualityScore(components(raised), weights)).toBeGreaterThan(fuseQualityScore(components(values), weights));
    }
    expect(fuseQualityScore(components(QUALITY_COMPONENT_NAMES.map((_, i) => (i === 3 ? 0 : 90))), weights)).toBe(0);
  });
});
