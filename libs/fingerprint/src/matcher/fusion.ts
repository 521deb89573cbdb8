import { FingerprintError } from '../fingerprint-error';
import type { CalibratedScore } from './calibration';

/**
 * How per-finger comparisons combine:
 * - `'sum-llr'`: add the log-likelihood ratios — the Bayes-optimal rule when the fingers' scores
 *   are independent given the identity claim (a naive-Bayes product of likelihood ratios). Two
 *   fingers at llr 4 give 8: each finger adds evidence.
 * - `'max-llr'`: keep the strongest finger — robust when one finger is damaged or misplaced, but it
 *   throws away the agreement of the others.
 */
export type FusionRule = 'sum-llr' | 'max-llr';

export interface FusedScore extends CalibratedScore {
  readonly rule: FusionRule;
  readonly fingers: number;
}

/** Fuses calibrated comparisons of different fingers of the same two people (see {@link FusionRule}). */
export function fuseScores(scores: readonly CalibratedScore[], rule: FusionRule = 'sum-llr'): FusedScore {
  if (scores.length === 0) throw new FingerprintError('PARAMETER_INVALID', 'fusion needs at least one comparison');
  if (rule !== 'sum-llr' && rule !== 'max-llr') throw new FingerprintError('PARAMETER_INVALID', `unknown fusion rule ${String(rule)}`, { rule: String(rule) });
  const llr = rule === 'sum-llr' ? scores.reduce((sum, score) => sum + score.llr, 0) : Math.max(...scores.map((score) => score.llr));
  return { rule, fingers: scores.length, llr, calibrated: 1 / (1 + Math.exp(-llr)) };
}
