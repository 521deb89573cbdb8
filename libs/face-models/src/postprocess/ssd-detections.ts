import type { SquareGeometry } from '../image/square-resize';
import type { FaceDetection } from '../ports/face-detector';

export interface SsdDecodeOptions {
  readonly minScore: number;
  readonly maxResults: number;
  readonly iouThreshold: number;
}

/** face-api's SSD defaults (SsdMobilenetv1Options, SsdMobilenetv1.locateFaces). */
export const SSD_DEFAULTS: SsdDecodeOptions = { minScore: 0.5, maxResults: 100, iouThreshold: 0.5 };

/** Intersection over union of anchors i and j of `boxes` (ymin, xmin, ymax, xmax), face-api's IOU. */
function iou(boxes: Float32Array, i: number, j: number): number {
  const yminI = Math.min(boxes[i * 4]!, boxes[i * 4 + 2]!);
  const xminI = Math.min(boxes[i * 4 + 1]!, boxes[i * 4 + 3]!);
  const ymaxI = Math.max(boxes[i * 4]!, boxes[i * 4 + 2]!);
  const xmaxI = Math.max(boxes[i * 4 + 1]!, boxes[i * 4 + 3]!);
  const yminJ = Math.min(boxes[j * 4]!, boxes[j * 4 + 2]!);
  const xminJ = Math.min(boxes[j * 4 + 1]!, boxes[j * 4 + 3]!);
  const ymaxJ = Math.max(boxes[j * 4]!, boxes[j * 4 + 2]!);
  const xmaxJ = Math.max(boxes[j * 4 + 1]!, boxes[j * 4 + 3]!);
  const areaI = (ymaxI - yminI) * (xmaxI - xminI);
  const areaJ = (ymaxJ - yminJ) * (xmaxJ - xminJ);
  if (areaI <= 0 || areaJ <= 0) return 0;
  const intersection = Math.max(Math.min(ymaxI, ymaxJ) - Math.max(yminI, yminJ), 0) * Math.max(Math.min(xmaxI, xmaxJ) - Math.max(xminI, xminJ), 0);
  return intersection / (areaI + areaJ - intersection);
}

/**
 * Greedy non-maximum suppression as face-api's ssdMobilenetv1/nonMaxSuppression.ts: anchors
 * scoring above `minScore`, best first, each kept unless it overlaps a kept one by more than
 * `iouThreshold`. Returns anchor indices.
 */
export function ssdNonMaxSuppression(boxes: Float32Array, scores: Float32Array, options: SsdDecodeOptions): number[] {
  const candidates: { score: number; index: number }[] = [];
  for (let index = 0; index < scores.length; index++) if (scores[index]! > options.minScore) candidates.push({ score: scores[index]!, index });
  candidates.sort((a, b) => b.score - a.score);
  const selected: number[] = [];
  const limit = Math.min(options.maxResults, scores.length);
  for (const candidate of candidates) {
    if (selected.length >= limit) break;
    if (selected.every((kept) => iou(boxes, candidate.index, kept) <= options.iouThreshold)) selected.push(candidate.index);
  }
  return selected;
}

/**
 * Detections in image pixels from the SSD outputs for one image: boxes are relative to the
 * padded square (`geometry`), clipped to it as face-api does, then to the image.
 *
 * face-api scales by 512 / round(side · 512 / max side) instead of the exact factor, which puts
 * its boxes up to 0.1 % of the image off along the shorter side; these boxes use the exact
 * geometry (the parity test accounts for the difference).
 */
export function ssdDetections(boxes: Float32Array, scores: Float32Array, image: { readonly width: number; readonly height: number }, geometry: SquareGeometry, options: SsdDecodeOptions): FaceDetection[] {
  return ssdNonMaxSuppression(boxes, scores, options).map((index) => {
    const toX = (relative: number) => Math.min(image.width, Math.max(0, Math.min(1, Math.max(0, relative)) * geometry.side - geometry.padLeft));
    const toY = (relative: number) => Math.min(image.height, Math.max(0, Math.min(1, Math.max(0, relative)) * geometry.side - geometry.padTop));
    const top = toY(boxes[index * 4]!);
    const left = toX(boxes[index * 4 + 1]!);
    const bottom = toY(boxes[index * 4 + 2]!);
    const right = toX(boxes[index * 4 + 3]!);
    return { score: scores[index]!, box: { x: left, y: top, width: right - left, height: bottom - top } };
  });
}
