import { FingerprintError } from '../fingerprint-error';
import { convertMinutiaeRecord } from '../records/convert-minutiae-record';
import { angleCodeFromDegrees, type Minutia, type MinutiaeRecord, type MinutiaeRecordFormat } from '../records/minutiae-record';
import { normalizeAngle } from './orientation-field';
import { createRandom, type Random } from './random';
import type { SyntheticFinger } from './synthetic-finger';

/**
 * How one impression departs from its finger. Lengths are pixels at 500 dpi, angles degrees.
 *
 * The distortion follows Cappelli, Maio and Maltoni ("Modelling plastic distortion in fingerprint
 * images", ICAPR 2001): a close-contact disc that does not move, an outer region displaced by a
 * small rotation and translation (the finger pushed or twisted on the platen), and between them a
 * transition ring of width `transition` where a smooth brake function `1 − exp(−(d/transition)²)`
 * blends the two — so distances change locally, as in real impressions, instead of the whole
 * finger moving rigidly.
 */
export interface ImpressionParameters {
  /** Maximum global rotation (uniform in ±). */
  readonly rotation: number;
  /** Maximum global translation per axis (uniform in ±). */
  readonly translation: number;
  /** Maximum rotation and translation of the displaced outer region. */
  readonly distortionRotation: number;
  readonly distortionTranslation: number;
  /** Radius range of the undistorted close-contact disc, and width of the transition ring. */
  readonly contactRadius: readonly [number, number];
  readonly transition: number;
  /** Capture window (the image of the record), in pixels. */
  readonly windowWidth: number;
  readonly windowHeight: number;
  /** Minutiae closer than this to the window border are lost. */
  readonly borderMargin: number;
  /** Probability that a true minutia is missed. */
  readonly missingRate: number;
  /** Expected spurious minutiae, as a fraction of the true minutiae in the window. */
  readonly spuriousRate: number;
  /** Standard deviation of the position noise (pixels) and of the direction noise (degrees). */
  readonly positionJitter: number;
  readonly directionJitter: number;
  /** Probability that an ending is recorded as a bifurcation or the other way round. */
  readonly typeFlipRate: number;
}

export const DIFFICULTY_TIERS = ['easy', 'medium', 'hard'] as const;
export type DifficultyTier = (typeof DIFFICULTY_TIERS)[number];

/**
 * The three difficulty tiers. Easy: a cooperative user on a large sensor. Medium: careless placement.
 * Hard: strong rotation and distortion on a small sensor with a poor extractor — a fifth of the
 * minutiae missed, as many spurious ones added.
 */
export const TIER_PARAMETERS: Readonly<Record<DifficultyTier, ImpressionParameters>> = {
  easy: {
    rotation: 10,
    translation: 20,
    distortionRotation: 2,
    distortionTranslation: 4,
    contactRadius: [90, 130],
    transition: 90,
    windowWidth: 340,
    windowHeight: 440,
    borderMargin: 6,
    missingRate: 0.06,
    spuriousRate: 0.06,
    positionJitter: 1.5,
    directionJitter: 4,
    typeFlipRate: 0.03,
  },
  medium: {
    rotation: 20,
    translation: 35,
    distortionRotation: 4,
    distortionTranslation: 8,
    contactRadius: [70, 110],
    transition: 80,
    windowWidth: 310,
    windowHeight: 380,
    borderMargin: 8,
    missingRate: 0.14,
    spuriousRate: 0.14,
    positionJitter: 2.5,
    directionJitter: 6,
    typeFlipRate: 0.08,
  },
  hard: {
    rotation: 30,
    translation: 45,
    distortionRotation: 7,
    distortionTranslation: 13,
    contactRadius: [50, 90],
    transition: 70,
    windowWidth: 280,
    windowHeight: 330,
    borderMargin: 10,
    missingRate: 0.22,
    spuriousRate: 0.22,
    positionJitter: 3,
    directionJitter: 8,
    typeFlipRate: 0.12,
  },
};

export interface GenerateImpressionOptions {
  /** A tier or explicit parameters; default `'medium'`. */
  readonly parameters?: DifficultyTier | ImpressionParameters;
  /** Record format; default ISO/IEC 19794-2:2005. */
  readonly format?: MinutiaeRecordFormat;
  /** Finger position code written in the view (default 0, unknown). */
  readonly fingerPosition?: number;
}

/** An impression: the record an extractor would produce, and what the generator knows about it. */
export interface SyntheticImpression {
  readonly record: MinutiaeRecord;
  /** For each minutia of the record, the index of the finger minutia it comes from, or −1 if spurious. */
  readonly sources: readonly number[];
}

/** Resolution of generated records: 197 pixels per centimetre ≈ 500 dpi. */
export const SYNTHETIC_RESOLUTION = 197;

interface Transform {
  apply(x: number, y: number): [number, number];
}

/**
 * Generates an impression of `finger`, deterministically from `seed`: Cappelli-style plastic
 * distortion, a global rotation and translation, cropping to the capture window, missed and
 * spurious minutiae (spurious ones follow the ridge flow, as broken ridges do), position and
 * direction noise and type flips; then quantisation to the record's integer pixels and angle units.
 * The minutiae are shuffled, so their order says nothing about correspondence.
 */
export function generateImpression(finger: SyntheticFinger, seed: string | number, options: GenerateImpressionOptions = {}): SyntheticImpression {
  const parameters = resolveParameters(options.parameters ?? 'medium');
  const random = createRandom(`impression:${finger.seed}:${String(seed)}`);
  const { windowWidth, windowHeight } = parameters;
  const toRadians = Math.PI / 180;

  const distortion = plasticDistortion(finger, parameters, random);
  const angle = random.uniform(-parameters.rotation, parameters.rotation) * toRadians;
  const shiftX = random.uniform(-parameters.translation, parameters.translation);
  const shiftY = random.uniform(-parameters.translation, parameters.translation);
  const cos = Math.cos(angle);
  const sin = Math.sin(angle);
  const transform: Transform = {
    apply: (x, y) => {
      const [dx, dy] = distortion.apply(x, y);
      return [cos * dx - sin * dy + shiftX, sin * dx + cos * dy + shiftY];
    },
  };
  const mapDirection = (x: number, y: number, direction: number): number => {
    const [x0, y0] = transform.apply(x, y);
    const [x1, y1] = transform.apply(x + 3 * Math.cos(direction), y + 3 * Math.sin(direction));
    return Math.atan2(y1 - y0, x1 - x0);
  };
  const inWindow = (x: number, y: number): boolean => {
    const margin = parameters.borderMargin;
    return Math.abs(x) <= windowWidth / 2 - margin && Math.abs(y) <= windowHeight / 2 - margin;
  };

  interface Placed {
    x: number;
    y: number;
    direction: number;
    type: Minutia['type'];
    quality: number;
    source: number;
  }
  const placed: Placed[] = [];
  finger.minutiae.forEach((minutia, index) => {
    const [x, y] = transform.apply(minutia.x, minutia.y);
    if (!inWindow(x, y)) return;
    if (random.chance(parameters.missingRate)) return;
    const type = random.chance(parameters.typeFlipRate) ? (minutia.type === 'ridge-ending' ? 'bifurcation' : 'ridge-ending') : minutia.type;
    placed.push({ x, y, direction: mapDirection(minutia.x, minutia.y, minutia.direction), type, quality: random.integer(45, 100), source: index });
  });

  const spurious = poisson(random, parameters.spuriousRate * Math.max(placed.length, 1));
  for (let added = 0, attempt = 0; added < spurious && attempt < spurious * 200; attempt++) {
    const fx = random.uniform(-finger.halfWidth, finger.halfWidth);
    const fy = random.uniform(-finger.halfHeight, finger.halfHeight);
    if ((fx * fx) / finger.halfWidth ** 2 + (fy * fy) / finger.halfHeight ** 2 > 0.92) continue;
    const [x, y] = transform.apply(fx, fy);
    if (!inWindow(x, y)) continue;
    const direction = finger.field.orientation(fx, fy) + (random.chance(0.5) ? Math.PI : 0);
    placed.push({ x, y, direction: mapDirection(fx, fy, direction), type: random.chance(0.5) ? 'ridge-ending' : 'bifurcation', quality: random.integer(20, 70), source: -1 });
    added++;
  }

  const format = options.format ?? 'iso-19794-2-2005';
  const minutiae: Minutia[] = [];
  const sources: number[] = [];
  for (const index of shuffledIndices(placed.length, random)) {
    const point = placed[index]!;
    const x = Math.round(point.x + random.normal(0, parameters.positionJitter) + windowWidth / 2);
    const y = Math.round(windowHeight / 2 - (point.y + random.normal(0, parameters.positionJitter)));
    const direction = normalizeAngle(point.direction + random.normal(0, parameters.directionJitter) * toRadians);
    if (x < 0 || y < 0 || x >= windowWidth || y >= windowHeight) continue;
    minutiae.push({ type: point.type, x, y, angle: angleCodeFromDegrees('iso-19794-2-2005', direction / toRadians), quality: point.quality });
    sources.push(point.source);
  }
  if (minutiae.length > 255) {
    minutiae.length = 255;
    sources.length = 255;
  }

  const record: MinutiaeRecord = {
    format: 'iso-19794-2-2005',
    captureEquipment: { compliance: 0, id: 0 },
    imageWidth: windowWidth,
    imageHeight: windowHeight,
    resolutionX: SYNTHETIC_RESOLUTION,
    resolutionY: SYNTHETIC_RESOLUTION,
    views: [{ fingerPosition: options.fingerPosition ?? 0, viewNumber: 0, impressionType: 0, fingerQuality: random.integer(55, 95), minutiae, extendedData: [] }],
  };
  return { record: format === 'iso-19794-2-2005' ? record : convertMinutiaeRecord(record, format, { productId: { owner: 0, type: 0 } }), sources };
}

function resolveParameters(parameters: DifficultyTier | ImpressionParameters): ImpressionParameters {
  if (typeof parameters === 'string') {
    const tier = TIER_PARAMETERS[parameters];
    if (tier === undefined) throw new FingerprintError('PARAMETER_INVALID', `unknown difficulty tier ${String(parameters)}`, { tier: String(parameters) });
    return tier;
  }
  const rates = [parameters.missingRate, parameters.typeFlipRate];
  if (rates.some((rate) => !(rate >= 0 && rate <= 1)) || !(parameters.spuriousRate >= 0) || !(parameters.windowWidth >= 32 && parameters.windowWidth <= 0x3fff) || !(parameters.windowHeight >= 32 && parameters.windowHeight <= 0x3fff)) {
    throw new FingerprintError('PARAMETER_INVALID', 'impression parameters out of range: rates in [0, 1], spurious rate ≥ 0, window 32–16383 px');
  }
  return parameters;
}

function plasticDistortion(finger: SyntheticFinger, parameters: ImpressionParameters, random: Random): Transform {
  const centreX = random.normal(0, 15);
  const centreY = random.normal(-0.1 * finger.halfHeight, 15);
  const radius = random.uniform(parameters.contactRadius[0], parameters.contactRadius[1]);
  const angle = (random.uniform(-parameters.distortionRotation, parameters.distortionRotation) * Math.PI) / 180;
  const shiftX = random.uniform(-parameters.distortionTranslation, parameters.distortionTranslation);
  const shiftY = random.uniform(-parameters.distortionTranslation, parameters.distortionTranslation);
  const cos = Math.cos(angle);
  const sin = Math.sin(angle);
  return {
    apply: (x, y) => {
      const dx = x - centreX;
      const dy = y - centreY;
      const distance = Math.sqrt(dx * dx + dy * dy) - radius;
      if (distance <= 0) return [x, y];
      const brake = 1 - Math.exp(-((distance / parameters.transition) ** 2));
      const targetX = centreX + cos * dx - sin * dy + shiftX;
      const targetY = centreY + sin * dx + cos * dy + shiftY;
      return [x + (targetX - x) * brake, y + (targetY - y) * brake];
    },
  };
}

function poisson(random: Random, mean: number): number {
  if (mean <= 0) return 0;
  const limit = Math.exp(-mean);
  let count = 0;
  let product = random.next();
  while (product > limit) {
    count++;
    product *= random.next();
  }
  return count;
}

function shuffledIndices(length: number, random: Random): number[] {
  const indices = Array.from({ length }, (_, index) => index);
  for (let index = length - 1; index > 0; index--) {
    const other = random.integer(0, index);
    [indices[index], indices[other]] = [indices[other]!, indices[index]!];
  }
  return indices;
}
