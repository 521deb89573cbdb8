import { FaceAnalysisError } from '../face-analysis-error';

/**
 * A decoded picture: interleaved RGB (3 channels, no alpha), row-major, values 0–255. Structurally
 * the `RgbImage` of `@citizen-zero/face-models` (what its decoder gives and its models take), so
 * images pass between the two libraries without conversion or import.
 *
 * Coordinates: the pixel in column i and row j is the sample at the point (i, j) — pixel centres are
 * on whole coordinates (OpenCV's convention, the one insightface's ArcFace template is written in).
 * The image covers [−0.5, width − 0.5] × [−0.5, height − 0.5].
 */
export interface RgbImage {
  readonly width: number;
  readonly height: number;
  readonly data: Uint8Array | Uint8ClampedArray | Float32Array;
}

/** A point in pixels of the image it refers to (x to the right, y down). */
export interface Point {
  readonly x: number;
  readonly y: number;
}

/** An axis-aligned box in pixels of the image it refers to (a detector's output). */
export interface Box {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

export function assertRgbImage(image: RgbImage, what = 'image'): void {
  const { width, height, data } = image;
  if (!Number.isInteger(width) || !Number.isInteger(height) || width < 1 || height < 1) {
    throw new FaceAnalysisError('FACE_IMAGE_INVALID', `${what} must have a positive whole width and height`, { width, height });
  }
  if (data.length !== width * height * 3) {
    throw new FaceAnalysisError('FACE_IMAGE_INVALID', `${what} must hold width × height × 3 RGB values`, { width, height, length: data.length });
  }
}

/**
 * Luma Y′ = 0.299 R′ + 0.587 G′ + 0.114 B′ (Rec. ITU-R BT.601, on the gamma-encoded values as JPEG's
 * YCbCr does), 0–255, one value per pixel.
 */
export function luminance(image: RgbImage): Float32Array {
  assertRgbImage(image);
  const { data } = image;
  const luma = new Float32Array(image.width * image.height);
  for (let pixel = 0, offset = 0; pixel < luma.length; pixel++, offset += 3) {
    luma[pixel] = 0.299 * data[offset]! + 0.587 * data[offset + 1]! + 0.114 * data[offset + 2]!;
  }
  return luma;
}

/** Rounds and clamps interleaved RGB values to 0–255 bytes. */
export function toUint8(values: ArrayLike<number>): Uint8Array {
  const bytes = new Uint8Array(values.length);
  for (let index = 0; index < values.length; index++) bytes[index] = Math.min(255, Math.max(0, Math.round(values[index]!)));
  return bytes;
}
