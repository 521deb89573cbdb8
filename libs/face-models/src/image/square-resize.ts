import { assertRgbImage, type RgbImage } from './rgb-image';

/**
 * Where a non-square picture sits in the square it is padded to (zeros elsewhere):
 * `top-left` pads at the bottom or right (face-api's detector input), `centre` splits the
 * padding, the odd pixel going to the bottom/right (face-api's landmark and recognition input).
 */
export type SquarePlacement = 'top-left' | 'centre';

/** Where the picture landed in the padded square, to map model coordinates back to it. */
export interface SquareGeometry {
  /** Side of the padded square in source pixels: max(width, height). */
  readonly side: number;
  readonly padLeft: number;
  readonly padTop: number;
}

export function squareGeometry(width: number, height: number, placement: SquarePlacement): SquareGeometry {
  const side = Math.max(width, height);
  const difference = side - Math.min(width, height);
  // face-api padToSquare: Math.round(diff / 2) is appended, the rest prepended.
  const before = placement === 'centre' ? difference - Math.round(difference * 0.5) : 0;
  return { side, padLeft: width < height ? before : 0, padTop: height < width ? before : 0 };
}

/**
 * Pads `image` to a square and resizes it to `size` × `size` with bilinear interpolation,
 * writing NHWC RGB float32 values into `out` at `offset`.
 *
 * The arithmetic is tfjs-backend-cpu 4.22 ResizeBilinear (align_corners and half_pixel_centers
 * false) step for step, in double precision and stored as float32, so the result is
 * bit-identical to face-api's `NetInput.toBatchTensor` on the same picture: the converted
 * models see exactly the input the original ones see.
 */
export function squareResize(image: RgbImage, size: number, placement: SquarePlacement, out = new Float32Array(size * size * 3), offset = 0): { data: Float32Array; geometry: SquareGeometry } {
  assertRgbImage(image);
  const geometry = squareGeometry(image.width, image.height, placement);
  resizeBilinear(image, geometry.side, geometry.side, geometry.padLeft, geometry.padTop, size, size, out, offset);
  return { data: out, geometry };
}

/** Bilinear resize of `image` stretched to `outWidth` × `outHeight` (no padding), tfjs arithmetic. */
export function stretchResize(image: RgbImage, outWidth: number, outHeight: number, out = new Float32Array(outWidth * outHeight * 3), offset = 0): Float32Array {
  assertRgbImage(image);
  resizeBilinear(image, image.width, image.height, 0, 0, outWidth, outHeight, out, offset);
  return out;
}

/**
 * Resizes a virtual canvas of `canvasWidth` × `canvasHeight` holding `image` at
 * (`padLeft`, `padTop`) and zeros elsewhere.
 */
function resizeBilinear(image: RgbImage, canvasWidth: number, canvasHeight: number, padLeft: number, padTop: number, outWidth: number, outHeight: number, out: Float32Array, offset: number): void {
  const { width, height, data } = image;
  const rowRatio = canvasHeight / outHeight;
  const colRatio = canvasWidth / outWidth;
  // Per output column: the two source columns (as offsets into a row, or -1 outside the picture) and the weight.
  const colLeft = new Int32Array(outWidth);
  const colRight = new Int32Array(outWidth);
  const colFrac = new Float64Array(outWidth);
  for (let c = 0; c < outWidth; c++) {
    const source = colRatio * c;
    const floor = Math.max(0, Math.floor(source));
    colFrac[c] = source - floor;
    const ceil = Math.min(canvasWidth - 1, Math.ceil(source));
    colLeft[c] = floor - padLeft >= 0 && floor - padLeft < width ? (floor - padLeft) * 3 : -1;
    colRight[c] = ceil - padLeft >= 0 && ceil - padLeft < width ? (ceil - padLeft) * 3 : -1;
  }
  let o = offset;
  for (let r = 0; r < outHeight; r++) {
    const source = rowRatio * r;
    const floor = Math.max(0, Math.floor(source));
    const rowFrac = source - floor;
    const ceil = Math.min(canvasHeight - 1, Math.ceil(source));
    const topRow = floor - padTop >= 0 && floor - padTop < height ? (floor - padTop) * width * 3 : -1;
    const bottomRow = ceil - padTop >= 0 && ceil - padTop < height ? (ceil - padTop) * width * 3 : -1;
    for (let c = 0; c < outWidth; c++) {
      const left = colLeft[c]!;
      const right = colRight[c]!;
      const frac = colFrac[c]!;
      // Offsets of the four neighbours, -1 where they fall in the zero padding.
      const topLeftAt = topRow < 0 || left < 0 ? -1 : topRow + left;
      const topRightAt = topRow < 0 || right < 0 ? -1 : topRow + right;
      const bottomLeftAt = bottomRow < 0 || left < 0 ? -1 : bottomRow + left;
      const bottomRightAt = bottomRow < 0 || right < 0 ? -1 : bottomRow + right;
      for (let channel = 0; channel < 3; channel++) {
        const topLeft = topLeftAt < 0 ? 0 : data[topLeftAt + channel]!;
        const topRight = topRightAt < 0 ? 0 : data[topRightAt + channel]!;
        const bottomLeft = bottomLeftAt < 0 ? 0 : data[bottomLeftAt + channel]!;
        const bottomRight = bottomRightAt < 0 ? 0 : data[bottomRightAt + channel]!;
        const top = topLeft + (topRight - topLeft) * frac;
        const bottom = bottomLeft + (bottomRight - bottomLeft) * frac;
        out[o++] = top + (bottom - top) * rowFrac;
      }
    }
  }
}
