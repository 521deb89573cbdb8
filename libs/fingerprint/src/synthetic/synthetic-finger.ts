import { FingerprintError } from '../fingerprint-error';
import { createOrientationField, FINGER_CLASSES, normalizeAngle, type FingerClass, type OrientationField } from './orientation-field';
import { createRandom, type Random } from './random';

/** A minutia of a synthetic finger, in finger coordinates (origin at the finger's centre, y upwards, 500 dpi). */
export interface FingerMinutia {
  readonly x: number;
  readonly y: number;
  /** Radians in [0, 2π), counter-clockwise from the x axis: the ridge orientation at (x, y) or its opposite. */
  readonly direction: number;
  readonly type: 'ridge-ending' | 'bifurcation';
}

/** A synthetic finger: its class, orientation field, contact area (an ellipse) and minutiae. */
export interface SyntheticFinger {
  readonly seed: string;
  readonly fingerClass: FingerClass;
  readonly field: OrientationField;
  /** Semi-axes of the elliptic finger area, in pixels. */
  readonly halfWidth: number;
  readonly halfHeight: number;
  readonly minutiae: readonly FingerMinutia[];
}

export interface GenerateFingerOptions {
  /** Henry class; drawn from the seed when absent (arch 5 %, tented arch 5 %, left loop 33 %, right loop 32 %, whorl 25 %, roughly their shares in large databases). */
  readonly fingerClass?: FingerClass;
  /** Number of minutiae; drawn uniformly from 35–70 when absent. */
  readonly minutiaCount?: number;
}

const CLASS_SHARES: readonly [FingerClass, number][] = [
  ['arch', 0.05],
  ['tented-arch', 0.05],
  ['left-loop', 0.33],
  ['right-loop', 0.32],
  ['whorl', 0.25],
];

/** Closest two minutiae may be (about one and a half ridge periods at 500 dpi). */
const MIN_MINUTIA_DISTANCE = 14;
/** Minutiae keep this distance from cores and deltas, where the orientation is undefined. */
const SINGULARITY_CLEARANCE = 12;

/**
 * Generates a synthetic finger, deterministically from `seed`: an orientation field of the class
 * (see {@link createOrientationField}), an elliptic area of about 15 × 20 mm and 35–70 minutiae
 * spread over it at least 14 px apart (dart throwing), each a ridge ending (60 %) or a bifurcation,
 * its direction the local ridge orientation or its opposite (each with probability ½) plus a little
 * noise (σ 2°).
 */
export function generateFinger(seed: string | number, options: GenerateFingerOptions = {}): SyntheticFinger {
  const random = createRandom(`finger:${String(seed)}`);
  const fingerClass = options.fingerClass ?? drawClass(random);
  if (!FINGER_CLASSES.includes(fingerClass)) throw new FingerprintError('PARAMETER_INVALID', `unknown finger class ${String(fingerClass)}`, { fingerClass: String(fingerClass) });
  const count = options.minutiaCount ?? random.integer(35, 70);
  if (!Number.isInteger(count) || count < 1 || count > 120) throw new FingerprintError('PARAMETER_INVALID', `minutiaCount must be an integer in [1, 120], got ${count}`, { minutiaCount: count });
  const halfWidth = random.uniform(150, 172);
  const halfHeight = random.uniform(195, 225);
  const field = createOrientationField(fingerClass, random, { halfWidth, halfHeight });
  const singularities = [...field.cores, ...field.deltas];

  const minutiae: FingerMinutia[] = [];
  for (let attempt = 0; minutiae.length < count && attempt < count * 400; attempt++) {
    const x = random.uniform(-halfWidth, halfWidth);
    const y = random.uniform(-halfHeight, halfHeight);
    if ((x * x) / (halfWidth * halfWidth) + (y * y) / (halfHeight * halfHeight) > 0.92) continue;
    if (minutiae.some((other) => (other.x - x) ** 2 + (other.y - y) ** 2 < MIN_MINUTIA_DISTANCE ** 2)) continue;
    if (singularities.some((point) => (point.x - x) ** 2 + (point.y - y) ** 2 < SINGULARITY_CLEARANCE ** 2)) continue;
    const flip = random.chance(0.5) ? Math.PI : 0;
    const direction = normalizeAngle(field.orientation(x, y) + flip + random.normal(0, (2 * Math.PI) / 180));
    minutiae.push({ x, y, direction, type: random.chance(0.6) ? 'ridge-ending' : 'bifurcation' });
  }
  return { seed: String(seed), fingerClass, field, halfWidth, halfHeight, minutiae };
}

function drawClass(random: Random): FingerClass {
  let value = random.next();
  for (const [fingerClass, share] of CLASS_SHARES) {
    if (value < share) return fingerClass;
    value -= share;
  }
  return 'whorl';
}
