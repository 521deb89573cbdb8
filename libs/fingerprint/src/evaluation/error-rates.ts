import { FingerprintError } from '../fingerprint-error';

/** Error rates of a score distribution (higher score = more likely the same finger). */
export interface ErrorRates {
  /**
   * Equal error rate: min over thresholds t of max(FMR(t), FNMR(t)) — the conservative reading of
   * the crossing point of the two curves (FVC's EER is the mean of its bracketing values).
   */
  readonly eer: number;
  /** Threshold at the EER. */
  readonly eerThreshold: number;
  /** False non-match rate at the lowest threshold whose false match rate is ≤ `targetFmr`. */
  readonly fnmrAtTargetFmr: number;
  readonly targetFmr: number;
  readonly targetThreshold: number;
  /**
   * False if there are fewer than 1/`targetFmr` impostor scores: the FMR cannot then be resolved at
   * the target and `fnmrAtTargetFmr` is that of FMR = 0, an upper bound.
   */
  readonly targetResolved: boolean;
}

/**
 * FMR(t) = share of impostor scores ≥ t, FNMR(t) = share of genuine scores < t (ISO/IEC 19795-1
 * definitions, for a matcher that accepts at score ≥ t), evaluated at every distinct score.
 */
export function errorRates(genuine: readonly number[], impostor: readonly number[], targetFmr = 1e-3): ErrorRates {
  if (genuine.length === 0 || impostor.length === 0) throw new FingerprintError('PARAMETER_INVALID', 'error rates need genuine and impostor scores');
  const g = Float64Array.from(genuine).sort();
  const im = Float64Array.from(impostor).sort();
  const thresholds = Float64Array.from(new Set([...g, ...im, Infinity])).sort();
  let gi = 0; // genuine scores < t
  let ii = 0; // impostor scores < t
  let eer = 1;
  let eerThreshold = 0;
  let fnmrAtTargetFmr = 1;
  let targetThreshold = Infinity;
  let targetFound = false;
  for (const t of thresholds) {
    while (gi < g.length && g[gi]! < t) gi++;
    while (ii < im.length && im[ii]! < t) ii++;
    const fnmr = gi / g.length;
    const fmr = (im.length - ii) / im.length;
    const worst = Math.max(fmr, fnmr);
    if (worst < eer) {
      eer = worst;
      eerThreshold = t;
    }
    if (!targetFound && fmr <= targetFmr) {
      targetFound = true;
      fnmrAtTargetFmr = fnmr;
      targetThreshold = t;
    }
  }
  return { eer, eerThreshold, fnmrAtTargetFmr, targetFmr, targetThreshold, targetResolved: impostor.length * targetFmr >= 1 };
}
