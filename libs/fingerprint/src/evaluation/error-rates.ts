import { equalErrorRate, errorRateCurve, operatingPointAtFalseAcceptRate } from '@citizen-zero/biometric-evaluation';
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
 * definitions, for a matcher that accepts at score ≥ t), evaluated at every distinct score — the
 * threshold sweep of `@citizen-zero/biometric-evaluation`, with mated scores as its positives.
 */
export function errorRates(genuine: readonly number[], impostor: readonly number[], targetFmr = 1e-3): ErrorRates {
  if (genuine.length === 0 || impostor.length === 0) throw new FingerprintError('PARAMETER_INVALID', 'error rates need genuine and impostor scores');
  if (!(targetFmr >= 0 && targetFmr <= 1)) throw new FingerprintError('PARAMETER_INVALID', 'the target FMR must be in [0, 1]', { targetFmr });
  if (![...genuine, ...impostor].every(Number.isFinite)) throw new FingerprintError('PARAMETER_INVALID', 'scores must be finite numbers');
  const curve = errorRateCurve(genuine, impostor);
  const eer = equalErrorRate(curve);
  const target = operatingPointAtFalseAcceptRate(curve, targetFmr);
  return {
    eer: eer.rate,
    eerThreshold: eer.threshold,
    fnmrAtTargetFmr: target.falseRejectRate,
    targetFmr,
    targetThreshold: target.threshold,
    targetResolved: target.resolved,
  };
}
