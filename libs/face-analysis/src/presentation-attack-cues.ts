import { FaceAnalysisError } from './face-analysis-error';
import { fft2d, nextPowerOfTwo } from './fft';
import { laplacianVariance } from './image/filters';
import { assertRgbImage, luminance, type RgbImage } from './image/rgb-image';

/**
 * NON-CERTIFIED BASELINE. These cues and their fusion have been set on synthetic attacks only (see
 * synthetic-attacks.ts). They are not a presentation attack detection subsystem evaluated under
 * ISO/IEC 30107-3 and must not be the only defence against presentation attacks.
 */
export const PRESENTATION_ATTACK_BASELINE_NOTICE =
  'Non-certified presentation attack detection baseline: image cues and a hand-set logistic fusion, tuned on synthetic attacks only; not evaluated under ISO/IEC 30107-3 on real attack instruments.';

export const PRESENTATION_ATTACK_CUE_NAMES = ['moireEnergy', 'sharpness', 'specularFraction', 'saturationMean', 'chromaSpread', 'surroundMoireEnergy'] as const;
export type PresentationAttackCueName = (typeof PRESENTATION_ATTACK_CUE_NAMES)[number];

/** Image cues of a face crop (and optionally its surroundings); each a measurement on the pixels given. */
export interface PresentationAttackCues {
  /**
   * Recapture energy, 0–1: the share of the luminance spectrum's energy in the mid/high band that lies
   * in isolated peaks above the natural spectrum. A natural image's power falls smoothly with
   * frequency (≈ 1/f²) and is spread over orientations, so within a ring of the 2-D spectrum the
   * power is near its median; a screen's pixel grid, its aliasing against the camera's (moiré), or a
   * print's halftone screen puts energy into a few peaks. Energy counted: Σ (P − ring median) over
   * bins with P > peakFactor × their ring's median, divided by Σ P over the band.
   */
  readonly moireEnergy: number;
  /** log10(1 + variance of the Laplacian of the luma): prints and recaptures lose fine detail (a screen's grid can add it back, which moireEnergy sees). */
  readonly sharpness: number;
  /** Fraction of near-white, low-saturation pixels (max channel ≥ 235, HSV saturation ≤ 0.12): glare off a screen or glossy paper. */
  readonly specularFraction: number;
  /** Mean HSV saturation, 0–1. */
  readonly saturationMean: number;
  /** √(var Cb + var Cr) of the BT.601 chroma, 0–255 units: prints and screens compress the chroma distribution. */
  readonly chromaSpread: number;
  /** {@link PresentationAttackCues.moireEnergy} of the surroundings, when they were given. */
  readonly surroundMoireEnergy?: number;
}

export interface PresentationAttackCueOptions {
  /**
   * The capture around the face (e.g. a crop 2–3 times the face box, at the capture's scale, at most
   * 1024 px a side): a screen or a print usually fills more than the face.
   */
  readonly surroundings?: RgbImage;
  /** Band of the recapture energy, in cycles per pixel; default [0.08, 0.5]. */
  readonly band?: readonly [number, number];
  /** A spectral bin is a peak above this multiple of its ring's median power; default 8. */
  readonly peakFactor?: number;
}

const MAX_SPECTRUM_SIDE = 1024;
const RADIAL_STEP = 3;

/**
 * The recapture (moiré) energy of a luminance plane, see {@link PresentationAttackCues.moireEnergy}.
 * The plane, less its mean, is weighted by a 2-D Hann window (so the image border adds no spectral
 * lines), zero-padded to a power-of-two square and transformed with {@link fft2d}.
 */
export function recaptureEnergy(luma: Float32Array, width: number, height: number, band: readonly [number, number] = [0.08, 0.5], peakFactor = 8): number {
  if (width < 8 || height < 8 || luma.length !== width * height) throw new FaceAnalysisError('FACE_ANALYSIS_PARAMETER_INVALID', 'the spectrum needs a plane of at least 8 × 8 values', { width, height });
  if (width > MAX_SPECTRUM_SIDE || height > MAX_SPECTRUM_SIDE) throw new FaceAnalysisError('FACE_ANALYSIS_PARAMETER_INVALID', `the spectrum is measured on crops of at most ${MAX_SPECTRUM_SIDE} px a side`, { width, height });
  if (!(band[0] > 0 && band[1] > band[0] && band[1] <= 0.75)) throw new FaceAnalysisError('FACE_ANALYSIS_PARAMETER_INVALID', 'the band must be 0 < low < high ≤ 0.75 cycles per pixel', { low: band[0], high: band[1] });
  if (!(peakFactor > 1)) throw new FaceAnalysisError('FACE_ANALYSIS_PARAMETER_INVALID', 'the peak factor must be above 1', { peakFactor });
  const n = nextPowerOfTwo(Math.max(width, height));
  const real = new Float64Array(n * n);
  const imag = new Float64Array(n * n);
  let mean = 0;
  for (const value of luma) mean += value;
  mean /= luma.length;
  const hann = (index: number, length: number): number => 0.5 - 0.5 * Math.cos((2 * Math.PI * (index + 0.5)) / length);
  for (let y = 0; y < height; y++) {
    const wy = hann(y, height);
    for (let x = 0; x < width; x++) real[y * n + x] = (luma[y * width + x]! - mean) * wy * hann(x, width);
  }
  fft2d(real, imag, n, n);
  const power = new Float64Array(n * n);
  for (let index = 0; index < power.length; index++) power[index] = real[index]! ** 2 + imag[index]! ** 2;
  const at = (fu: number, fv: number): number => power[(((Math.round(fv) % n) + n) % n) * n + (((Math.round(fu) % n) + n) % n)]!;
  // Mean power of the 3 × 3 bins around a frequency (less noisy than one bin, whose power is exponentially distributed).
  const around = (fu: number, fv: number): number => {
    let sum = 0;
    for (let dv = -1; dv <= 1; dv++) for (let du = -1; du <= 1; du++) sum += at(fu + du, fv + dv);
    return sum / 9;
  };
  // Ring (rounded radius in bins) of every frequency in the band, −1 outside; then each ring's median power.
  const ringOf = new Int32Array(n * n).fill(-1);
  const ringCount = new Int32Array(n);
  for (let v = 0; v < n; v++) {
    const fv = v < n / 2 ? v : v - n;
    for (let u = 0; u < n; u++) {
      const fu = u < n / 2 ? u : u - n;
      const radius = Math.hypot(fu, fv);
      if (radius < band[0] * n || radius > band[1] * n) continue;
      const ring = Math.round(radius);
      ringOf[v * n + u] = ring;
      ringCount[ring]!++;
    }
  }
  const ringStart = new Int32Array(n + 1);
  for (let ring = 0; ring < n; ring++) ringStart[ring + 1] = ringStart[ring]! + ringCount[ring]!;
  const sorted = new Float64Array(ringStart[n]!);
  const filled = ringStart.slice(0, n);
  ringOf.forEach((ring, index) => {
    if (ring >= 0) sorted[filled[ring]!++] = power[index]!;
  });
  const medians = new Float64Array(n);
  for (let ring = 0; ring < n; ring++) {
    if (ringCount[ring] === 0) continue;
    const powers = sorted.subarray(ringStart[ring]!, ringStart[ring + 1]!).sort();
    medians[ring] = powers[powers.length >> 1]!;
  }
  // A peak stands out of its ring (most orientations carry less) and of its own direction RADIAL_STEP
  // bins nearer and farther: an edge's energy is a streak along its direction, falling ≈ 1/f², a
  // periodic pattern's is a point.
  let total = 0;
  let peaks = 0;
  for (let index = 0; index < ringOf.length; index++) {
    const ring = ringOf[index]!;
    if (ring < 0) continue;
    const value = power[index]!;
    total += value;
    const baseline = medians[ring]!;
    if (value <= peakFactor * baseline) continue;
    const u = index % n;
    const v = (index - u) / n;
    const fu = u < n / 2 ? u : u - n;
    const fv = v < n / 2 ? v : v - n;
    const radius = Math.hypot(fu, fv);
    const du = (RADIAL_STEP * fu) / radius;
    const dv = (RADIAL_STEP * fv) / radius;
    const streak = Math.max(around(fu - du, fv - dv), around(fu + du, fv + dv));
    if (value > peakFactor * streak) peaks += value - Math.max(baseline, streak);
  }
  return total > 0 ? peaks / total : 0;
}

/**
 * Measures the cues on a face crop and, when given, its surroundings. Use the aligned crop at about
 * the capture's own scale — `alignFace(image, landmarks, nativeArcFaceReference(landmarks),
 * { antialias: true, border: 'replicate' })` — not the embedder's 112 × 112: a crop smaller than
 * the face averages a screen's grid and a print's screen away before the spectrum sees them, and a
 * black border would add spectral lines of its own.
 */
export function measurePresentationAttackCues(face: RgbImage, options: PresentationAttackCueOptions = {}): PresentationAttackCues {
  assertRgbImage(face, 'face crop');
  const band = options.band ?? [0.08, 0.5];
  const peakFactor = options.peakFactor ?? 8;
  const luma = luminance(face);
  const { data } = face;
  let specular = 0;
  let saturation = 0;
  let cbSum = 0;
  let crSum = 0;
  let cbSquares = 0;
  let crSquares = 0;
  const pixels = face.width * face.height;
  for (let offset = 0; offset < data.length; offset += 3) {
    const r = data[offset]!;
    const g = data[offset + 1]!;
    const b = data[offset + 2]!;
    const max = Math.max(r, g, b);
    const min = Math.min(r, g, b);
    const s = max > 0 ? (max - min) / max : 0;
    saturation += s;
    if (max >= 235 && s <= 0.12) specular++;
    const cb = -0.168736 * r - 0.331264 * g + 0.5 * b;
    const cr = 0.5 * r - 0.418688 * g - 0.081312 * b;
    cbSum += cb;
    crSum += cr;
    cbSquares += cb * cb;
    crSquares += cr * cr;
  }
  const variance = (sum: number, squares: number): number => Math.max(0, squares / pixels - (sum / pixels) ** 2);
  let surroundMoireEnergy: number | undefined;
  if (options.surroundings !== undefined) {
    assertRgbImage(options.surroundings, 'surroundings');
    surroundMoireEnergy = recaptureEnergy(luminance(options.surroundings), options.surroundings.width, options.surroundings.height, band, peakFactor);
  }
  return {
    moireEnergy: recaptureEnergy(luma, face.width, face.height, band, peakFactor),
    sharpness: Math.log10(1 + laplacianVariance(luma, face.width, face.height)),
    specularFraction: specular / pixels,
    saturationMean: saturation / pixels,
    chromaSpread: Math.sqrt(variance(cbSum, cbSquares) + variance(crSum, crSquares)),
    ...(surroundMoireEnergy !== undefined && { surroundMoireEnergy }),
  };
}

/** One cue's term in the fusion: weight · (cue − centre) / scale. */
export interface CueWeight {
  readonly weight: number;
  readonly centre: number;
  readonly scale: number;
}

/**
 * Weights of the logistic fusion. A positive weight means "more of this cue, more bona fide". The
 * defaults were set by hand on synthetic attacks; replace them with a logistic regression fitted on
 * a PAD development set (the form is the same).
 */
export interface PresentationAttackFusionWeights {
  readonly bias: number;
  /** Weight of the mean logit of the model scores. */
  readonly model: number;
  readonly cues: Readonly<Record<PresentationAttackCueName, CueWeight>>;
  /** Bona fide at score ≥ threshold. */
  readonly threshold: number;
}

export const DEFAULT_PRESENTATION_ATTACK_FUSION: PresentationAttackFusionWeights = {
  bias: 1,
  model: 1,
  cues: {
    // On synthetic data bona fide crops and 1/f textures measure ≤ 0.025 and the attacks 0.06–0.6: the cue that carries the fusion.
    moireEnergy: { weight: -3, centre: 0.03, scale: 0.01 },
    // Content-dependent (skin vs texture) and two-sided (a print blurs, a screen's grid sharpens): a small weight.
    sharpness: { weight: 0.25, centre: 2, scale: 0.5 },
    specularFraction: { weight: -2, centre: 0.02, scale: 0.02 },
    saturationMean: { weight: 0.25, centre: 0.25, scale: 0.1 },
    chromaSpread: { weight: 0.25, centre: 12, scale: 6 },
    surroundMoireEnergy: { weight: -2, centre: 0.03, scale: 0.01 },
  },
  threshold: 0.5,
};

export interface PresentationAttackEvidence {
  /** Scores of ONNX PAD models, 0–1, higher = bona fide; may be empty (the cues decide alone). */
  readonly modelScores: readonly number[];
  readonly cues: PresentationAttackCues;
}

export interface PresentationAttackDecision {
  /** P(bona fide) under the fusion, 0–1. */
  readonly bonaFideScore: number;
  readonly decision: 'bona-fide' | 'attack';
  readonly threshold: number;
  /** The logit z and each term of it (bias, model, each cue). */
  readonly logit: number;
  readonly contributions: Readonly<Record<string, number>>;
  /** Always false: see {@link PRESENTATION_ATTACK_BASELINE_NOTICE}. */
  readonly certified: false;
}

const logit = (p: number): number => {
  const q = Math.min(1 - 1e-6, Math.max(1e-6, p));
  return Math.log(q / (1 - q));
};

/**
 * Logistic fusion of model scores and image cues into a bona fide score:
 *
 *   z = bias + model · mean_m logit(sₘ) + Σ_k weight_k · (cue_k − centre_k) / scale_k
 *   bonaFideScore = 1 / (1 + e^(−z)),   bona fide ⇔ bonaFideScore ≥ threshold
 *
 * Model scores enter as log-odds, averaged so the weight does not depend on how many models there
 * are (probabilities clamped to [10⁻⁶, 1 − 10⁻⁶]); no model means no model term. A cue that was not
 * measured (the surroundings) contributes 0. NON-CERTIFIED BASELINE (see
 * {@link PRESENTATION_ATTACK_BASELINE_NOTICE}).
 */
export function fusePresentationAttackScore(evidence: PresentationAttackEvidence, weights: PresentationAttackFusionWeights = DEFAULT_PRESENTATION_ATTACK_FUSION): PresentationAttackDecision {
  if (!Number.isFinite(weights.bias) || !Number.isFinite(weights.model) || !(weights.threshold > 0 && weights.threshold < 1)) {
    throw new FaceAnalysisError('FACE_ANALYSIS_CONFIG_INVALID', 'fusion bias and model weight must be finite and the threshold in (0, 1)');
  }
  const bad = evidence.modelScores.findIndex((score) => !(score >= 0 && score <= 1));
  if (bad >= 0) throw new FaceAnalysisError('FACE_ANALYSIS_PARAMETER_INVALID', 'model scores must be in [0, 1]', { index: bad });
  const contributions: Record<string, number> = { bias: weights.bias };
  contributions['model'] = evidence.modelScores.length === 0 ? 0 : (weights.model * evidence.modelScores.reduce((sum, score) => sum + logit(score), 0)) / evidence.modelScores.length;
  for (const name of PRESENTATION_ATTACK_CUE_NAMES) {
    const { weight, centre, scale } = weights.cues[name];
    if (!Number.isFinite(weight) || !Number.isFinite(centre) || !(scale > 0)) throw new FaceAnalysisError('FACE_ANALYSIS_CONFIG_INVALID', `fusion weight of ${name} is invalid`, { cue: name });
    const value = evidence.cues[name];
    contributions[name] = value === undefined ? 0 : (weight * (value - centre)) / scale;
  }
  const z = Object.values(contributions).reduce((sum, term) => sum + term, 0);
  const bonaFideScore = 1 / (1 + Math.exp(-z));
  return { bonaFideScore, decision: bonaFideScore >= weights.threshold ? 'bona-fide' : 'attack', threshold: weights.threshold, logit: z, contributions, certified: false };
}
