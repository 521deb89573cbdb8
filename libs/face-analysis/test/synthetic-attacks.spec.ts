import { describe, expect, it } from 'vitest';
import { createSeededRandom, cutoutPrintAttack, gaussianBlurRgb, luminance, printAttack, screenReplayAttack, type RgbImage } from '@citizen-zero/face-analysis';
import { codeOf } from './support/assertions';
import { naturalTexture } from './support/synthetic-face';

const meanAbsoluteDifference = (a: RgbImage, b: RgbImage): number => {
  let sum = 0;
  for (let index = 0; index < a.data.length; index++) sum += Math.abs(a.data[index]! - b.data[index]!);
  return sum / a.data.length;
};

describe('seeded random', () => {
  it('repeats per seed and differs between seeds', () => {
    const draw = (seed: string | number) => {
      const random = createSeededRandom(seed);
      return Array.from({ length: 8 }, () => random.next());
    };
    expect(draw('a')).toEqual(draw('a'));
    expect(draw(1)).toEqual(draw(1));
    expect(draw('a')).not.toEqual(draw('b'));
    expect(draw(1)).not.toEqual(draw('1'));
    const random = createSeededRandom('uniformity');
    const values = Array.from({ length: 20_000 }, () => random.next());
    expect(values.every((v) => v >= 0 && v < 1)).toBe(true);
    expect(values.reduce((s, v) => s + v, 0) / values.length).toBeCloseTo(0.5, 1);
  });
});

describe('synthetic presentation attacks', () => {
  const original = naturalTexture(96, 80, 'attacks');

  for (const [name, attack] of [
    ['printAttack', printAttack],
    ['screenReplayAttack', screenReplayAttack],
  ] as const) {
    it(`${name} is deterministic per seed and differs between seeds`, () => {
      const first = attack(original, 42);
      expect(first.width).toBe(96);
      expect(first.height).toBe(80);
      expect(first.data).toBeInstanceOf(Uint8Array);
      expect(Buffer.from(attack(original, 42).data).equals(Buffer.from(first.data))).toBe(true);
      expect(Buffer.from(attack(original, 43).data).equals(Buffer.from(first.data))).toBe(false);
      expect(meanAbsoluteDifference(attack(original, 'x'), attack(original, 'y'))).toBeGreaterThan(1);
      expect(meanAbsoluteDifference(first, original)).toBeGreaterThan(5);
    });
  }

  it('a print compresses the tone range and tints a neutral grey towards paper (less blue than red)', () => {
    // Blur both first: halftone dots add fine contrast; the tone range is what remains at a coarser scale.
    const smoothSpan = (image: RgbImage) => {
      const smooth = { ...image, data: Float32Array.from(gaussianBlurRgb(Float32Array.from(image.data), image.width, image.height, 3)) };
      const sorted = luminance(smooth).sort();
      return sorted[Math.floor(0.98 * sorted.length)]! - sorted[Math.floor(0.02 * sorted.length)]!;
    };
    const grey = { width: 32, height: 32, data: new Uint8Array(32 * 32 * 3).fill(128) };
    for (const seed of [1, 2, 3]) {
      expect(smoothSpan(printAttack(original, seed))).toBeLessThan(0.95 * smoothSpan(original));
      const printed = printAttack(grey, seed);
      let red = 0;
      let blue = 0;
      for (let i = 0; i < printed.data.length; i += 3) {
        red += printed.data[i]!;
        blue += printed.data[i + 2]!;
      }
      expect(blue / red).toBeLessThan(0.97);
    }
  });

  it('a cut-out print keeps the original inside the holes and the print outside', () => {
    const holes = [{ centre: { x: 30, y: 40 }, radius: 6 }];
    const cut = cutoutPrintAttack(original, 7, holes);
    const printed = printAttack(original, 7);
    const at = (image: RgbImage, x: number, y: number) => [...image.data.subarray((y * 96 + x) * 3, (y * 96 + x) * 3 + 3)];
    expect(at(cut, 30, 40)).toEqual(at(original, 30, 40));
    expect(at(cut, 34, 43)).toEqual(at(original, 34, 43));
    expect(at(cut, 70, 20)).toEqual(at(printed, 70, 20));
    expect(codeOf(() => cutoutPrintAttack(original, 7, [{ centre: { x: 1, y: 1 }, radius: 0 }]))).toBe('FACE_ANALYSIS_PARAMETER_INVALID');
  });
});
