import { similarityTransform, warpSimilarity } from './face-alignment';
import { FaceAnalysisError } from './face-analysis-error';
import { gaussianBlurRgb } from './image/filters';
import { assertRgbImage, toUint8, type Point, type RgbImage } from './image/rgb-image';
import { createSeededRandom, type SeededRandom } from './random';

/**
 * The synthetic presentation attack instrument species (ISO/IEC 30107-3 "PAI species") this module
 * simulates, for the APCER-per-species report. Simulations of the artefacts, not real instruments:
 * a PAD evaluation for certification needs real prints, screens and masks.
 */
export const PRESENTATION_ATTACK_SPECIES = ['print', 'screen-replay', 'cutout-print'] as const;
export type PresentationAttackSpecies = (typeof PRESENTATION_ATTACK_SPECIES)[number];

const DEGREE = Math.PI / 180;

/**
 * The distribution of the dot-screen function 0.5 + 0.25·(cos a + cos b) over uniform phases a, b
 * (sorted samples on a 128 × 128 grid): mapping the screen through it makes the threshold uniform,
 * so the halftone keeps the tone (the area covered equals the tone) instead of steepening mid-tones.
 */
const SCREEN_DISTRIBUTION = (() => {
  const steps = 128;
  const values = new Float64Array(steps * steps);
  for (let i = 0; i < steps; i++) {
    for (let j = 0; j < steps; j++) values[i * steps + j] = 0.5 + 0.25 * (Math.cos((2 * Math.PI * (i + 0.5)) / steps) + Math.cos((2 * Math.PI * (j + 0.5)) / steps));
  }
  return values.sort();
})();

function uniformThreshold(screen: number): number {
  let low = 0;
  let high = SCREEN_DISTRIBUTION.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (SCREEN_DISTRIBUTION[middle]! < screen) low = middle + 1;
    else high = middle;
  }
  return (low + 0.5) / (SCREEN_DISTRIBUTION.length + 1);
}

function unitValues(image: RgbImage): Float32Array {
  assertRgbImage(image);
  const values = new Float32Array(image.data.length);
  for (let index = 0; index < values.length; index++) values[index] = Math.min(1, Math.max(0, image.data[index]! / 255));
  return values;
}

function finish(values: Float32Array, width: number, height: number, random: SeededRandom, blur: number, noise: number): RgbImage {
  const blurred = gaussianBlurRgb(values, width, height, blur);
  for (let index = 0; index < blurred.length; index++) blurred[index] = 255 * blurred[index]! + random.normal(0, noise);
  return { width, height, data: toUint8(blurred) };
}

/**
 * A printed photograph presented to the camera, deterministic for a seed (same seed, same
 * picture; another seed, other parameters and noise):
 *
 * - reduced gamut and contrast: chroma kept 55–80 %, tones mapped into paper white 0.84–0.93 and
 *   ink black 0.06–0.14 (of full scale);
 * - halftone: an amplitude-modulated, tone-preserving dot screen per channel (period 2.6–4.2 px at
 *   the classic 15°/75°/0° screen angles plus a common random rotation), mixed in at 30–50 %;
 * - a warm paper tint (green ×0.965–0.99, blue ×0.88–0.95);
 * - the recapture: Gaussian blur σ 0.5–1.0 px and sensor noise σ 1–2.5 grey levels.
 *
 * Returns 8-bit RGB of the same size.
 */
export function printAttack(image: RgbImage, seed: number | string): RgbImage {
  const values = unitValues(image);
  const random = createSeededRandom(`print:${String(seed)}`);
  const black = random.uniform(0.06, 0.14);
  const white = random.uniform(0.84, 0.93);
  const chroma = random.uniform(0.55, 0.8);
  const tint = [1, random.uniform(0.965, 0.99), random.uniform(0.88, 0.95)];
  const period = random.uniform(2.6, 4.2);
  const rotation = random.uniform(0, 90) * DEGREE;
  const angles = [15, 75, 0].map((angle) => angle * DEGREE + rotation);
  const strength = random.uniform(0.3, 0.5);
  const blur = random.uniform(0.5, 1.0);
  const noise = random.uniform(1, 2.5);
  const { width, height } = image;
  const frequency = (2 * Math.PI) / period;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const offset = (y * width + x) * 3;
      const luma = 0.299 * values[offset]! + 0.587 * values[offset + 1]! + 0.114 * values[offset + 2]!;
      for (let channel = 0; channel < 3; channel++) {
        const toned = black + (white - black) * (luma + chroma * (values[offset + channel]! - luma));
        const angle = angles[channel]!;
        const u = x * Math.cos(angle) + y * Math.sin(angle);
        const v = -x * Math.sin(angle) + y * Math.cos(angle);
        const threshold = uniformThreshold(0.5 + 0.25 * (Math.cos(frequency * u) + Math.cos(frequency * v)));
        const dot = (toned - black) / (white - black) > threshold ? white : black;
        values[offset + channel] = ((1 - strength) * toned + strength * dot) * tint[channel]!;
      }
    }
  }
  return finish(values, width, height, random, blur, noise);
}

/**
 * The face shown on a screen and recaptured, deterministic for a seed:
 *
 * - the picture resampled onto the display: zoom 1.01–1.06, tilt ±2°, bilinear;
 * - a display gamma mismatch: values raised to 0.7–0.85 or 1.2–1.4;
 * - the display's RGB stripe sub-pixel grid, pitch 1.25–1.8 capture pixels and rotated 1–5° against
 *   the sensor, modulating each channel (depth 35–60 %) with the black matrix between rows — point
 *   sampled by the sensor, which aliases it into moiré;
 * - a soft specular glare: a Gaussian spot (σ 12–25 % of the side) pushing 45–80 % towards white;
 * - the recapture: Gaussian blur σ 0.35–0.6 px and sensor noise σ 1–2.5 grey levels.
 *
 * Returns 8-bit RGB of the same size.
 */
export function screenReplayAttack(image: RgbImage, seed: number | string): RgbImage {
  assertRgbImage(image);
  const random = createSeededRandom(`screen:${String(seed)}`);
  const { width, height } = image;
  const zoom = random.uniform(1.01, 1.06);
  const tilt = random.uniform(-2, 2) * DEGREE;
  const gamma = random.chance(0.5) ? random.uniform(0.7, 0.85) : random.uniform(1.2, 1.4);
  const pitch = random.uniform(1.25, 1.8);
  const gridAngle = random.uniform(1, 5) * DEGREE * (random.chance(0.5) ? 1 : -1);
  const depth = random.uniform(0.35, 0.6);
  const glare = { x: random.uniform(0.2, 0.8) * width, y: random.uniform(0.15, 0.6) * height, sigma: random.uniform(0.12, 0.25) * Math.min(width, height), strength: random.uniform(0.45, 0.8) };
  const blur = random.uniform(0.35, 0.6);
  const noise = random.uniform(1, 2.5);

  const centre = { x: (width - 1) / 2, y: (height - 1) / 2 };
  const turned = similarityTransform(zoom, tilt, { x: 0, y: 0 }).matrix;
  const display = warpSimilarity(image, similarityTransform(zoom, tilt, { x: centre.x - (turned[0] * centre.x + turned[1] * centre.y), y: centre.y - (turned[3] * centre.x + turned[4] * centre.y) }), width, height, {
    border: 'replicate',
  });
  const values = unitValues(display);
  const cos = Math.cos(gridAngle);
  const sin = Math.sin(gridAngle);
  const normaliser = (1 - depth / 2) * (1 - depth / 4);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const u = (x * cos + y * sin) / pitch;
      const v = (-x * sin + y * cos) / pitch;
      const rowGain = 1 - depth / 4 + (depth / 4) * Math.cos(2 * Math.PI * v);
      const spot = glare.strength * Math.exp(-((x - glare.x) ** 2 + (y - glare.y) ** 2) / (2 * glare.sigma ** 2));
      const offset = (y * width + x) * 3;
      for (let channel = 0; channel < 3; channel++) {
        const stripe = 1 - depth / 2 + (depth / 2) * Math.cos(2 * Math.PI * (u - channel / 3));
        const shown = Math.min(1, (values[offset + channel]! ** gamma * stripe * rowGain) / normaliser);
        values[offset + channel] = shown + spot * (1 - shown);
      }
    }
  }
  return finish(values, width, height, random, blur, noise);
}

/** A hole cut in a print, in image pixels. */
export interface Cutout {
  readonly centre: Point;
  readonly radius: number;
}

/**
 * A print with holes (typically at the eyes) through which the attacker's own eyes show: the
 * {@link printAttack} of the seed, with the original pixels inside each cutout. Deterministic for
 * a seed and cutouts.
 */
export function cutoutPrintAttack(image: RgbImage, seed: number | string, cutouts: readonly Cutout[]): RgbImage {
  if (cutouts.some((cutout) => !(cutout.radius > 0) || !Number.isFinite(cutout.centre.x) || !Number.isFinite(cutout.centre.y))) {
    throw new FaceAnalysisError('FACE_ANALYSIS_PARAMETER_INVALID', 'cutouts need a finite centre and a positive radius');
  }
  const printed = printAttack(image, seed);
  const data = printed.data as Uint8Array;
  for (let y = 0; y < image.height; y++) {
    for (let x = 0; x < image.width; x++) {
      if (!cutouts.some(({ centre, radius }) => (x - centre.x) ** 2 + (y - centre.y) ** 2 <= radius * radius)) continue;
      const offset = (y * image.width + x) * 3;
      for (let channel = 0; channel < 3; channel++) data[offset + channel] = Math.min(255, Math.max(0, Math.round(image.data[offset + channel]!)));
    }
  }
  return printed;
}
