/**
 * A small seeded pseudo-random generator: xoshiro128** (Blackman & Vigna, 2018) seeded through
 * SplitMix32 from a number or a string (FNV-1a). Integer arithmetic only (`Math.imul`, shifts), so
 * the same seed gives the same sequence on every platform; Gaussian draws use Box–Muller. Not for
 * cryptography — it makes synthetic test data reproducible.
 */
export interface Random {
  /** Uniform in [0, 1). */
  next(): number;
  /** Uniform in [min, max). */
  uniform(min: number, max: number): number;
  /** Uniform integer in [min, max]. */
  integer(min: number, max: number): number;
  /** Normal with the given mean and standard deviation. */
  normal(mean?: number, deviation?: number): number;
  /** True with probability `probability`. */
  chance(probability: number): boolean;
  /** An independent generator derived from this one and a label (e.g. one per impression). */
  fork(label: string | number): Random;
}

export function createRandom(seed: number | string): Random {
  return fromState(seedState(typeof seed === 'number' ? `n:${seed}` : `s:${seed}`));
}

function seedState(text: string): Uint32Array {
  let hash = 0x811c9dc5;
  for (let index = 0; index < text.length; index++) {
    hash ^= text.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  const state = new Uint32Array(4);
  let z = hash;
  for (let index = 0; index < 4; index++) {
    z = (z + 0x9e3779b9) >>> 0;
    let t = z;
    t = Math.imul(t ^ (t >>> 16), 0x21f0aaad) >>> 0;
    t = Math.imul(t ^ (t >>> 15), 0x735a2d97) >>> 0;
    state[index] = (t ^ (t >>> 15)) >>> 0;
  }
  if (state[0] === 0 && state[1] === 0 && state[2] === 0 && state[3] === 0) state[0] = 1;
  return state;
}

function fromState(state: Uint32Array): Random {
  let spare: number | undefined;
  const nextUint32 = (): number => {
    const s0 = state[0]!;
    const s1 = state[1]!;
    const s2 = state[2]!;
    const s3 = state[3]!;
    const product = Math.imul(s1, 5);
    const result = Math.imul((product << 7) | (product >>> 25), 9) >>> 0;
    const t = s1 << 9;
    const n2 = s2 ^ s0;
    const n3 = s3 ^ s1;
    state[1] = s1 ^ n2;
    state[0] = s0 ^ n3;
    state[2] = n2 ^ t;
    state[3] = (n3 << 11) | (n3 >>> 21);
    return result;
  };
  const random: Random = {
    next: () => nextUint32() / 4294967296,
    uniform: (min, max) => min + (max - min) * random.next(),
    integer: (min, max) => min + Math.floor(random.next() * (max - min + 1)),
    normal: (mean = 0, deviation = 1) => {
      if (spare !== undefined) {
        const value = spare;
        spare = undefined;
        return mean + deviation * value;
      }
      let u = 0;
      while (u === 0) u = random.next();
      const v = random.next();
      const radius = Math.sqrt(-2 * Math.log(u));
      spare = radius * Math.sin(2 * Math.PI * v);
      return mean + deviation * radius * Math.cos(2 * Math.PI * v);
    },
    chance: (probability) => random.next() < probability,
    fork: (label) => createRandom(`${nextUint32()}:${nextUint32()}:${String(label)}`),
  };
  return random;
}
