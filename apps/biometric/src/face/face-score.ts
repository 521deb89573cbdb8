/**
 * Face comparison scores. The embedder's cosine similarity is turned into a calibrated score,
 * σ(slope · cosine + intercept) — the probability of "same person" at even prior odds — with a
 * logistic fitted per model on labelled comparisons (`npm run eval:face -- --fit-calibration`),
 * so a threshold of 0.5 means the same thing for faces as for fingerprints (whose MCC scores are
 * calibrated the same way, libs/fingerprint). A model without a calibration (a drop-in embedder
 * not yet measured) reports its cosine clipped to [0, 1], and its threshold must be set in those units.
 */
export interface FaceScoreCalibration {
  readonly slope: number;
  readonly intercept: number;
}

/**
 * face-api's 128-d descriptors, L2-normalised, put different people close together (cosine 0.87 on
 * average on the fixtures, up to 0.959) and re-captures of one picture above 0.99. The fixtures
 * separate completely, so a fitted logistic is arbitrary; this one is set by hand: even odds at
 * cosine 0.965 (above every impostor pair of the fixtures: none is accepted at 0.5) and 1 % at
 * 0.93 (the fixtures' 99th impostor percentile). Genuine pairs from *different* photos of a person
 * are not in the fixtures: measure them on your own data (`npm run eval:face -- --dir …`) and set
 * the threshold, or this calibration, from that (docs/benchmarks.md).
 */
export const FACE_SCORE_CALIBRATIONS: Readonly<Record<string, FaceScoreCalibration>> = {
  'face-api/face-recognition@1.7.15+onnx.1': { slope: 131, intercept: -126.415 },
};

export function calibratedFaceScore(model: string, cosine: number, calibrations: Readonly<Record<string, FaceScoreCalibration>> = FACE_SCORE_CALIBRATIONS): number {
  const calibration = calibrations[model];
  if (!calibration) return Math.min(1, Math.max(0, cosine));
  return 1 / (1 + Math.exp(-(calibration.slope * cosine + calibration.intercept)));
}

/**
 * Fits σ(slope · cosine + intercept) to labelled comparisons by maximum likelihood (Newton's
 * method on the two parameters), genuine and impostor comparisons weighted to equal total
 * weight so the calibrated score is the probability at even prior odds.
 */
const RIDGE = 1e-7;

export function fitFaceScoreCalibration(genuine: readonly number[], impostor: readonly number[]): FaceScoreCalibration {
  if (genuine.length === 0 || impostor.length === 0) throw new RangeError('a calibration needs genuine and impostor comparisons');
  const samples = [...genuine.map((x) => ({ x, y: 1, w: 0.5 / genuine.length })), ...impostor.map((x) => ({ x, y: 0, w: 0.5 / impostor.length }))];
  // Penalised log-loss; the ridge on the slope keeps the fit finite when the classes separate completely (as on small fixture sets).
  const loss = (slope: number, intercept: number): number =>
    samples.reduce((sum, { x, y, w }) => {
      const z = slope * x + intercept;
      return sum + w * (Math.max(z, 0) - z * y + Math.log1p(Math.exp(-Math.abs(z))));
    }, 0) + (RIDGE / 2) * slope * slope;
  const meanOf = (values: readonly number[]) => values.reduce((sum, value) => sum + value, 0) / values.length;
  const middle = (meanOf(genuine) + meanOf(impostor)) / 2;
  let slope = 10;
  let intercept = -10 * middle;
  let current = loss(slope, intercept);
  for (let iteration = 0; iteration < 200; iteration++) {
    let gradientSlope = RIDGE * slope;
    let gradientIntercept = 0;
    let hss = RIDGE;
    let hsi = 0;
    let hii = 0;
    for (const { x, y, w } of samples) {
      const p = 1 / (1 + Math.exp(-(slope * x + intercept)));
      gradientSlope += w * (p - y) * x;
      gradientIntercept += w * (p - y);
      const curvature = w * p * (1 - p);
      hss += curvature * x * x;
      hsi += curvature * x;
      hii += curvature;
    }
    const determinant = hss * hii - hsi * hsi;
    let stepSlope = determinant > 0 ? (hii * gradientSlope - hsi * gradientIntercept) / determinant : gradientSlope;
    let stepIntercept = determinant > 0 ? (hss * gradientIntercept - hsi * gradientSlope) / determinant : gradientIntercept;
    // Damped Newton: halve the step until the loss goes down.
    let next = loss(slope - stepSlope, intercept - stepIntercept);
    for (let halving = 0; halving < 40 && !(next < current); halving++) {
      stepSlope /= 2;
      stepIntercept /= 2;
      next = loss(slope - stepSlope, intercept - stepIntercept);
    }
    if (!(next < current)) break;
    slope -= stepSlope;
    intercept -= stepIntercept;
    const improvement = current - next;
    current = next;
    if (improvement < 1e-12) break;
  }
  return { slope, intercept };
}
