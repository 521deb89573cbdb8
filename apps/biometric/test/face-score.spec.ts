import { describe, expect, it } from 'vitest';
import { calibratedFaceScore, fitFaceScoreCalibration } from '../src/face/face-score';

/** Deterministic standard normal deviates (Box–Muller on a fixed LCG). */
function normals(count: number, mean: number, sd: number, seed: number): number[] {
  let state = seed;
  const uniform = () => ((state = (state * 1664525 + 1013904223) % 4294967296) + 1) / 4294967297;
  return Array.from({ length: count }, () => mean + sd * Math.sqrt(-2 * Math.log(uniform())) * Math.cos(2 * Math.PI * uniform()));
}

describe('face score calibration (cosine → probability of the same person at even odds)', () => {
  it('recovers the Bayes boundary and slope of two equal-variance Gaussian score classes', () => {
    // For N(0.7, 0.1²) vs N(0.3, 0.1²) the log-likelihood ratio is 40·x − 20: slope 40, even odds at 0.5.
    const fit = fitFaceScoreCalibration(normals(20_000, 0.7, 0.1, 1), normals(20_000, 0.3, 0.1, 2));
    expect(-fit.intercept / fit.slope).toBeCloseTo(0.5, 2);
    expect(fit.slope).toBeGreaterThan(36);
    expect(fit.slope).toBeLessThan(44);
  });

  it('stays finite when the classes separate completely, with even odds between them', () => {
    const fit = fitFaceScoreCalibration([0.99, 0.995, 0.998], [0.8, 0.85, 0.9]);
    expect(Number.isFinite(fit.slope) && Number.isFinite(fit.intercept)).toBe(true);
    const boundary = -fit.intercept / fit.slope;
    expect(boundary).toBeGreaterThan(0.9);
    expect(boundary).toBeLessThan(0.99);
  });

  it('maps the shipped model through its calibration, and an uncalibrated model to its clipped cosine', () => {
    expect(calibratedFaceScore('face-api/face-recognition@1.7.15+onnx.1', 0.965)).toBeCloseTo(0.5, 2);
    expect(calibratedFaceScore('face-api/face-recognition@1.7.15+onnx.1', 0.93)).toBeLessThan(0.011);
    expect(calibratedFaceScore('vendor/unmeasured@1', 0.42)).toBe(0.42);
    expect(calibratedFaceScore('vendor/unmeasured@1', -0.3)).toBe(0);
  });
});
