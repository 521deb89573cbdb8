/**
 * A global, rotation- and translation-invariant descriptor for the 1:N pre-filter: a histogram of
 * minutia pairs over (distance, direction difference, radial angle) — the same three quantities
 * LSSR compares (MCC paper) — with linear interpolation between distance bins, scaled to unit
 * length. Comparing two descriptors is one 256-term dot product, thousands of times cheaper than
 * a comparison; it ranks mates high enough for a top-k pre-selection, not to decide.
 */
export const DESCRIPTOR_DISTANCE_BINS = 8;
export const DESCRIPTOR_DIRECTION_BINS = 4;
export const DESCRIPTOR_RADIAL_BINS = 8;
export const DESCRIPTOR_LENGTH = DESCRIPTOR_DISTANCE_BINS * DESCRIPTOR_DIRECTION_BINS * DESCRIPTOR_RADIAL_BINS;
const MIN_DISTANCE = 20;
const BIN_WIDTH = 22;

interface DescriptorSource {
  readonly cylinderCount: number;
  readonly directions: Uint8Array;
  readonly distances: Float32Array;
  readonly radialAngles: Uint8Array;
}

export function globalDescriptor(template: DescriptorSource): Float32Array {
  const n = template.cylinderCount;
  const histogram = new Float64Array(DESCRIPTOR_LENGTH);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      if (i === j) continue;
      const position = (template.distances[i * n + j]! - MIN_DISTANCE) / BIN_WIDTH - 0.5;
      if (position < -0.5 || position > DESCRIPTOR_DISTANCE_BINS - 0.5) continue;
      let difference = (template.directions[j]! - template.directions[i]!) & 255;
      if (difference > 128) difference = 256 - difference;
      const direction = Math.min(DESCRIPTOR_DIRECTION_BINS - 1, Math.floor((difference / 128) * DESCRIPTOR_DIRECTION_BINS));
      const radial = Math.floor((template.radialAngles[i * n + j]! / 256) * DESCRIPTOR_RADIAL_BINS) % DESCRIPTOR_RADIAL_BINS;
      const base = (direction * DESCRIPTOR_RADIAL_BINS + radial) * DESCRIPTOR_DISTANCE_BINS;
      const lower = Math.floor(position);
      const weight = position - lower;
      if (lower >= 0) histogram[base + lower]! += 1 - weight;
      if (lower + 1 < DESCRIPTOR_DISTANCE_BINS) histogram[base + lower + 1]! += weight;
    }
  }
  let norm = 0;
  for (const value of histogram) norm += value * value;
  const descriptor = new Float32Array(DESCRIPTOR_LENGTH);
  if (norm > 0) {
    const scale = 1 / Math.sqrt(norm);
    for (let index = 0; index < DESCRIPTOR_LENGTH; index++) descriptor[index] = histogram[index]! * scale;
  }
  return descriptor;
}

/** Cosine similarity of two descriptors, in [0, 1]. */
export function descriptorSimilarity(a: Float32Array, b: Float32Array): number {
  let sum = 0;
  const length = Math.min(a.length, b.length);
  for (let index = 0; index < length; index++) sum += a[index]! * b[index]!;
  return sum;
}
