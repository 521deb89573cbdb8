import { countBelow, decimateCurve, equalErrorRate, errorRateCurve, errorRatesAt, operatingPointAtFalseAcceptRate, sortScores } from '@citizen-zero/biometric-evaluation';
import { FaceAnalysisError } from './face-analysis-error';

/*
 * Accuracy metrics for the face pipeline. The threshold sweep is @citizen-zero/biometric-evaluation's
 * (shared with libs/fingerprint); this module names its rates in the standards' terms and checks
 * the inputs with this library's error codes. Every decision accepts at score ≥ threshold: a
 * comparison score ≥ t is a match, a PAD bona fide score ≥ t is classified bona fide.
 */

function assertScores(scores: readonly number[], what: string): void {
  if (scores.length === 0) throw new FaceAnalysisError('FACE_EVALUATION_SCORES_INVALID', `there are no ${what} scores`, { what });
  const bad = scores.findIndex((score) => !Number.isFinite(score));
  if (bad >= 0) throw new FaceAnalysisError('FACE_EVALUATION_SCORES_INVALID', `${what} scores must be finite`, { what, index: bad });
}

function assertRate(rate: number, what: string): void {
  if (!(rate >= 0 && rate <= 1)) throw new FaceAnalysisError('FACE_ANALYSIS_PARAMETER_INVALID', `${what} must be in [0, 1]`, { what, rate });
}

/** FMR and FNMR at one threshold. */
export interface VerificationErrorRates {
  readonly threshold: number;
  /** False match rate: share of non-mated comparison scores ≥ threshold (ISO/IEC 19795-1). */
  readonly fmr: number;
  /** False non-match rate: share of mated comparison scores < threshold (ISO/IEC 19795-1). */
  readonly fnmr: number;
}

/** FMR and FNMR of comparison scores at a threshold (ISO/IEC 19795-1 definitions; accept at score ≥ threshold). */
export function verificationErrorRates(mated: readonly number[], nonMated: readonly number[], threshold: number): VerificationErrorRates {
  assertScores(mated, 'mated');
  assertScores(nonMated, 'non-mated');
  if (Number.isNaN(threshold)) throw new FaceAnalysisError('FACE_ANALYSIS_PARAMETER_INVALID', 'the threshold must be a number');
  const point = errorRatesAt(mated, nonMated, threshold);
  return { threshold, fmr: point.falseAcceptRate, fnmr: point.falseRejectRate };
}

/**
 * Detection error trade-off points: (FMR, FNMR) at every distinct score and at +∞, decimated to at
 * most `maxPoints` spread evenly along the curve on the DET plot's normal-deviate axes (both ends kept).
 */
export function detCurve(mated: readonly number[], nonMated: readonly number[], maxPoints = 200): VerificationErrorRates[] {
  assertScores(mated, 'mated');
  assertScores(nonMated, 'non-mated');
  if (!Number.isInteger(maxPoints) || maxPoints < 2) throw new FaceAnalysisError('FACE_ANALYSIS_PARAMETER_INVALID', 'a DET curve needs at least 2 points', { maxPoints });
  return decimateCurve(errorRateCurve(mated, nonMated), maxPoints).map((point) => ({ threshold: point.threshold, fmr: point.falseAcceptRate, fnmr: point.falseRejectRate }));
}

export interface EqualErrorRate {
  /** min over thresholds t of max(FMR(t), FNMR(t)): the conservative reading of where the curves cross. */
  readonly eer: number;
  readonly threshold: number;
  readonly fmr: number;
  readonly fnmr: number;
}

/** The equal error rate of comparison scores (same definition as libs/fingerprint's `errorRates`). */
export function verificationEqualErrorRate(mated: readonly number[], nonMated: readonly number[]): EqualErrorRate {
  assertScores(mated, 'mated');
  assertScores(nonMated, 'non-mated');
  const point = equalErrorRate(errorRateCurve(mated, nonMated));
  return { eer: point.rate, threshold: point.threshold, fmr: point.falseAcceptRate, fnmr: point.falseRejectRate };
}

export interface FnmrAtFmr {
  readonly targetFmr: number;
  /** The lowest threshold whose FMR ≤ target. */
  readonly threshold: number;
  readonly fmr: number;
  readonly fnmr: number;
  /** False with fewer than 1/target non-mated scores: FMR = target cannot be resolved, and `fnmr` is that at FMR = 0 (an upper bound). */
  readonly resolved: boolean;
}

/** FNMR at the lowest threshold whose FMR is ≤ `targetFmr` (e.g. FNMR at FMR = 10⁻³). */
export function fnmrAtFmr(mated: readonly number[], nonMated: readonly number[], targetFmr: number): FnmrAtFmr {
  assertScores(mated, 'mated');
  assertScores(nonMated, 'non-mated');
  assertRate(targetFmr, 'the target FMR');
  const point = operatingPointAtFalseAcceptRate(errorRateCurve(mated, nonMated), targetFmr);
  return { targetFmr, threshold: point.threshold, fmr: point.falseAcceptRate, fnmr: point.falseRejectRate, resolved: point.resolved };
}

/** PAD scores (higher = bona fide) of bona fide presentations and of attack presentations by species. */
export interface PresentationAttackScores {
  readonly bonaFide: readonly number[];
  /** Species name (e.g. `print`, `screen-replay`) → scores of its attack presentations. */
  readonly attacks: Readonly<Record<string, readonly number[]>>;
}

export interface PresentationAttackErrorRates {
  readonly threshold: number;
  /**
   * APCER per species: the share of that species' attack presentations classified bona fide
   * (score ≥ threshold), ISO/IEC 30107-3 clause 13.
   */
  readonly apcer: Readonly<Record<string, number>>;
  /**
   * The highest APCER over the species (ISO/IEC 30107-3 reports the maximum over the species of
   * one attack potential — APCER_AP; sometimes written APCER_AN). Pass the species of one attack
   * potential level to get it for that level.
   */
  readonly apcerMax: number;
  /** The species reaching `apcerMax`. */
  readonly worstSpecies: string;
  /** BPCER: the share of bona fide presentations classified as attacks (score < threshold), ISO/IEC 30107-3 clause 13. */
  readonly bpcer: number;
}

function sortedSpecies(scores: PresentationAttackScores): [string, Float64Array][] {
  assertScores(scores.bonaFide, 'bona fide');
  const species = Object.entries(scores.attacks);
  if (species.length === 0) throw new FaceAnalysisError('FACE_EVALUATION_SCORES_INVALID', 'there are no attack species');
  return species.map(([name, values]) => {
    assertScores(values, `attack (${name})`);
    return [name, sortScores(values, name)];
  });
}

function apcerAt(species: readonly [string, Float64Array][], threshold: number): { apcer: Record<string, number>; apcerMax: number; worstSpecies: string } {
  const apcer: Record<string, number> = {};
  let apcerMax = -1;
  let worstSpecies = '';
  for (const [name, sorted] of species) {
    const rate = (sorted.length - countBelow(sorted, threshold)) / sorted.length;
    apcer[name] = rate;
    if (rate > apcerMax) {
      apcerMax = rate;
      worstSpecies = name;
    }
  }
  return { apcer, apcerMax, worstSpecies };
}

/** APCER per species, their maximum and BPCER at a threshold (ISO/IEC 30107-3 clause 13; bona fide at score ≥ threshold). */
export function presentationAttackErrorRates(scores: PresentationAttackScores, threshold: number): PresentationAttackErrorRates {
  const species = sortedSpecies(scores);
  if (Number.isNaN(threshold)) throw new FaceAnalysisError('FACE_ANALYSIS_PARAMETER_INVALID', 'the threshold must be a number');
  const bonaFide = sortScores(scores.bonaFide, 'bona fide');
  return { threshold, ...apcerAt(species, threshold), bpcer: countBelow(bonaFide, threshold) / bonaFide.length };
}

export interface BpcerAtApcer extends PresentationAttackErrorRates {
  readonly targetApcer: number;
  /** False when a species has fewer than 1/target attack presentations: its APCER cannot be resolved at the target. */
  readonly resolved: boolean;
}

/**
 * BPCER at the lowest threshold where every species' APCER is ≤ `targetApcer` (so the maximum over
 * species is): BPCER20 is `bpcerAtApcer(scores, 0.05)`, BPCER100 `bpcerAtApcer(scores, 0.01)`
 * (ISO/IEC 30107-3 clause 13). The candidate thresholds are every distinct score and +∞, as for
 * FNMR at FMR.
 */
export function bpcerAtApcer(scores: PresentationAttackScores, targetApcer: number): BpcerAtApcer {
  const species = sortedSpecies(scores);
  assertRate(targetApcer, 'the target APCER');
  const bonaFide = sortScores(scores.bonaFide, 'bona fide');
  const candidates = Float64Array.from(new Set([...bonaFide, ...species.flatMap(([, sorted]) => [...sorted]), Infinity])).sort();
  // The maximum APCER does not increase with the threshold: binary search for the first candidate meeting the target.
  let low = 0;
  let high = candidates.length - 1;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (apcerAt(species, candidates[middle]!).apcerMax <= targetApcer) high = middle;
    else low = middle + 1;
  }
  const threshold = candidates[low]!;
  return {
    threshold,
    ...apcerAt(species, threshold),
    bpcer: countBelow(bonaFide, threshold) / bonaFide.length,
    targetApcer,
    resolved: species.every(([, sorted]) => sorted.length * targetApcer >= 1),
  };
}
