import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { KeyCustody } from './key-custody';

/**
 * The gallery's secret orthogonal rotation. Face vectors are stored and searched as `R·x`, where
 * R is a random orthogonal matrix derived from a key held in the HSM: rotation keeps every inner
 * product (`(Rx)·(Ry) = x·y`), so cosine search is unchanged, but a vector copied out of the
 * database is not comparable with any embedding computed elsewhere, nor with another
 * deployment's gallery. It is not encryption — a party holding enough (x, Rx) pairs can solve for
 * R — which is why the templates themselves are stored encrypted and the rotated vectors are
 * only an index. Each model (id, version, dimension) gets its own R.
 */
@Injectable()
export class GalleryRotation {
  private readonly matrices = new Map<string, Promise<Float64Array>>();

  constructor(private readonly keys: KeyCustody) {}

  async rotate(model: string, vector: Float32Array): Promise<Float32Array> {
    return applyRotation(await this.matrixFor(model, vector.length), vector);
  }

  private matrixFor(model: string, dimension: number): Promise<Float64Array> {
    const key = `${model}\u0000${dimension}`;
    let matrix = this.matrices.get(key);
    if (!matrix) {
      matrix = this.keys.rotationSeed(new TextEncoder().encode(`cz-face-gallery-rotation:v1\u0000${key}`)).then((seed) => orthogonalMatrix(seed, dimension));
      matrix.catch(() => this.matrices.delete(key));
      this.matrices.set(key, matrix);
    }
    return matrix;
  }
}

/**
 * A d × d orthogonal matrix (row-major), deterministic in `seed`: a Gaussian matrix from a
 * SHA-256 counter-mode stream (Box–Muller), orthonormalised row by row with modified Gram–Schmidt
 * applied twice ("twice is enough", Giraud et al. 2005) — the Q of its QR decomposition up to
 * signs, i.e. Haar-distributed.
 */
export function orthogonalMatrix(seed: Uint8Array, dimension: number): Float64Array {
  if (!Number.isInteger(dimension) || dimension < 1 || dimension > 4096) throw new RangeError(`dimension must be an integer in [1, 4096], got ${dimension}`);
  const uniforms = uniformStream(seed);
  const q = new Float64Array(dimension * dimension);
  for (let index = 0; index < q.length; index += 2) {
    const u1 = 1 - uniforms(); // (0, 1]
    const u2 = uniforms();
    const radius = Math.sqrt(-2 * Math.log(u1));
    q[index] = radius * Math.cos(2 * Math.PI * u2);
    if (index + 1 < q.length) q[index + 1] = radius * Math.sin(2 * Math.PI * u2);
  }
  for (let row = 0; row < dimension; row++) {
    const r = row * dimension;
    for (let pass = 0; pass < 2; pass++) {
      for (let previous = 0; previous < row; previous++) {
        const p = previous * dimension;
        let dot = 0;
        for (let column = 0; column < dimension; column++) dot += q[r + column]! * q[p + column]!;
        for (let column = 0; column < dimension; column++) q[r + column]! -= dot * q[p + column]!;
      }
    }
    let norm = 0;
    for (let column = 0; column < dimension; column++) norm += q[r + column]! ** 2;
    norm = Math.sqrt(norm);
    for (let column = 0; column < dimension; column++) q[r + column]! /= norm;
  }
  return q;
}

export function applyRotation(matrix: Float64Array, vector: Float32Array): Float32Array {
  const dimension = vector.length;
  if (matrix.length !== dimension * dimension) throw new RangeError(`a ${Math.sqrt(matrix.length)}-d rotation cannot rotate a ${dimension}-d vector`);
  const rotated = new Float32Array(dimension);
  for (let row = 0; row < dimension; row++) {
    let sum = 0;
    const offset = row * dimension;
    for (let column = 0; column < dimension; column++) sum += matrix[offset + column]! * vector[column]!;
    rotated[row] = sum;
  }
  return rotated;
}

/** Uniform doubles in [0, 1) from SHA-256(seed ‖ counter), 53 bits each. */
function uniformStream(seed: Uint8Array): () => number {
  let block = Buffer.alloc(0);
  let offset = 0;
  let counter = 0;
  return () => {
    if (offset + 8 > block.length) {
      const counterBytes = Buffer.alloc(8);
      counterBytes.writeBigUInt64BE(BigInt(counter++));
      block = createHash('sha256').update(seed).update(counterBytes).digest();
      offset = 0;
    }
    const high = block.readUInt32BE(offset) >>> 5; // 27 bits
    const low = block.readUInt32BE(offset + 4) >>> 6; // 26 bits
    offset += 8;
    return (high * 67108864 + low) / 9007199254740992;
  };
}
