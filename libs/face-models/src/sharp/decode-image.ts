import sharp from 'sharp';
import { FaceModelError } from '../face-model-error';
import type { RgbImage } from '../image/rgb-image';

export interface DecodeOptions {
  /** Shrink (never enlarge) so that the longer side is at most this many pixels (Lanczos). */
  readonly maxSide?: number;
}

/**
 * Decodes a JPEG/PNG/WebP/… (bytes or a file path) to 8-bit sRGB without alpha, applying the
 * EXIF orientation, as the RgbImage the models take.
 */
export async function decodeImage(input: Uint8Array | string, options: DecodeOptions = {}): Promise<RgbImage> {
  try {
    let pipeline = sharp(input, { failOn: 'error' }).rotate().toColourspace('srgb').removeAlpha();
    if (options.maxSide !== undefined) pipeline = pipeline.resize({ width: options.maxSide, height: options.maxSide, fit: 'inside', withoutEnlargement: true });
    const { data, info } = await pipeline.raw().toBuffer({ resolveWithObject: true });
    if (info.channels !== 3) throw new Error(`decoded to ${info.channels} channels`);
    return { width: info.width, height: info.height, data: new Uint8Array(data.buffer, data.byteOffset, data.length) };
  } catch (cause) {
    throw new FaceModelError('FACE_IMAGE_INVALID', 'the image could not be decoded', {}, { cause });
  }
}
