import { describe, expect, it } from 'vitest';
import { createSeededRandom, fft, fft2d, isPowerOfTwo, nextPowerOfTwo } from '@citizen-zero/face-analysis';
import { codeOf } from './support/assertions';

/** The DFT by its definition, O(N²). */
function naiveDft(real: Float64Array, imag: Float64Array, inverse = false): [Float64Array, Float64Array] {
  const n = real.length;
  const outReal = new Float64Array(n);
  const outImag = new Float64Array(n);
  const sign = inverse ? 1 : -1;
  for (let k = 0; k < n; k++) {
    for (let t = 0; t < n; t++) {
      const angle = (sign * 2 * Math.PI * k * t) / n;
      outReal[k] = outReal[k]! + real[t]! * Math.cos(angle) - imag[t]! * Math.sin(angle);
      outImag[k] = outImag[k]! + real[t]! * Math.sin(angle) + imag[t]! * Math.cos(angle);
    }
    if (inverse) {
      outReal[k] = outReal[k]! / n;
      outImag[k] = outImag[k]! / n;
    }
  }
  return [outReal, outImag];
}

const randomVector = (n: number, seed: string): [Float64Array, Float64Array] => {
  const random = createSeededRandom(seed);
  return [Float64Array.from({ length: n }, () => random.normal()), Float64Array.from({ length: n }, () => random.normal())];
};

const maxDifference = (a: Float64Array, b: Float64Array): number => a.reduce((max, value, index) => Math.max(max, Math.abs(value - b[index]!)), 0);

describe('radix-2 FFT', () => {
  for (const n of [1, 2, 4, 8, 16, 64, 256]) {
    it(`matches the naive DFT for N = ${n}, forward and inverse`, () => {
      for (const inverse of [false, true]) {
        const [real, imag] = randomVector(n, `fft:${n}:${inverse}`);
        const [expectedReal, expectedImag] = naiveDft(real, imag, inverse);
        fft(real, imag, inverse);
        expect(maxDifference(real, expectedReal)).toBeLessThan(1e-9 * n);
        expect(maxDifference(imag, expectedImag)).toBeLessThan(1e-9 * n);
      }
    });
  }

  it('round-trips through the inverse', () => {
    const [real, imag] = randomVector(128, 'round-trip');
    const [copyReal, copyImag] = [Float64Array.from(real), Float64Array.from(imag)];
    fft(real, imag);
    fft(real, imag, true);
    expect(maxDifference(real, copyReal)).toBeLessThan(1e-12);
    expect(maxDifference(imag, copyImag)).toBeLessThan(1e-12);
  });

  it('puts a pure tone in its bin', () => {
    const n = 32;
    const real = Float64Array.from({ length: n }, (_, t) => Math.cos((2 * Math.PI * 5 * t) / n));
    const imag = new Float64Array(n);
    fft(real, imag);
    expect(real[5]).toBeCloseTo(n / 2, 10);
    expect(real[n - 5]).toBeCloseTo(n / 2, 10);
    expect(Math.abs(real[4]!) + Math.abs(imag[6]!)).toBeLessThan(1e-10);
  });

  it('matches the naive 2-D DFT (rows then columns) on 8 × 4', () => {
    const width = 8;
    const height = 4;
    const [real, imag] = randomVector(width * height, '2d');
    const expectedReal = new Float64Array(width * height);
    const expectedImag = new Float64Array(width * height);
    for (let v = 0; v < height; v++) {
      for (let u = 0; u < width; u++) {
        for (let y = 0; y < height; y++) {
          for (let x = 0; x < width; x++) {
            const angle = -2 * Math.PI * ((u * x) / width + (v * y) / height);
            const index = y * width + x;
            expectedReal[v * width + u] = expectedReal[v * width + u]! + real[index]! * Math.cos(angle) - imag[index]! * Math.sin(angle);
            expectedImag[v * width + u] = expectedImag[v * width + u]! + real[index]! * Math.sin(angle) + imag[index]! * Math.cos(angle);
          }
        }
      }
    }
    fft2d(real, imag, width, height);
    expect(maxDifference(real, expectedReal)).toBeLessThan(1e-10);
    expect(maxDifference(imag, expectedImag)).toBeLessThan(1e-10);
  });

  it('refuses lengths that are not powers of two', () => {
    expect(codeOf(() => fft(new Float64Array(6), new Float64Array(6)))).toBe('FACE_ANALYSIS_PARAMETER_INVALID');
    expect(codeOf(() => fft2d(new Float64Array(12), new Float64Array(12), 4, 3))).toBe('FACE_ANALYSIS_PARAMETER_INVALID');
    expect([1, 2, 64].every(isPowerOfTwo)).toBe(true);
    expect([0, 3, 96].some(isPowerOfTwo)).toBe(false);
    expect([1, 5, 112, 128].map(nextPowerOfTwo)).toEqual([1, 8, 128, 128]);
  });
});
