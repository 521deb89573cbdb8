import { FaceAnalysisError } from '../face-analysis-error';

/**
 * Gaussian blur of a single-channel plane (separable, kernel truncated at 3σ, borders replicated).
 * σ = 0 returns a copy.
 */
export function gaussianBlurPlane(plane: Float32Array, width: number, height: number, sigma: number): Float32Array {
  if (!(sigma >= 0) || sigma > 64) throw new FaceAnalysisError('FACE_ANALYSIS_PARAMETER_INVALID', 'the blur σ must be in [0, 64] pixels', { sigma });
  if (sigma === 0) return Float32Array.from(plane);
  const radius = Math.ceil(3 * sigma);
  const kernel = new Float32Array(2 * radius + 1);
  let sum = 0;
  for (let offset = -radius; offset <= radius; offset++) sum += kernel[offset + radius] = Math.exp(-(offset * offset) / (2 * sigma * sigma));
  for (let index = 0; index < kernel.length; index++) kernel[index] = kernel[index]! / sum;
  const rows = new Float32Array(plane.length);
  for (let y = 0; y < height; y++) {
    const row = y * width;
    for (let x = 0; x < width; x++) {
      let value = 0;
      for (let offset = -radius; offset <= radius; offset++) value += kernel[offset + radius]! * plane[row + Math.min(width - 1, Math.max(0, x + offset))]!;
      rows[row + x] = value;
    }
  }
  const out = new Float32Array(plane.length);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      let value = 0;
      for (let offset = -radius; offset <= radius; offset++) value += kernel[offset + radius]! * rows[Math.min(height - 1, Math.max(0, y + offset)) * width + x]!;
      out[y * width + x] = value;
    }
  }
  return out;
}

/** Gaussian blur of interleaved RGB values (each channel by {@link gaussianBlurPlane}). */
export function gaussianBlurRgb(values: Float32Array, width: number, height: number, sigma: number): Float32Array {
  const out = new Float32Array(values.length);
  const plane = new Float32Array(width * height);
  for (let channel = 0; channel < 3; channel++) {
    for (let pixel = 0; pixel < plane.length; pixel++) plane[pixel] = values[pixel * 3 + channel]!;
    const blurred = gaussianBlurPlane(plane, width, height, sigma);
    for (let pixel = 0; pixel < plane.length; pixel++) out[pixel * 3 + channel] = blurred[pixel]!;
  }
  return out;
}

/**
 * Variance of the 4-neighbour Laplacian (kernel [0 1 0; 1 −4 1; 0 1 0]) of a plane, over the
 * pixels whose four neighbours are inside the plane and, when `mask` is given, whose mask value is
 * non-zero. The classic focus measure (Pech-Pacheco et al., ICPR 2000): blur removes the high
 * frequencies the Laplacian responds to. Units: (plane units)².
 */
export function laplacianVariance(plane: Float32Array, width: number, height: number, mask?: Uint8Array): number {
  let count = 0;
  let sum = 0;
  let sumSquares = 0;
  for (let y = 1; y < height - 1; y++) {
    for (let x = 1; x < width - 1; x++) {
      const index = y * width + x;
      if (mask !== undefined && mask[index] === 0) continue;
      const value = plane[index - 1]! + plane[index + 1]! + plane[index - width]! + plane[index + width]! - 4 * plane[index]!;
      count++;
      sum += value;
      sumSquares += value * value;
    }
  }
  if (count === 0) return 0;
  const mean = sum / count;
  return Math.max(0, sumSquares / count - mean * mean);
}
