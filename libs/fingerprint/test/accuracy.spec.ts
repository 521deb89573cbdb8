import { describe, expect, it } from 'vitest';
import { calibrateScore, errorRates, evaluateAccuracy, type TierAccuracy } from '@citizen-zero/fingerprint';

describe('error rates', () => {
  it('computes EER and FNMR at a target FMR on known distributions', () => {
    // Separable: no errors at a threshold between the two.
    expect(errorRates([0.6, 0.7, 0.8], [0.1, 0.2, 0.3])).toMatchObject({ eer: 0, fnmrAtTargetFmr: 0, targetResolved: false });
    // One impostor above every mate: FMR is 1/4 wherever all mates are accepted.
    const rates = errorRates([0.5, 0.6, 0.7, 0.8], [0.1, 0.2, 0.3, 0.9], 0.25);
    expect(rates.eer).toBe(0.25);
    expect(rates.fnmrAtTargetFmr).toBe(0);
    expect(rates.targetThreshold).toBe(0.5);
    // Identical distributions: EER 1/2 at best.
    expect(errorRates([1, 2, 3, 4], [1, 2, 3, 4]).eer).toBe(0.5);
    // FMR ≤ 10⁻³ resolved with 2000 impostors: the 2 highest of them must be rejected.
    const impostor = Array.from({ length: 2000 }, (_, index) => index / 2000);
    const genuine = [0.9985, 0.999, 0.5, 2];
    const resolved = errorRates(genuine, impostor);
    expect(resolved.targetResolved).toBe(true);
    expect(resolved.targetThreshold).toBe(0.999);
    expect(resolved.fnmrAtTargetFmr).toBe(0.5);
  });
});

/**
 * The matcher on synthetic data: 40 fingers × 4 impressions per tier (240 genuine and 12 480
 * impostor comparisons each). The bounds are loose enough for the data set's randomness and tight
 * enough that a weakened matcher fails them: without the relaxation (plain LSS on these cylinders)
 * the hard tier's EER is 11 % and FNMR 48 %, and impostors' mean score calibrates to a positive llr.
 */
describe('accuracy per difficulty tier', () => {
  let results: TierAccuracy[];
  const tier = (name: string): TierAccuracy => results.find((result) => result.tier === name)!;

  it('evaluates the three tiers', () => {
    results = evaluateAccuracy({ fingers: 40, impressions: 4, seed: 'accuracy-test' });
    expect(results.map((result) => [result.tier, result.genuineComparisons, result.impostorComparisons])).toEqual([
      ['easy', 240, 12_480],
      ['medium', 240, 12_480],
      ['hard', 240, 12_480],
    ]);
    for (const result of results) expect(result.targetResolved).toBe(true);
  });

  it('keeps the equal error rate under 2 % (easy), 4 % (medium) and 10 % (hard)', () => {
    expect(tier('easy').eer).toBeLessThan(0.02);
    expect(tier('medium').eer).toBeLessThan(0.04);
    expect(tier('hard').eer).toBeLessThan(0.1);
  });

  it('keeps FNMR at FMR = 10⁻³ under 3 % (easy), 8 % (medium) and 35 % (hard)', () => {
    expect(tier('easy').fnmrAtTargetFmr).toBeLessThan(0.03);
    expect(tier('medium').fnmrAtTargetFmr).toBeLessThan(0.08);
    expect(tier('hard').fnmrAtTargetFmr).toBeLessThan(0.35);
  });

  it('orders the tiers: harder data, lower mate scores and no lower error rates', () => {
    expect(tier('easy').meanGenuineScore).toBeGreaterThan(tier('medium').meanGenuineScore);
    expect(tier('medium').meanGenuineScore).toBeGreaterThan(tier('hard').meanGenuineScore);
    expect(tier('easy').eer).toBeLessThanOrEqual(tier('medium').eer);
    expect(tier('medium').eer).toBeLessThanOrEqual(tier('hard').eer);
    expect(tier('hard').eer).toBeGreaterThan(0); // the hard tier is hard
  });

  it('calibrates: mates have positive, non-mates negative mean log-likelihood ratios in every tier', () => {
    for (const result of results) {
      expect(calibrateScore(result.meanGenuineScore).llr).toBeGreaterThan(2);
      expect(calibrateScore(result.meanImpostorScore).llr).toBeLessThan(-2);
    }
  });
});
