import { FaceModelError } from '../face-model-error';

/**
 * A decoded picture as the models take it: interleaved RGB (3 channels, no alpha), row-major,
 * values 0–255. `Uint8Array` is what a decoder gives; `Float32Array` is accepted for pictures
 * that were already resampled.
 */
export interface RgbImage {
  readonly width: number;
  readonly height: number;
  readonly data: Uint8Array | Uint8ClampedArray | Float32Array;
}

/** An axis-aligned box in pixels of the image it refers to. */
export interface Box {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

/** A box on whole pixels, inside its image. */
export interface PixelRect {
  readonly left: number;
  readonly top: number;
  readonly width: number;
  readonly height: number;
}

export function assertRgbImage(image: RgbImage, what = 'image'): void {
  const { width, height, data } = image;
  if (!Number.isInteger(width) || !Number.isInteger(height) || width < 1 || height < 1) {
    throw new FaceModelError('FACE_IMAGE_INVALID', `${what} must have a positive whole width and height`, { width, height });
  }
  if (data.length !== width * height * 3) {
    throw new FaceModelError('FACE_IMAGE_INVALID', `${what} must hold width × height × 3 RGB values`, { width, height, length: data.length });
  }
}

/** Rounds a box to whole pixels and clips it to the image; empty when nothing is left. */
export function pixelRect(box: Box, image: { readonly width: number; readonly height: number }): PixelRect {
  const left = Math.min(image.width, Math.max(0, Math.round(box.x)));
  const top = Math.min(image.height, Math.max(0, Math.round(box.y)));
  const right = Math.min(image.width, Math.max(left, Math.round(box.x + box.width)));
  const bottom = Math.min(image.height, Math.max(top, Math.round(box.y + box.height)));
  return { left, top, width: right - left, height: bottom - top };
}

/** The pixels of `rect` (already whole and inside the image) as a new image of the same value type. */
export function crop(image: RgbImage, rect: PixelRect): RgbImage {
  assertRgbImage(image);
  if (rect.width < 1 || rect.height < 1 || rect.left < 0 || rect.top < 0 || rect.left + rect.width > image.width || rect.top + rect.height > image.height) {
    throw new FaceModelError('FACE_IMAGE_INVALID', 'crop rectangle must be non-empty and inside the image', { ...rect, imageWidth: image.width, imageHeight: image.height });
  }
  const Type = image.data.constructor as new (length: number) => RgbImage['data'];
  const data = new Type(rect.width * rect.height * 3);
  const rowLength = rect.width * 3;
  for (let row = 0; row < rect.height; row++) {
    const start = ((rect.top + row) * image.width + rect.left) * 3;
    data.set(image.data.subarray(start, start + rowLength), row * rowLength);
  }
  return { width: rect.width, height: rect.height, data };
}

/**
 * A square around the centre of `box`, its side the box's longer side times `scale` (capped by
 * the image), moved to lie inside the image, on whole pixels. Landmark and recognition crops
 * are taken square (scale 1) so that no padding is needed before the network; the PAD models
 * take a square with margin (`PAD_CROP_SCALE`).
 */
export function squareRect(box: Box, image: { readonly width: number; readonly height: number }, scale = 1): PixelRect {
  const side = Math.min(Math.round(Math.max(box.width, box.height) * scale), image.width, image.height);
  const centreX = box.x + box.width / 2;
  const centreY = box.y + box.height / 2;
  const left = Math.min(image.width - side, Math.max(0, Math.round(centreX - side / 2)));
  const top = Math.min(image.height - side, Math.max(0, Math.round(centreY - side / 2)));
  return { left, top, width: side, height: side };
}

/**
 * The margin of the face crops human gives its antispoof and liveness models: the detector's
 * box enlarged 1.4 times and squared (vladmandic/human src/face/blazeface.ts, `enlargeBox(…,
 * config.face.detector.scale || 1.4)` then `squarifyBox`). human's boxes come from BlazeFace,
 * ours from face-api's detectors, and human pads with black where the square leaves the picture
 * while `squareRect` moves it inside: the crop is like human's, not the same. Use as
 * `crop(image, squareRect(detection.box, image, PAD_CROP_SCALE))`.
 */
export const PAD_CROP_SCALE = 1.4;
