import { FingerprintError } from '../fingerprint-error';

/** A calibrated comparison score. */
export interface CalibratedScore {
  /**
   * Natural log-likelihood ratio ln P(raw | same finger) / P(raw | different fingers), from the
   * logistic calibration; clamped to ±{@link MAX_LOG_LIKELIHOOD_RATIO}. Log-likelihood ratios of
   * independent fingers add up (see `fuseScores`).
   */
  readonly llr: number;
  /** The probability of "same finger" at even prior odds, σ(llr), in [0, 1]. */
  readonly calibrated: number;
}

/**
 * A logistic calibration on the log of the raw score: llr = slope · ln(raw + offset) + intercept.
 * The log makes the impostor scores — crowded just above 0 — and the genuine ones — spread up to 1 —
 * about equally wide, which a single logistic fits far better than the raw score.
 */
export interface LogisticCalibration {
  readonly slope: number;
  readonly intercept: number;
  readonly offset: number;
}

/** The calibration feature of a raw score: ln(raw + offset). */
export function calibrationFeature(raw: number, offset: number): number {
  return Math.log(Math.max(0, raw) + offset);
}

/** Beyond ±18 (odds of about 65 million to one) synthetic data says nothing trustworthy: the ratio is clamped. */
export const MAX_LOG_LIKELIHOOD_RATIO = 18;

/**
 * The calibration of the raw MCC score, fitted by `bench/fingerprint/fit-calibration.ts` on
 * synthetic data: 120 fingers × 6 impressions per tier (easy, medium and hard pooled; seed
 * "calibration-2026"), all 5 400 genuine and 771 120 impostor pairs, class-balanced logistic
 * regression on ln(raw + 0.001) with Platt's target smoothing (see {@link fitLogisticCalibration}).
 * On those scores the predicted llr tracks the empirical one within 1.5 from −6 to +10 (the
 * script prints the table; below −6 there are too few mates to tell). Re-run it and update these
 * constants whenever the matcher or the generator changes.
 */
export const SCORE_CALIBRATION: LogisticCalibration = { slope: 11.3576, intercept: 42.1959, offset: 0.001 };

/** Calibrates a raw score with {@link SCORE_CALIBRATION} (or `calibration`). */
export function calibrateScore(raw: number, calibration: LogisticCalibration = SCORE_CALIBRATION): CalibratedScore {
  const value = calibration.slope * calibrationFeature(raw, calibration.offset) + calibration.intercept;
  const llr = Math.max(-MAX_LOG_LIKELIHOOD_RATIO, Math.min(MAX_LOG_LIKELIHOOD_RATIO, value));
  return { llr, calibrated: 1 / (1 + Math.exp(-llr)) };
}

/**
 * Fits llr = slope · ln(raw + offset) + intercept by logistic regression (Newton–Raphson on the log-likelihood)
 * with the two classes weighted equally, so that the fitted log-odds are log-likelihood ratios
 * whatever the numbers of genuine and impostor scores; Platt's smoothed targets
 * ((N₊ + 1)/(N₊ + 2) and 1/(N₋ + 2); J. Platt, "Probabilistic outputs for support vector
 * machines", 1999) keep the slope finite when the classes are separable.
 */
export function fitLogisticCalibration(genuine: readonly number[], impostor: readonly number[], offset = 0.001): LogisticCalibration {
  if (genuine.length === 0 || impostor.length === 0) throw new FingerprintError('PARAMETER_INVALID', 'calibration needs genuine and impostor scores');
  const positive = (genuine.length + 1) / (genuine.length + 2);
  const negative = 1 / (impostor.length + 2);
  const samples: { score: number; target: number; weight: number }[] = [
    ...genuine.map((raw) => ({ score: calibrationFeature(raw, offset), target: positive, weight: 0.5 / genuine.length })),
    ...impostor.map((raw) => ({ score: calibrationFeature(raw, offset), target: negative, weight: 0.5 / impostor.length })),
  ];
  let slope = 0;
  let intercept = 0;
  for (let iteration = 0; iteration < 100; iteration++) {
    let gradientSlope = 0;
    let gradientIntercept = 0;
    let hessianSS = 0;
    let hessianSI = 0;
    let hessianII = 0;
    for (const { score, target, weight } of samples) {
      const probability = 1 / (1 + Math.exp(-(slope * score + intercept)));
      const residual = (probability - target) * weight;
      const curvature = Math.max(probability * (1 - probability), 1e-12) * weight;
      gradientSlope += residual * score;
      gradientIntercept += residual;
      hessianSS += curvature * score * score;
      hessianSI += curvature * score;
      hessianII += curvature;
    }
    const determinant = hessianSS * hessianII - hessianSI * hessianSI;
    if (!(Math.abs(determinant) > 1e-300)) break;
    const stepSlope = (hessianII * gradientSlope - hessianSI * gradientIntercept) / determinant;
    const stepIntercept = (hessianSS * gradientIntercept - hessianSI * gradientSlope) / determinant;
    slope -= stepSlope;
    intercept -= stepIntercept;
    if (Math.abs(stepSlope) < 1e-9 && Math.abs(stepIntercept) < 1e-9) break;
  }
  return { slope, intercept, offset };
}
