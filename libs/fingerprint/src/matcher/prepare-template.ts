import { FingerprintError } from '../fingerprint-error';
import { angleUnitDegrees, type MinutiaeRecord } from '../records/minutiae-record';
import { convexHull, withinHull } from './convex-hull';
import { globalDescriptor } from './global-descriptor';
import { cylinderLayout, DEFAULT_MCC_PARAMETERS, type CylinderLayout } from './mcc-parameters';

/** Template format tag: changes whenever the layout below or the parameters change. */
export const TEMPLATE_VERSION = 'cz-mcc-bit-1';

/**
 * A fingerprint prepared for matching: the bit-based Minutia Cylinder-Code of every minutia whose
 * cylinder is valid (MCC paper), sorted by minutia direction, with the geometry LSSR needs
 * and a global descriptor for the 1:N pre-filter. Everything a comparison reads is
 * precomputed here, once per template. Templates hold no personal data beyond minutiae geometry,
 * but they are biometric data: store them as such.
 */
export interface FingerprintTemplate {
  readonly version: typeof TEMPLATE_VERSION;
  /** Minutiae in the view. */
  readonly minutiaCount: number;
  /** Minutiae with a valid cylinder (those that take part in matching), at most 255. */
  readonly cylinderCount: number;
  /** Per cylinder: minutia direction in 1/256 turns, ascending. */
  readonly directions: Uint8Array;
  /** Per cylinder: number of set bits. */
  readonly ones: Uint16Array;
  /**
   * Per cylinder: which mask words hold an invalid cell, as a bit set (bit w: word w; all bits
   * when the layout has more than 31 words). 0 for a cylinder whose cells are all valid.
   */
  readonly incompleteWords: Int32Array;
  /**
   * Per cylinder, `words` 32-bit words of cell bits (bit `cell × ND + section`; zero in invalid
   * cells) and of the validity mask (each valid cell's ND bits set).
   */
  readonly bits: Int32Array;
  readonly masks: Int32Array;
  /** The set bits of each cylinder as a list: those of cylinder c are `setBits[setBitStart[c] … setBitStart[c + 1])`. */
  readonly setBitStart: Uint16Array;
  readonly setBits: Uint16Array;
  /**
   * Transposed bits: for each bit of the layout, the set of cylinders that have it, as
   * `cylinderSetWords` 32-bit words (cylinder c is bit c % 32 of word ⌊c / 32⌋). A comparison adds
   * these sets up bit-sliced instead of counting bits pair by pair.
   */
  readonly cylinderSetWords: number;
  readonly cylinderSets: Int32Array;
  /** `cylinderCount²`: distance between the minutiae of cylinders i and j, in pixels. */
  readonly distances: Float32Array;
  /** `cylinderCount²`: direction of the segment from minutia i to j relative to i's direction, in 1/256 turns. */
  readonly radialAngles: Uint8Array;
  /** Global descriptor for the 1:N pre-filter (unit length). */
  readonly descriptor: Float32Array;
}

export interface PrepareTemplateOptions {
  /** Index of the finger view of the record to use; default 0. */
  readonly view?: number;
}

/** Resolution the matcher works at: 197 pixels per centimetre (500 dpi). */
export const MATCHER_RESOLUTION = 197;

let defaultLayout: CylinderLayout | undefined;

/**
 * Prepares a template from one finger view of an ISO/IEC 19794-2:2005 or ANSI INCITS 378-2004 record:
 * coordinates are scaled to 500 dpi and turned to a y-up frame, angles converted from the record's
 * units, and one cylinder built per minutia (MCC paper, with the bit-based contributions Ψ_Bit).
 *
 * @throws {FingerprintError} `TEMPLATE_INVALID` when the record has no such view.
 */
export function prepareTemplate(record: MinutiaeRecord, options: PrepareTemplateOptions = {}): FingerprintTemplate {
  defaultLayout ??= cylinderLayout(DEFAULT_MCC_PARAMETERS);
  return prepareTemplateWith(defaultLayout, record, options);
}

/** {@link prepareTemplate} with explicit cylinder parameters (for experiments; templates are only comparable with templates of the same layout). */
export function prepareTemplateWith(layout: CylinderLayout, record: MinutiaeRecord, options: PrepareTemplateOptions = {}): FingerprintTemplate {
  const viewIndex = options.view ?? 0;
  const view = record.views[viewIndex];
  if (view === undefined) {
    throw new FingerprintError('TEMPLATE_INVALID', `the record has ${record.views.length} finger views, not a view ${viewIndex}`, { view: viewIndex, views: record.views.length });
  }
  const scaleX = MATCHER_RESOLUTION / record.resolutionX;
  const scaleY = MATCHER_RESOLUTION / record.resolutionY;
  const unit = (angleUnitDegrees(record.format) * Math.PI) / 180;
  const count = view.minutiae.length;
  const xs = new Float64Array(count);
  const ys = new Float64Array(count);
  const thetas = new Float64Array(count);
  view.minutiae.forEach((minutia, index) => {
    xs[index] = minutia.x * scaleX;
    ys[index] = -minutia.y * scaleY;
    thetas[index] = minutia.angle * unit;
  });
  return buildTemplate(layout, xs, ys, thetas);
}

const SQRT2 = Math.SQRT2;

/** Builds the cylinders of minutiae given in a y-up 500 dpi frame with directions in radians. */
export function buildTemplate(layout: CylinderLayout, xs: Float64Array, ys: Float64Array, thetas: Float64Array): FingerprintTemplate {
  const p = layout.parameters;
  const count = xs.length;
  const nd = p.directionalCells;
  const sectionWidth = (2 * Math.PI) / nd;
  const hull = convexHull(xs, ys);
  const reach = p.radius + 3 * p.sigmaS;
  const neighbourRange = 3 * p.sigmaS;
  const spatialNorm = 1 / (p.sigmaS * Math.sqrt(2 * Math.PI));
  const words = layout.words;

  interface Cylinder {
    index: number;
    direction: number;
    bits: Int32Array;
    mask: Int32Array;
    validCells: number;
  }
  const cylinders: Cylinder[] = [];
  const neighbours: number[] = [];
  const contribution = new Float64Array(count * nd);
  const values = new Float64Array(nd);
  for (let m = 0; m < count; m++) {
    const mx = xs[m]!;
    const my = ys[m]!;
    const theta = thetas[m]!;
    neighbours.length = 0;
    for (let t = 0; t < count; t++) {
      if (t === m) continue;
      const dx = xs[t]! - mx;
      const dy = ys[t]! - my;
      if (dx * dx + dy * dy <= reach * reach) {
        neighbours.push(t);
        // Directional contribution of t to each section k: the area of a Gaussian (σD) centred on
        // dφ(θm, θt) over the section [αk − ΔD/2, αk + ΔD/2], αk = −π + (k + ½)·ΔD (the paper's directional contribution).
        const relative = wrap(thetas[t]! - theta);
        for (let k = 0; k < nd; k++) {
          const centre = -Math.PI + (k + 0.5) * sectionWidth;
          const offset = wrap(relative - centre);
          contribution[t * nd + k] = 0.5 * (erf((offset + sectionWidth / 2) / (p.sigmaD * SQRT2)) - erf((offset - sectionWidth / 2) / (p.sigmaD * SQRT2)));
        }
      }
    }
    if (neighbours.length < p.minNeighbors) continue;
    const cos = Math.cos(theta);
    const sin = Math.sin(theta);
    const bits = new Int32Array(words);
    const mask = new Int32Array(words);
    let validCells = 0;
    for (let cell = 0; cell < layout.cellCount; cell++) {
      const ox = layout.cellX[cell]!;
      const oy = layout.cellY[cell]!;
      const px = mx + cos * ox - sin * oy;
      const py = my + sin * ox + cos * oy;
      if (!withinHull(hull, px, py, p.hullMargin)) continue;
      validCells++;
      values.fill(0);
      for (const t of neighbours) {
        const dx = xs[t]! - px;
        const dy = ys[t]! - py;
        const squared = dx * dx + dy * dy;
        if (squared > neighbourRange * neighbourRange) continue;
        const spatial = spatialNorm * Math.exp(-squared / (2 * p.sigmaS * p.sigmaS));
        for (let k = 0; k < nd; k++) values[k]! += spatial * contribution[t * nd + k]!;
      }
      for (let k = 0; k < nd; k++) {
        const bit = cell * nd + k;
        mask[bit >>> 5]! |= 1 << (bit & 31);
        if (values[k]! >= p.muPsi) bits[bit >>> 5]! |= 1 << (bit & 31);
      }
    }
    if (validCells < p.minValidCells * layout.cellCount) continue;
    cylinders.push({ index: m, direction: Math.round((normalize(theta) / (2 * Math.PI)) * 256) & 255, bits, mask, validCells });
  }
  if (cylinders.length > p.maxCylinders) {
    let centreX = 0;
    let centreY = 0;
    for (let m = 0; m < count; m++) {
      centreX += xs[m]! / count;
      centreY += ys[m]! / count;
    }
    const distance = (cylinder: { index: number }): number => Math.hypot(xs[cylinder.index]! - centreX, ys[cylinder.index]! - centreY);
    cylinders.sort((a, b) => b.validCells - a.validCells || distance(a) - distance(b) || a.index - b.index);
    cylinders.length = Math.min(p.maxCylinders, 255);
  }
  cylinders.sort((a, b) => a.direction - b.direction || a.index - b.index);

  const n = cylinders.length;
  const directions = new Uint8Array(n);
  const incompleteWords = new Int32Array(n);
  const fullMask = new Int32Array(words);
  for (let bit = 0; bit < layout.cellCount * nd; bit++) fullMask[bit >>> 5]! |= 1 << (bit & 31);
  const ones = new Uint16Array(n);
  const bits = new Int32Array(n * words);
  const masks = new Int32Array(n * words);
  const bitCount = layout.cellCount * nd;
  const cylinderSetWords = Math.max(1, Math.ceil(n / 32));
  const cylinderSets = new Int32Array(bitCount * cylinderSetWords);
  const setBitStart = new Uint16Array(n + 1);
  const setBitList: number[] = [];
  cylinders.forEach((cylinder, position) => {
    for (let bit = 0; bit < bitCount; bit++) {
      if (((cylinder.bits[bit >>> 5]! >>> (bit & 31)) & 1) === 1) {
        setBitList.push(bit);
        cylinderSets[bit * cylinderSetWords + (position >>> 5)]! |= 1 << (position & 31);
      }
    }
    setBitStart[position + 1] = setBitList.length;
    directions[position] = cylinder.direction;
    for (let w = 0; w < words; w++) if (cylinder.mask[w] !== fullMask[w]) incompleteWords[position]! |= words > 31 ? -1 : 1 << w;
    bits.set(cylinder.bits, position * words);
    masks.set(cylinder.mask, position * words);
    let total = 0;
    for (const word of cylinder.bits) total += popcount(word);
    ones[position] = total;
  });

  const distances = new Float32Array(n * n);
  const radialAngles = new Uint8Array(n * n);
  for (let i = 0; i < n; i++) {
    const a = cylinders[i]!.index;
    for (let j = 0; j < n; j++) {
      if (i === j) continue;
      const b = cylinders[j]!.index;
      const dx = xs[b]! - xs[a]!;
      const dy = ys[b]! - ys[a]!;
      distances[i * n + j] = Math.sqrt(dx * dx + dy * dy);
      radialAngles[i * n + j] = Math.round((normalize(Math.atan2(dy, dx) - thetas[a]!) / (2 * Math.PI)) * 256) & 255;
    }
  }
  const template = {
    version: TEMPLATE_VERSION,
    minutiaCount: count,
    cylinderCount: n,
    directions,
    ones,
    incompleteWords,
    bits,
    masks,
    setBitStart,
    setBits: Uint16Array.from(setBitList),
    cylinderSetWords,
    cylinderSets,
    distances,
    radialAngles,
    descriptor: new Float32Array(0),
  } satisfies FingerprintTemplate;
  return { ...template, descriptor: globalDescriptor(template) };
}

/** Angle in [−π, π). */
function wrap(angle: number): number {
  const twoPi = 2 * Math.PI;
  let value = (angle + Math.PI) % twoPi;
  if (value < 0) value += twoPi;
  return value - Math.PI;
}

function normalize(angle: number): number {
  const twoPi = 2 * Math.PI;
  const value = angle % twoPi;
  return value < 0 ? value + twoPi : value;
}

/** Error function, Abramowitz & Stegun 7.1.26 (absolute error < 1.5·10⁻⁷). */
export function erf(x: number): number {
  const sign = x < 0 ? -1 : 1;
  const a = Math.abs(x);
  const t = 1 / (1 + 0.3275911 * a);
  const y = 1 - ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t * Math.exp(-a * a);
  return sign * y;
}

export function popcount(value: number): number {
  let x = value - ((value >>> 1) & 0x55555555);
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  x = (x + (x >>> 4)) & 0x0f0f0f0f;
  return Math.imul(x, 0x01010101) >>> 24;
}
