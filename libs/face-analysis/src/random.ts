/**
 * A small seeded pseudo-random generator for the synthetic attacks: sfc32 (Chris Doty-Humphrey's
 * "small fast counting" generator, PractRand) seeded from a number or a string through four FNV-1a
 * hashes with different offsets, then 15 discarded outputs. 32-bit integer arithmetic only, so a seed
 * gives the same sequence on every platform. Not for cryptography.
 */
export interface SeededRandom {
  /** Uniform in [0, 1). */
  next(): number;
  /** Uniform in [min, max). */
  uniform(min: number, max: number): number;
  /** Normal (Box–Muller). */
  normal(mean?: number, deviation?: number): number;
  /** True with probability `probability`. */
  chance(probability: number): boolean;
}

export function createSeededRandom(seed: number | string): SeededRandom {
  const text = typeof seed === 'number' ? `#${seed}` : `$${seed}`;
  const hash = (offset: number): number => {
    let value = offset >>> 0;
    for (let index = 0; index < text.length; index++) value = Math.imul(value ^ text.charCodeAt(index), 0x01000193) >>> 0;
    return value;
  };
  let a = hash(0x811c9dc5);
  let b = hash(0x9e3779b9);
  let c = hash(0x85ebca6b);
  let d = 1;
  const nextUint32 = (): number => {
    const t = (((a + b) >>> 0) + d) >>> 0;
    d = (d + 1) >>> 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) >>> 0;
    c = ((c << 21) | (c >>> 11)) >>> 0;
    c = (c + t) >>> 0;
    return t;
  };
  for (let round = 0; round < 15; round++) nextUint32();
  const random: SeededRandom = {
    next: () => nextUint32() / 4294967296,
    uniform: (min, max) => min + (max - min) * random.next(),
    normal: (mean = 0, deviation = 1) => {
      let u = 0;
      while (u === 0) u = random.next();
      return mean + deviation * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random.next());
    },
    chance: (probability) => random.next() < probability,
  };
  return random;
}
