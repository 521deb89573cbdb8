import { describe, expect, it } from 'vitest';
import { countBelow, decimateCurve, equalErrorRate, errorRateCurve, errorRatesAt, operatingPointAtFalseAcceptRate, probit } from '@citizen-zero/biometric-evaluation';

const codeOf = (run: () => unknown): string | undefined => {
  try {
    run();
  } catch (error) {
    return (error as { code?: string }).code;
  }
  return undefined;
};

describe('error-rate curve', () => {
  // Positives 3, 5, 7, 9; negatives 1, 4, 6. By hand, accepting at score ≥ t:
  //   t = 1: FA 3/3, FR 0/4   t = 3: FA 2/3, FR 0/4   t = 4: FA 2/3, FR 1/4   t = 5: FA 1/3, FR 1/4
  //   t = 6: FA 1/3, FR 2/4   t = 7: FA 0/3, FR 2/4   t = 9: FA 0/3, FR 3/4   t = ∞: FA 0, FR 1
  const positive = [9, 3, 7, 5];
  const negative = [6, 1, 4];

  it('has the rates at every distinct score and at +∞', () => {
    const curve = errorRateCurve(positive, negative);
    expect([...curve.thresholds]).toEqual([1, 3, 4, 5, 6, 7, 9, Infinity]);
    expect([...curve.falseAcceptRates]).toEqual([1, 2 / 3, 2 / 3, 1 / 3, 1 / 3, 0, 0, 0]);
    expect([...curve.falseRejectRates]).toEqual([0, 0, 0.25, 0.25, 0.5, 0.5, 0.75, 1]);
    expect(errorRatesAt(positive, negative, 5.5)).toEqual({ threshold: 5.5, falseAcceptRate: 1 / 3, falseRejectRate: 0.5 });
  });

  it('finds the EER as min max(FA, FR) at the lowest threshold reaching it', () => {
    const eer = equalErrorRate(errorRateCurve(positive, negative));
    expect(eer.rate).toBeCloseTo(1 / 3, 12);
    expect(eer.threshold).toBe(5);
  });

  it('finds the operating point at a target false accept rate', () => {
    const curve = errorRateCurve(positive, negative);
    // 3 negatives resolve FA = 1/2 (3 · 0.5 ≥ 1) but not FA = 0.2.
    expect(operatingPointAtFalseAcceptRate(curve, 0.5)).toMatchObject({ threshold: 5, falseRejectRate: 0.25, resolved: true });
    expect(operatingPointAtFalseAcceptRate(curve, 0.2)).toMatchObject({ threshold: 7, falseRejectRate: 0.5, resolved: false });
    expect(operatingPointAtFalseAcceptRate(curve, 0)).toMatchObject({ threshold: 7, falseRejectRate: 0.5 });
    expect(operatingPointAtFalseAcceptRate(errorRateCurve([1], Array.from({ length: 20 }, (_, index) => index)), 0.05).resolved).toBe(true);
  });

  it('decimates a long curve to at most N points, keeping both ends and the low-FA tail', () => {
    const positives = Array.from({ length: 5000 }, (_, index) => 1 + index / 5000);
    const negatives = Array.from({ length: 5000 }, (_, index) => index / 5000);
    const curve = errorRateCurve(positives, negatives);
    const points = decimateCurve(curve, 50);
    expect(points.length).toBeLessThanOrEqual(50);
    expect(points.length).toBeGreaterThan(40);
    expect(points[0]!.threshold).toBe(curve.thresholds[0]);
    expect(points.at(-1)!.threshold).toBe(Infinity);
    for (let index = 1; index < points.length; index++) expect(points[index]!.threshold).toBeGreaterThan(points[index - 1]!.threshold);
    // Evenly spaced indices would put 1 point in 50 below FA = 1 %; the probit spacing puts several there.
    expect(points.filter((point) => point.falseAcceptRate > 0 && point.falseAcceptRate < 0.01).length).toBeGreaterThan(3);
    expect(decimateCurve(errorRateCurve([1, 2], [0]), 10)).toHaveLength(4);
  });

  it('counts values below a threshold by binary search', () => {
    const sorted = Float64Array.from([1, 2, 2, 3]);
    expect([0, 1, 2, 2.5, 3, 4].map((t) => countBelow(sorted, t))).toEqual([0, 0, 1, 3, 3, 4]);
  });

  it('computes the normal quantile', () => {
    expect(probit(0.5)).toBe(0);
    expect(probit(0.975)).toBeCloseTo(1.959964, 5);
    expect(probit(0.001)).toBeCloseTo(-3.090232, 5);
    expect(probit(1e-9)).toBeCloseTo(-5.997807, 4);
  });

  it('refuses empty or non-finite scores and out-of-range parameters with stable codes', () => {
    expect(codeOf(() => errorRateCurve([], [1]))).toBe('EVALUATION_SCORES_INVALID');
    expect(codeOf(() => errorRateCurve([1], [Number.NaN]))).toBe('EVALUATION_SCORES_INVALID');
    expect(codeOf(() => operatingPointAtFalseAcceptRate(errorRateCurve([1], [0]), 1.5))).toBe('EVALUATION_PARAMETER_INVALID');
    expect(codeOf(() => decimateCurve(errorRateCurve([1], [0]), 1))).toBe('EVALUATION_PARAMETER_INVALID');
  });
});
