import { describe, expect, it } from 'vitest';
import {
  DEFAULT_PRESENTATION_ATTACK_FUSION,
  PRESENTATION_ATTACK_CUE_NAMES,
  alignFace,
  fusePresentationAttackScore,
  gaussianBlurRgb,
  measurePresentationAttackCues,
  nativeArcFaceReference,
  printAttack,
  recaptureEnergy,
  screenReplayAttack,
  toUint8,
  type PresentationAttackCues,
  type PresentationAttackFusionWeights,
  type RgbImage,
} from '@citizen-zero/face-analysis';
import { codeOf } from './support/assertions';
import { naturalTexture, pinkNoise, posedLandmarks, renderFace } from './support/synthetic-face';

const SEEDS = ['s1', 's2', 's3', 's4', 's5', 's6'];

describe('recapture (moiré) energy', () => {
  it('is near 0 for 1/f noise and high for the same noise with a faint periodic grating', () => {
    const size = 128;
    const noise = pinkNoise(size, size, 'moire');
    const withGrating = (amplitude: number) =>
      Float32Array.from(noise, (value, index) => 128 + 30 * value + amplitude * Math.cos(2 * Math.PI * (0.23 * (index % size) + 0.11 * Math.floor(index / size))));
    const natural = recaptureEnergy(withGrating(0), size, size);
    expect(natural).toBeLessThan(0.02);
    const energies = [3, 6, 12, 24].map((amplitude) => recaptureEnergy(withGrating(amplitude), size, size));
    expect(energies[0]!).toBeGreaterThan(natural);
    for (let i = 1; i < energies.length; i++) expect(energies[i]!).toBeGreaterThan(energies[i - 1]!);
    expect(energies[3]!).toBeGreaterThan(0.3);
  });

  it('ignores a strong straight edge (a streak in the spectrum, not a peak)', () => {
    const size = 96;
    const noise = pinkNoise(size, size, 'edge');
    // An antialiased step (as optics render it): a hard-thresholded slanted edge would be a periodic staircase.
    const edge = Float32Array.from(noise, (value, index) => 10 * value + 40 + 160 / (1 + Math.exp(-((index % size) + 0.4 * Math.floor(index / size) - 60) / 0.6)));
    expect(recaptureEnergy(edge, size, size)).toBeLessThan(0.02);
  });

  it('refuses a plane too small or a band out of range', () => {
    expect(codeOf(() => recaptureEnergy(new Float32Array(16), 4, 4))).toBe('FACE_ANALYSIS_PARAMETER_INVALID');
    expect(codeOf(() => recaptureEnergy(new Float32Array(256), 16, 16, [0.4, 0.2]))).toBe('FACE_ANALYSIS_PARAMETER_INVALID');
  });
});

describe('presentation attack cues', () => {
  it('separate print and screen-replay transforms from the originals on natural textures', () => {
    for (const seed of SEEDS) {
      const original = naturalTexture(128, 128, `texture:${seed}`);
      const bonaFide = measurePresentationAttackCues(original);
      expect(bonaFide.moireEnergy).toBeLessThan(0.03);
      expect(fusePresentationAttackScore({ modelScores: [], cues: bonaFide }).decision).toBe('bona-fide');
      for (const attack of [printAttack(original, seed), screenReplayAttack(original, seed)]) {
        const cues = measurePresentationAttackCues(attack);
        expect(cues.moireEnergy).toBeGreaterThan(bonaFide.moireEnergy + 0.05);
        const decision = fusePresentationAttackScore({ modelScores: [], cues });
        expect(decision.decision).toBe('attack');
        expect(decision.bonaFideScore).toBeLessThan(fusePresentationAttackScore({ modelScores: [], cues: bonaFide }).bonaFideScore);
      }
    }
  });

  it('separate them on a synthetic face aligned at the capture scale, with the surroundings', () => {
    const landmarks = posedLandmarks({ interEye: 60, roll: 6, yaw: 4, centre: { x: 128, y: 110 } });
    const reference = nativeArcFaceReference(landmarks);
    for (const seed of SEEDS.slice(0, 3)) {
      const drawn = renderFace(256, 256, landmarks, `pad-face:${seed}`);
      const capture: RgbImage = { ...drawn, data: toUint8(gaussianBlurRgb(Float32Array.from(drawn.data), 256, 256, 0.8)) };
      const measure = (image: RgbImage): PresentationAttackCues =>
        measurePresentationAttackCues(alignFace(image, landmarks, reference, { antialias: true, border: 'replicate' }).image, { surroundings: image });
      const bonaFide = fusePresentationAttackScore({ modelScores: [], cues: measure(capture) });
      expect(bonaFide.decision).toBe('bona-fide');
      for (const attack of [printAttack(capture, seed), screenReplayAttack(capture, seed)]) {
        const cues = measure(attack);
        expect(cues.surroundMoireEnergy).toBeGreaterThan(0.03);
        expect(fusePresentationAttackScore({ modelScores: [], cues }).decision).toBe('attack');
      }
    }
  });

  it('see glare as specular pixels and a washed-out copy as compressed chroma', () => {
    const original = naturalTexture(64, 64, 'colour', [170, 110, 90], 25);
    const glare = { ...original, data: Uint8Array.from(original.data) };
    for (let y = 10; y < 26; y++) glare.data.fill(245, (y * 64 + 10) * 3, (y * 64 + 30) * 3);
    const washed = { ...original, data: Uint8Array.from(original.data, (value, index) => Math.round(0.5 * value + 0.5 * (original.data[index - (index % 3)]! + original.data[index - (index % 3) + 1]! + original.data[index - (index % 3) + 2]!) / 3)) };
    const cues = measurePresentationAttackCues(original);
    expect(cues.specularFraction).toBe(0);
    expect(measurePresentationAttackCues(glare).specularFraction).toBeCloseTo(320 / 4096, 10);
    expect(measurePresentationAttackCues(washed).saturationMean).toBeLessThan(0.7 * cues.saturationMean);
    expect(measurePresentationAttackCues(washed).chromaSpread).toBeLessThan(0.7 * cues.chromaSpread);
    expect(measurePresentationAttackCues({ ...original, data: toUint8(gaussianBlurRgb(Float32Array.from(original.data), 64, 64, 1.5)) }).sharpness).toBeLessThan(cues.sharpness);
  });
});

describe('logistic fusion', () => {
  const cues: PresentationAttackCues = { moireEnergy: 0.03, sharpness: 2.5, specularFraction: 0.01, saturationMean: 0.3, chromaSpread: 18 };
  const weights: PresentationAttackFusionWeights = {
    bias: 0.5,
    model: 2,
    cues: {
      moireEnergy: { weight: -1, centre: 0.01, scale: 0.01 },
      sharpness: { weight: 1, centre: 2, scale: 0.5 },
      specularFraction: { weight: 0, centre: 0, scale: 1 },
      saturationMean: { weight: 0, centre: 0, scale: 1 },
      chromaSpread: { weight: 0.5, centre: 12, scale: 6 },
      surroundMoireEnergy: { weight: -10, centre: 0, scale: 1 },
    },
    threshold: 0.5,
  };

  it('computes z = bias + model · mean logit + Σ weight · (cue − centre) / scale, and σ(z)', () => {
    const logit = (p: number) => Math.log(p / (1 - p));
    const z = 0.5 + 2 * ((logit(0.9) + logit(0.6)) / 2) - 1 * 2 + 1 * 1 + 0.5 * 1;
    const decision = fusePresentationAttackScore({ modelScores: [0.9, 0.6], cues }, weights);
    expect(decision.logit).toBeCloseTo(z, 10);
    expect(decision.bonaFideScore).toBeCloseTo(1 / (1 + Math.exp(-z)), 10);
    expect(decision.contributions['surroundMoireEnergy']).toBe(0);
    expect(decision.decision).toBe('bona-fide');
    expect(decision.certified).toBe(false);
    expect(fusePresentationAttackScore({ modelScores: [], cues }, weights).contributions['model']).toBe(0);
  });

  it('is monotone in the model scores and decides at the threshold', () => {
    const scores = [0.01, 0.2, 0.5, 0.8, 0.99].map((s) => fusePresentationAttackScore({ modelScores: [s], cues }, weights).bonaFideScore);
    for (let i = 1; i < scores.length; i++) expect(scores[i]!).toBeGreaterThan(scores[i - 1]!);
    expect(fusePresentationAttackScore({ modelScores: [0.01], cues }, weights).decision).toBe('attack');
    expect(fusePresentationAttackScore({ modelScores: [0.5], cues }, { ...weights, threshold: 0.99 }).decision).toBe('attack');
  });

  it('refuses model scores outside [0, 1] and invalid weights', () => {
    expect(codeOf(() => fusePresentationAttackScore({ modelScores: [1.2], cues }))).toBe('FACE_ANALYSIS_PARAMETER_INVALID');
    expect(codeOf(() => fusePresentationAttackScore({ modelScores: [], cues }, { ...DEFAULT_PRESENTATION_ATTACK_FUSION, threshold: 1 }))).toBe('FACE_ANALYSIS_CONFIG_INVALID');
    const badCue = { ...DEFAULT_PRESENTATION_ATTACK_FUSION, cues: { ...DEFAULT_PRESENTATION_ATTACK_FUSION.cues, sharpness: { weight: 1, centre: 0, scale: 0 } } };
    expect(codeOf(() => fusePresentationAttackScore({ modelScores: [], cues }, badCue))).toBe('FACE_ANALYSIS_CONFIG_INVALID');
    expect(PRESENTATION_ATTACK_CUE_NAMES).toContain('moireEnergy');
  });
});
