import type { SquareGeometry } from '../image/square-resize';
import type { Point } from '../ports/landmark-model';

/**
 * Landmark coordinates relative to the padded square the network saw (x0, y0, x1, y1, …) to
 * pixels of the crop it was made from.
 *
 * For a non-square crop with an odd width/height difference face-api subtracts half the
 * difference (x.5) where the padding really was the whole pixel below it; this uses the real
 * padding. The two agree exactly on square crops.
 */
export function landmarksToPixels(relative: ArrayLike<number>, geometry: SquareGeometry): Point[] {
  const points: Point[] = [];
  for (let i = 0; i + 1 < relative.length; i += 2) {
    points.push({ x: relative[i]! * geometry.side - geometry.padLeft, y: relative[i + 1]! * geometry.side - geometry.padTop });
  }
  return points;
}
