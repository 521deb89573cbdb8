import { EvaluationError } from './evaluation-error';

/**
 * Error rates of a two-class decision on a comparison score that accepts at score ≥ t.
 *
 * - `positive` scores belong to the class that should be accepted: mated comparisons (ISO/IEC
 *   19795-1), bona fide presentations (ISO/IEC 30107-3, for a PAD score where higher = bona fide).
 * - `negative` scores belong to the class that should be rejected: non-mated comparisons, attack
 *   presentations.
 *
 * falseAcceptRate(t) = share of negative scores ≥ t — the false match rate (FMR) of ISO/IEC 19795-1,
 * the attack presentation classification error rate (APCER) of ISO/IEC 30107-3 for one species.
 * falseRejectRate(t) = share of positive scores < t — the false non-match rate (FNMR), the bona fide
 * presentation classification error rate (BPCER).
 */
export interface ErrorRatePoint {
  readonly threshold: number;
  readonly falseAcceptRate: number;
  readonly falseRejectRate: number;
}

/**
 * The error rates at every distinct score and at +∞ (where nothing is accepted): every threshold at
 * which a rate changes, ascending, so the curve is exact. `falseAcceptRates` is non-increasing and
 * `falseRejectRates` non-decreasing along it.
 */
export interface ErrorRateCurve {
  readonly thresholds: Float64Array;
  readonly falseAcceptRates: Float64Array;
  readonly falseRejectRates: Float64Array;
  readonly positiveCount: number;
  readonly negativeCount: number;
}

/** The equal error rate: min over the curve's thresholds of max(false accept, false reject), at the lowest threshold reaching it. */
export interface EqualErrorRate extends ErrorRatePoint {
  /**
   * max(falseAcceptRate, falseRejectRate) at `threshold`: the conservative reading of the point where
   * the two curves cross (FVC reports the mean of the bracketing values instead).
   */
  readonly rate: number;
}

/** The operating point at a target false accept rate. */
export interface OperatingPoint extends ErrorRatePoint {
  readonly targetFalseAcceptRate: number;
  /**
   * False if there are fewer than 1/target negative scores: the rate cannot then be resolved at the
   * target, and the point is that of a false accept rate of 0, an upper bound on the false reject rate.
   */
  readonly resolved: boolean;
}

/** The scores as a sorted copy, refused when empty or not all finite. */
export function sortScores(scores: readonly number[], what: string): Float64Array {
  if (scores.length === 0) throw new EvaluationError('EVALUATION_SCORES_INVALID', `there are no ${what} scores`, { what });
  const sorted = Float64Array.from(scores);
  const bad = sorted.findIndex((score) => !Number.isFinite(score));
  if (bad >= 0) throw new EvaluationError('EVALUATION_SCORES_INVALID', `${what} scores must be finite numbers`, { what, index: bad });
  return sorted.sort();
}

/** How many values of an ascending array are < `threshold` (binary search). */
export function countBelow(sorted: Float64Array, threshold: number): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (sorted[middle]! < threshold) low = middle + 1;
    else high = middle;
  }
  return low;
}

/** The two error rates at one threshold (accept at score ≥ `threshold`). */
export function errorRatesAt(positive: readonly number[], negative: readonly number[], threshold: number): ErrorRatePoint {
  if (Number.isNaN(threshold)) throw new EvaluationError('EVALUATION_PARAMETER_INVALID', 'the threshold must be a number');
  const positives = sortScores(positive, 'positive');
  const negatives = sortScores(negative, 'negative');
  return {
    threshold,
    falseAcceptRate: (negatives.length - countBelow(negatives, threshold)) / negatives.length,
    falseRejectRate: countBelow(positives, threshold) / positives.length,
  };
}

/** The exact error-rate curve (see {@link ErrorRateCurve}); O((P + N) log(P + N)). */
export function errorRateCurve(positive: readonly number[], negative: readonly number[]): ErrorRateCurve {
  const positives = sortScores(positive, 'positive');
  const negatives = sortScores(negative, 'negative');
  const thresholds = Float64Array.from(new Set([...positives, ...negatives, Infinity])).sort();
  const falseAcceptRates = new Float64Array(thresholds.length);
  const falseRejectRates = new Float64Array(thresholds.length);
  let positiveBelow = 0;
  let negativeBelow = 0;
  thresholds.forEach((threshold, index) => {
    while (positiveBelow < positives.length && positives[positiveBelow]! < threshold) positiveBelow++;
    while (negativeBelow < negatives.length && negatives[negativeBelow]! < threshold) negativeBelow++;
    falseRejectRates[index] = positiveBelow / positives.length;
    falseAcceptRates[index] = (negatives.length - negativeBelow) / negatives.length;
  });
  return { thresholds, falseAcceptRates, falseRejectRates, positiveCount: positives.length, negativeCount: negatives.length };
}

/** The point of `curve` at `index`. */
export function curvePoint(curve: ErrorRateCurve, index: number): ErrorRatePoint {
  return { threshold: curve.thresholds[index]!, falseAcceptRate: curve.falseAcceptRates[index]!, falseRejectRate: curve.falseRejectRates[index]! };
}

/** The equal error rate of a curve (see {@link EqualErrorRate}). */
export function equalErrorRate(curve: ErrorRateCurve): EqualErrorRate {
  let best = 0;
  let bestRate = Infinity;
  for (let index = 0; index < curve.thresholds.length; index++) {
    const rate = Math.max(curve.falseAcceptRates[index]!, curve.falseRejectRates[index]!);
    if (rate < bestRate) {
      bestRate = rate;
      best = index;
    }
  }
  return { ...curvePoint(curve, best), rate: bestRate };
}

/**
 * The lowest threshold whose false accept rate is ≤ `target`, and the false reject rate there: the
 * least false rejection the target allows (FNMR at FMR = target; BPCER at APCER = target).
 */
export function operatingPointAtFalseAcceptRate(curve: ErrorRateCurve, target: number): OperatingPoint {
  if (!(target >= 0 && target <= 1)) throw new EvaluationError('EVALUATION_PARAMETER_INVALID', 'the target false accept rate must be in [0, 1]', { target });
  // The curve ends at +∞, where the false accept rate is 0: the search always succeeds.
  const index = curve.falseAcceptRates.findIndex((rate) => rate <= target);
  return { ...curvePoint(curve, index), targetFalseAcceptRate: target, resolved: curve.negativeCount * target >= 1 };
}

/**
 * At most `maxPoints` points of the curve for a detection error trade-off (DET) plot, spread evenly
 * along the curve's length on the DET plot's normal-deviate axes (probit of each rate, rates clamped
 * to [1/(2n), 1 − 1/(2n)] for n scores of the class), so the low-error tails keep their points. The
 * first and last points are always kept; a curve with at most `maxPoints` points is returned whole.
 */
export function decimateCurve(curve: ErrorRateCurve, maxPoints: number): ErrorRatePoint[] {
  if (!Number.isInteger(maxPoints) || maxPoints < 2) throw new EvaluationError('EVALUATION_PARAMETER_INVALID', 'a DET curve needs at least 2 points', { maxPoints });
  const count = curve.thresholds.length;
  if (count <= maxPoints) return Array.from({ length: count }, (_, index) => curvePoint(curve, index));
  const clamp = (rate: number, n: number): number => Math.min(1 - 0.5 / n, Math.max(0.5 / n, rate));
  const length = new Float64Array(count);
  let previousX = probit(clamp(curve.falseAcceptRates[0]!, curve.negativeCount));
  let previousY = probit(clamp(curve.falseRejectRates[0]!, curve.positiveCount));
  for (let index = 1; index < count; index++) {
    const x = probit(clamp(curve.falseAcceptRates[index]!, curve.negativeCount));
    const y = probit(clamp(curve.falseRejectRates[index]!, curve.positiveCount));
    length[index] = length[index - 1]! + Math.hypot(x - previousX, y - previousY);
    previousX = x;
    previousY = y;
  }
  const total = length[count - 1]!;
  const chosen = new Set<number>([0, count - 1]);
  let cursor = 0;
  for (let step = 1; step < maxPoints - 1; step++) {
    const target = (total * step) / (maxPoints - 1);
    while (cursor < count - 1 && length[cursor]! < target) cursor++;
    chosen.add(cursor);
  }
  return [...chosen].sort((a, b) => a - b).map((index) => curvePoint(curve, index));
}

/**
 * The standard normal quantile Φ⁻¹(p) (the DET axes' scale), by Acklam's rational approximation
 * (relative error below 1.2·10⁻⁹ on (0, 1)); −∞ at 0 and +∞ at 1.
 */
export function probit(p: number): number {
  if (!(p >= 0 && p <= 1)) throw new EvaluationError('EVALUATION_PARAMETER_INVALID', 'probit takes a probability in [0, 1]', { p });
  if (p === 0) return -Infinity;
  if (p === 1) return Infinity;
  const a = [-39.69683028665376, 220.9460984245205, -275.9285104469687, 138.357751867269, -30.66479806614716, 2.506628277459239];
  const b = [-54.47609879822406, 161.5858368580409, -155.6989798598866, 66.80131188771972, -13.28068155288572];
  const c = [-0.007784894002430293, -0.3223964580411365, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
  const d = [0.007784695709041462, 0.3224671290700398, 2.445134137142996, 3.754408661907416];
  const low = 0.02425;
  if (p < low) {
    const q = Math.sqrt(-2 * Math.log(p));
    return (((((c[0]! * q + c[1]!) * q + c[2]!) * q + c[3]!) * q + c[4]!) * q + c[5]!) / ((((d[0]! * q + d[1]!) * q + d[2]!) * q + d[3]!) * q + 1);
  }
  if (p > 1 - low) return -probit(1 - p);
  const q = p - 0.5;
  const r = q * q;
  return ((((((a[0]! * r + a[1]!) * r + a[2]!) * r + a[3]!) * r + a[4]!) * r + a[5]!) * q) / (((((b[0]! * r + b[1]!) * r + b[2]!) * r + b[3]!) * r + b[4]!) * r + 1);
}
