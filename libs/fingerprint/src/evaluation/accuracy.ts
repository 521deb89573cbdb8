import { FingerprintError } from '../fingerprint-error';
import { compareRaw } from '../matcher/compare';
import { prepareTemplate, type FingerprintTemplate } from '../matcher/prepare-template';
import { DIFFICULTY_TIERS, generateImpression, type DifficultyTier } from '../synthetic/impression';
import { generateFinger } from '../synthetic/synthetic-finger';
import { errorRates, type ErrorRates } from './error-rates';

export interface AccuracyOptions {
  /** Number of synthetic fingers, N (≥ 2). */
  readonly fingers: number;
  /** Impressions per finger and tier, M (≥ 2). */
  readonly impressions: number;
  /** Tiers to evaluate; default all three. */
  readonly tiers?: readonly DifficultyTier[];
  /** Seed of the data set; default "accuracy". */
  readonly seed?: string;
  /** Keep the raw scores in the result (for calibration). */
  readonly keepScores?: boolean;
  /** Comparison function; default the library's raw MCC score. */
  readonly score?: (a: FingerprintTemplate, b: FingerprintTemplate) => number;
}

export interface TierAccuracy extends ErrorRates {
  readonly tier: DifficultyTier;
  readonly fingers: number;
  readonly impressions: number;
  readonly genuineComparisons: number;
  readonly impostorComparisons: number;
  readonly meanGenuineScore: number;
  readonly meanImpostorScore: number;
  readonly genuineScores?: readonly number[];
  readonly impostorScores?: readonly number[];
}

/**
 * Measures the matcher on synthetic data, per tier: N fingers (the same fingers in every tier),
 * M impressions of each, one template per impression; genuine scores from every pair of impressions
 * of a finger (N·M(M−1)/2), impostor scores from every pair of impressions of different fingers
 * (N(N−1)M²/2 — more than FVC's first-impression protocol, so that FNMR at FMR = 10⁻³ is resolved
 * from small N). Reports EER and FNMR at FMR ≤ 10⁻³ (see {@link errorRates}).
 */
export function evaluateAccuracy(options: AccuracyOptions): TierAccuracy[] {
  const { fingers, impressions } = options;
  if (!Number.isInteger(fingers) || fingers < 2 || !Number.isInteger(impressions) || impressions < 2) {
    throw new FingerprintError('PARAMETER_INVALID', 'accuracy needs at least 2 fingers and 2 impressions per finger', { fingers, impressions });
  }
  const seed = options.seed ?? 'accuracy';
  const score = options.score ?? compareRaw;
  const fingerList = Array.from({ length: fingers }, (_, index) => generateFinger(`${seed}:${index}`));
  return (options.tiers ?? DIFFICULTY_TIERS).map((tier) => {
    const templates = fingerList.map((finger) => Array.from({ length: impressions }, (_, index) => prepareTemplate(generateImpression(finger, `${tier}:${index}`, { parameters: tier }).record)));
    const genuine: number[] = [];
    const impostor: number[] = [];
    const flat = templates.flatMap((list, finger) => list.map((template) => ({ finger, template })));
    for (let i = 0; i < flat.length; i++) {
      const a = flat[i]!;
      for (let j = i + 1; j < flat.length; j++) {
        const b = flat[j]!;
        (a.finger === b.finger ? genuine : impostor).push(score(a.template, b.template));
      }
    }
    const mean = (values: readonly number[]): number => values.reduce((sum, value) => sum + value, 0) / values.length;
    return {
      tier,
      fingers,
      impressions,
      genuineComparisons: genuine.length,
      impostorComparisons: impostor.length,
      meanGenuineScore: mean(genuine),
      meanImpostorScore: mean(impostor),
      ...errorRates(genuine, impostor),
      ...(options.keepScores === true && { genuineScores: genuine, impostorScores: impostor }),
    };
  });
}
