import type { Random } from './random';

/** Henry classes the generator draws fingers from. */
export const FINGER_CLASSES = ['arch', 'tented-arch', 'left-loop', 'right-loop', 'whorl'] as const;
export type FingerClass = (typeof FINGER_CLASSES)[number];

export interface Point {
  readonly x: number;
  readonly y: number;
}

/**
 * A ridge orientation field in finger coordinates (origin at the centre of the finger, x to the
 * right, y upwards, pixels at 500 dpi). `orientation(x, y)` is the ridge orientation in radians,
 * defined modulo π.
 *
 * Arches have no singular point: ridges follow `y = c + a(c)·exp(−x²/2s²)`, bumps that flatten
 * towards the base of the finger. The other classes use the zero-pole model of Sherlock and Monro
 * ("A model for interpreting fingerprint topology", Pattern Recognition 26(7), 1993):
 * θ(z) = θ∞ + ½·Σ arg(z − core) − ½·Σ arg(z − delta) — a loop has one core and one delta
 * (the delta below and to the right of the core for a left loop, to the left for a right loop), a
 * tented arch a core right above a delta, a whorl two cores and two deltas. Every finger adds a
 * smooth low-frequency perturbation of a few degrees so that two fingers of one class differ.
 */
export interface OrientationField {
  readonly fingerClass: FingerClass;
  readonly cores: readonly Point[];
  readonly deltas: readonly Point[];
  orientation(x: number, y: number): number;
}

interface Wave {
  readonly amplitude: number;
  readonly kx: number;
  readonly ky: number;
  readonly phase: number;
}

export function createOrientationField(fingerClass: FingerClass, random: Random, size: { readonly halfWidth: number; readonly halfHeight: number }): OrientationField {
  const waves: Wave[] = Array.from({ length: 3 }, () => {
    const direction = random.uniform(0, Math.PI);
    const wavelength = random.uniform(220, 420);
    return { amplitude: random.uniform(0.03, 0.09), kx: (Math.cos(direction) * 2 * Math.PI) / wavelength, ky: (Math.sin(direction) * 2 * Math.PI) / wavelength, phase: random.uniform(0, 2 * Math.PI) };
  });
  const perturbation = (x: number, y: number): number => {
    let value = 0;
    for (const wave of waves) value += wave.amplitude * Math.sin(wave.kx * x + wave.ky * y + wave.phase);
    return value;
  };
  const baseAngle = random.normal(0, 0.06);
  const { halfWidth, halfHeight } = size;

  if (fingerClass === 'arch') {
    const spread = random.uniform(0.35, 0.55) * halfWidth;
    const height = random.uniform(0.35, 0.6);
    return {
      fingerClass,
      cores: [],
      deltas: [],
      orientation: (x, y) => {
        // Ridge through (x, y): y = c + a·g(x) with a = height·(c + halfHeight)·0.5 clipped ≥ 0, g = exp(−x²/2s²);
        // its slope a·g'(x). The amplitude grows with the ridge's height above the base of the finger.
        const g = Math.exp(-(x * x) / (2 * spread * spread));
        const level = Math.max(0, (y + halfHeight) / (2 * halfHeight));
        const amplitude = height * spread * level * level;
        const slope = (-amplitude * x * g) / (spread * spread);
        return baseAngle + Math.atan(slope) + perturbation(x, y);
      },
    };
  }

  const cores: Point[] = [];
  const deltas: Point[] = [];
  const jitter = (scale: number): number => random.normal(0, scale);
  switch (fingerClass) {
    case 'tented-arch': {
      const core = { x: jitter(12), y: halfHeight * 0.05 + jitter(12) };
      cores.push(core);
      deltas.push({ x: core.x + jitter(6), y: core.y - random.uniform(40, 65) });
      break;
    }
    case 'left-loop':
    case 'right-loop': {
      const side = fingerClass === 'left-loop' ? 1 : -1;
      const core = { x: -side * random.uniform(0, 25), y: halfHeight * 0.12 + jitter(15) };
      cores.push(core);
      deltas.push({ x: core.x + side * random.uniform(70, 120), y: core.y - random.uniform(90, 140) });
      break;
    }
    case 'whorl': {
      const centre = { x: jitter(12), y: halfHeight * 0.05 + jitter(12) };
      const tilt = random.uniform(-0.6, 0.6);
      const half = random.uniform(8, 22);
      cores.push({ x: centre.x - half * Math.sin(tilt), y: centre.y + half * Math.cos(tilt) }, { x: centre.x + half * Math.sin(tilt), y: centre.y - half * Math.cos(tilt) });
      deltas.push({ x: centre.x - random.uniform(90, 130), y: centre.y - random.uniform(90, 140) }, { x: centre.x + random.uniform(90, 130), y: centre.y - random.uniform(90, 140) });
      break;
    }
  }
  return {
    fingerClass,
    cores,
    deltas,
    orientation: (x, y) => {
      let angle = baseAngle;
      for (const core of cores) angle += 0.5 * Math.atan2(y - core.y, x - core.x);
      for (const delta of deltas) angle -= 0.5 * Math.atan2(y - delta.y, x - delta.x);
      return angle + perturbation(x, y);
    },
  };
}

/** Angle in [0, 2π). */
export function normalizeAngle(angle: number): number {
  const twoPi = 2 * Math.PI;
  const value = angle % twoPi;
  return value < 0 ? value + twoPi : value;
}
