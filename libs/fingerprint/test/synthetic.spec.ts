import { describe, expect, it } from 'vitest';
import {
  createRandom,
  DIFFICULTY_TIERS,
  encodeMinutiaeRecord,
  FINGER_CLASSES,
  generateFinger,
  generateImpression,
  minutiaAngleDegrees,
  parseMinutiaeRecord,
  TIER_PARAMETERS,
  type ImpressionParameters,
  type SyntheticFinger,
} from '@citizen-zero/fingerprint';

const snapshot = (finger: SyntheticFinger): unknown => ({ ...finger, field: { cores: finger.field.cores, deltas: finger.field.deltas } });

/** Smallest difference of two orientations (mod π), in degrees. */
function orientationDifference(a: number, b: number): number {
  const difference = (((a - b) % Math.PI) + Math.PI) % Math.PI;
  return (Math.min(difference, Math.PI - difference) * 180) / Math.PI;
}

describe('seeded random numbers', () => {
  it('are reproducible, uniform enough, and forks are independent of later draws', () => {
    const a = createRandom('seed');
    const b = createRandom('seed');
    const values = Array.from({ length: 1000 }, () => a.next());
    expect(Array.from({ length: 1000 }, () => b.next())).toEqual(values);
    expect(values.every((value) => value >= 0 && value < 1)).toBe(true);
    expect(values.reduce((sum, value) => sum + value, 0) / values.length).toBeCloseTo(0.5, 1);
    expect(createRandom(1).next()).not.toBe(createRandom(2).next());
    const normals = Array.from({ length: 4000 }, () => a.normal(0, 2));
    const mean = normals.reduce((sum, value) => sum + value, 0) / normals.length;
    const deviation = Math.sqrt(normals.reduce((sum, value) => sum + (value - mean) ** 2, 0) / normals.length);
    expect(Math.abs(mean)).toBeLessThan(0.15);
    expect(deviation).toBeGreaterThan(1.85);
    expect(deviation).toBeLessThan(2.15);
  });
});

describe('synthetic fingers', () => {
  it('are deterministic in their seed', () => {
    expect(snapshot(generateFinger('alice-right-index'))).toEqual(snapshot(generateFinger('alice-right-index')));
    expect(snapshot(generateFinger('alice-right-index'))).not.toEqual(snapshot(generateFinger('alice-left-index')));
  });

  it('have 35–70 minutiae at least 14 px apart, endings and bifurcations, inside the finger', () => {
    for (let seed = 0; seed < 40; seed++) {
      const finger = generateFinger(seed);
      expect(finger.minutiae.length).toBeGreaterThanOrEqual(35);
      expect(finger.minutiae.length).toBeLessThanOrEqual(70);
      expect(new Set(finger.minutiae.map((minutia) => minutia.type))).toEqual(new Set(['ridge-ending', 'bifurcation']));
      for (const [index, minutia] of finger.minutiae.entries()) {
        expect((minutia.x / finger.halfWidth) ** 2 + (minutia.y / finger.halfHeight) ** 2).toBeLessThanOrEqual(1);
        for (const other of finger.minutiae.slice(index + 1)) expect(Math.hypot(other.x - minutia.x, other.y - minutia.y)).toBeGreaterThanOrEqual(14);
      }
    }
  });

  it('orient their minutiae along the ridge flow of their class (either way along it)', () => {
    for (const fingerClass of FINGER_CLASSES) {
      const finger = generateFinger(`flow-${fingerClass}`, { fingerClass });
      const differences = finger.minutiae.map((minutia) => orientationDifference(minutia.direction, finger.field.orientation(minutia.x, minutia.y)));
      expect(Math.max(...differences)).toBeLessThan(10); // noise σ 2°
      // Both senses occur: the direction is not simply the orientation.
      const along = finger.minutiae.filter((minutia) => Math.cos(minutia.direction - finger.field.orientation(minutia.x, minutia.y)) > 0).length;
      expect(along).toBeGreaterThan(0);
      expect(along).toBeLessThan(finger.minutiae.length);
    }
  });

  it('place the singular points of the zero-pole model by class', () => {
    const count = (fingerClass: (typeof FINGER_CLASSES)[number]): [number, number] => {
      const finger = generateFinger(`singular-${fingerClass}`, { fingerClass });
      return [finger.field.cores.length, finger.field.deltas.length];
    };
    expect(count('arch')).toEqual([0, 0]);
    expect(count('tented-arch')).toEqual([1, 1]);
    expect(count('left-loop')).toEqual([1, 1]);
    expect(count('right-loop')).toEqual([1, 1]);
    expect(count('whorl')).toEqual([2, 2]);
    const tented = generateFinger('tented', { fingerClass: 'tented-arch' }).field;
    expect(tented.cores[0]!.y).toBeGreaterThan(tented.deltas[0]!.y);
    const left = generateFinger('left', { fingerClass: 'left-loop' }).field;
    const right = generateFinger('right', { fingerClass: 'right-loop' }).field;
    expect(left.deltas[0]!.x).toBeGreaterThan(left.cores[0]!.x);
    expect(right.deltas[0]!.x).toBeLessThan(right.cores[0]!.x);
    // Around a core the orientation turns by +π, around a delta by −π (Poincaré index ±½).
    const index = (point: { x: number; y: number }, orientation: (x: number, y: number) => number): number => {
      let total = 0;
      let previous = orientation(point.x + 6, point.y);
      for (let step = 1; step <= 72; step++) {
        const angle = (step / 72) * 2 * Math.PI;
        const current = orientation(point.x + 6 * Math.cos(angle), point.y + 6 * Math.sin(angle));
        let change = current - previous;
        while (change > Math.PI / 2) change -= Math.PI;
        while (change < -Math.PI / 2) change += Math.PI;
        total += change;
        previous = current;
      }
      return total / Math.PI;
    };
    expect(index(left.cores[0]!, left.orientation)).toBeCloseTo(1, 1);
    expect(index(left.deltas[0]!, left.orientation)).toBeCloseTo(-1, 1);
  });

  it('draw every class when none is asked for', () => {
    const classes = new Set(Array.from({ length: 150 }, (_, seed) => generateFinger(`draw-${seed}`).fingerClass));
    expect(classes).toEqual(new Set(FINGER_CLASSES));
  });
});

describe('synthetic impressions', () => {
  const finger = generateFinger('impressions');

  it('are deterministic in finger and seed, and valid records of the capture window', () => {
    const first = generateImpression(finger, 1, { parameters: 'hard' });
    expect(generateImpression(finger, 1, { parameters: 'hard' })).toEqual(first);
    expect(generateImpression(finger, 2, { parameters: 'hard' }).record).not.toEqual(first.record);
    const { record } = first;
    expect(record).toMatchObject({ format: 'iso-19794-2-2005', imageWidth: TIER_PARAMETERS.hard.windowWidth, imageHeight: TIER_PARAMETERS.hard.windowHeight, resolutionX: 197 });
    expect(parseMinutiaeRecord(encodeMinutiaeRecord(record))).toEqual(record);
    expect(first.sources).toHaveLength(record.views[0]!.minutiae.length);
  });

  it('without noise, are the finger itself, centred in the window', () => {
    const still: ImpressionParameters = {
      ...TIER_PARAMETERS.easy,
      rotation: 0,
      translation: 0,
      distortionRotation: 0,
      distortionTranslation: 0,
      windowWidth: 400,
      windowHeight: 480,
      borderMargin: 0,
      missingRate: 0,
      spuriousRate: 0,
      positionJitter: 0,
      directionJitter: 0,
      typeFlipRate: 0,
    };
    const { record, sources } = generateImpression(finger, 'still', { parameters: still });
    const minutiae = record.views[0]!.minutiae;
    expect(minutiae).toHaveLength(finger.minutiae.length);
    minutiae.forEach((minutia, index) => {
      const source = finger.minutiae[sources[index]!]!;
      expect(Math.abs(minutia.x - (source.x + 200))).toBeLessThanOrEqual(0.5);
      expect(Math.abs(minutia.y - (240 - source.y))).toBeLessThanOrEqual(0.5);
      const degrees = (source.direction * 180) / Math.PI;
      const difference = Math.abs(((minutiaAngleDegrees('iso-19794-2-2005', minutia.angle) - degrees + 540) % 360) - 180);
      expect(difference).toBeLessThanOrEqual(360 / 512 + 1e-9);
      expect(minutia.type).toBe(source.type);
    });
  });

  it('lose more minutiae and gain more spurious ones from easy to hard', () => {
    const stats = DIFFICULTY_TIERS.map((tier) => {
      let kept = 0;
      let spurious = 0;
      let total = 0;
      let fingerMinutiae = 0;
      for (let seed = 0; seed < 30; seed++) {
        const source = generateFinger(`tier-${seed}`);
        const { sources } = generateImpression(source, seed, { parameters: tier });
        kept += sources.filter((value) => value >= 0).length;
        spurious += sources.filter((value) => value < 0).length;
        total += sources.length;
        fingerMinutiae += source.minutiae.length;
      }
      return { tier, keptShare: kept / fingerMinutiae, spuriousShare: spurious / total };
    });
    const [easy, medium, hard] = stats;
    expect(easy!.keptShare).toBeGreaterThan(medium!.keptShare);
    expect(medium!.keptShare).toBeGreaterThan(hard!.keptShare);
    expect(easy!.spuriousShare).toBeLessThan(medium!.spuriousShare);
    expect(medium!.spuriousShare).toBeLessThan(hard!.spuriousShare);
    expect(easy!.keptShare).toBeGreaterThan(0.75);
    expect(hard!.keptShare).toBeGreaterThan(0.35);
  });

  it('can be written as ANSI INCITS 378-2004 records (2° angles)', () => {
    const { record } = generateImpression(finger, 3, { format: 'ansi-378-2004', parameters: 'easy' });
    expect(record.format).toBe('ansi-378-2004');
    expect(record.views[0]!.minutiae.every((minutia) => minutia.angle <= 179)).toBe(true);
    expect(parseMinutiaeRecord(encodeMinutiaeRecord(record))).toEqual(record);
  });
});
