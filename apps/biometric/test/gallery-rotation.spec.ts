import { describe, expect, it } from 'vitest';
import { applyRotation, orthogonalMatrix } from '../src/crypto/gallery-rotation';

function randomUnit(dimension: number, seed: number): Float32Array {
  let state = seed;
  const vector = new Float32Array(dimension);
  for (let index = 0; index < dimension; index++) {
    state = (state * 1103515245 + 12345) % 2147483648;
    vector[index] = state / 2147483648 - 0.5;
  }
  const norm = Math.hypot(...vector);
  return vector.map((value) => value / norm);
}

const dot = (a: Float32Array, b: Float32Array) => a.reduce((sum, value, index) => sum + value * b[index]!, 0);

describe('the gallery rotation (a secret orthogonal matrix from an HSM-derived seed)', () => {
  const seed = new Uint8Array(32).fill(7);

  it('is orthogonal: QQᵀ = I to 1e-12', () => {
    const dimension = 128;
    const q = orthogonalMatrix(seed, dimension);
    let worst = 0;
    for (let i = 0; i < dimension; i++) {
      for (let j = 0; j < dimension; j++) {
        let sum = 0;
        for (let k = 0; k < dimension; k++) sum += q[i * dimension + k]! * q[j * dimension + k]!;
        worst = Math.max(worst, Math.abs(sum - (i === j ? 1 : 0)));
      }
    }
    expect(worst).toBeLessThan(1e-12);
  });

  it('keeps cosine similarities (search is unchanged) but moves every vector far from where it was', () => {
    const q = orthogonalMatrix(seed, 128);
    const a = randomUnit(128, 1);
    const b = randomUnit(128, 2);
    const ra = applyRotation(q, a);
    const rb = applyRotation(q, b);
    expect(dot(ra, rb)).toBeCloseTo(dot(a, b), 5);
    expect(dot(ra, ra)).toBeCloseTo(1, 5);
    // A rotated vector is unrelated to the original: its cosine with it is near 0, not near 1.
    expect(Math.abs(dot(ra, a))).toBeLessThan(0.35);
  });

  it('is deterministic in the seed, and another seed (another deployment or model) gives another rotation', () => {
    expect(orthogonalMatrix(seed, 16)).toEqual(orthogonalMatrix(seed, 16));
    const other = orthogonalMatrix(new Uint8Array(32).fill(8), 16);
    const a = randomUnit(16, 3);
    expect(Math.abs(dot(applyRotation(orthogonalMatrix(seed, 16), a), applyRotation(other, a)))).toBeLessThan(0.9);
  });

  it('refuses a vector of another dimension', () => {
    expect(() => applyRotation(orthogonalMatrix(seed, 8), new Float32Array(16))).toThrow(RangeError);
  });
});
