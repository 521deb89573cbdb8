import type { SquareGeometry } from '../image/square-resize';
import type { FaceDetection } from '../ports/face-detector';

/** face-api's tiny face detector anchors (tinyFaceDetector/const.ts BOX_ANCHORS), in grid cells. */
export const TINY_FACE_ANCHORS: readonly (readonly [number, number])[] = [
  [1.603231, 2.094468],
  [6.041143, 7.080126],
  [2.882459, 3.518061],
  [4.266906, 5.178857],
  [9.041765, 10.66308],
];

export interface TinyYoloDecodeOptions {
  readonly minScore: number;
  readonly maxResults: number;
  readonly iouThreshold: number;
}

/** face-api's defaults (TinyYolov2Options, tinyFaceDetector/const.ts IOU_THRESHOLD). */
export const TINY_DEFAULTS: TinyYoloDecodeOptions = { minScore: 0.5, maxResults: 100, iouThreshold: 0.4 };

const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));

interface Candidate {
  readonly score: number;
  /** Relative to the padded square. */
  readonly left: number;
  readonly top: number;
  readonly right: number;
  readonly bottom: number;
}

function iou(a: Candidate, b: Candidate): number {
  const width = Math.max(0, Math.min(a.right, b.right) - Math.max(a.left, b.left));
  const height = Math.max(0, Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top));
  const intersection = width * height;
  return intersection / ((a.right - a.left) * (a.bottom - a.top) + (b.right - b.left) * (b.bottom - b.top) - intersection);
}

/**
 * Detections from the tiny face detector's grid ([cells, cells, anchors × (x, y, w, h, score)]
 * logits for one image), decoded as face-api's TinyYolov2Base.extractBoxes and suppressed as its
 * ops/nonMaxSuppression (best first, dropping boxes overlapping a kept one by more than the
 * threshold). Boxes are mapped with the exact square geometry (face-api uses rounded
 * dimensions, as for the SSD) and clipped to the image.
 */
export function tinyYoloDetections(grid: Float32Array, cells: number, image: { readonly width: number; readonly height: number }, geometry: SquareGeometry, options: TinyYoloDecodeOptions): FaceDetection[] {
  const anchors = TINY_FACE_ANCHORS.length;
  const candidates: Candidate[] = [];
  for (let row = 0; row < cells; row++) {
    for (let col = 0; col < cells; col++) {
      for (let anchor = 0; anchor < anchors; anchor++) {
        const at = ((row * cells + col) * anchors + anchor) * 5;
        const score = sigmoid(grid[at + 4]!);
        if (score <= options.minScore) continue;
        const centreX = (col + sigmoid(grid[at]!)) / cells;
        const centreY = (row + sigmoid(grid[at + 1]!)) / cells;
        const width = (Math.exp(grid[at + 2]!) * TINY_FACE_ANCHORS[anchor]![0]) / cells;
        const height = (Math.exp(grid[at + 3]!) * TINY_FACE_ANCHORS[anchor]![1]) / cells;
        const left = centreX - width / 2;
        const top = centreY - height / 2;
        candidates.push({ score, left, top, right: left + width, bottom: top + height });
      }
    }
  }
  candidates.sort((a, b) => b.score - a.score);
  const kept: Candidate[] = [];
  for (const candidate of candidates) {
    if (kept.length >= options.maxResults) break;
    if (kept.every((other) => iou(candidate, other) <= options.iouThreshold)) kept.push(candidate);
  }
  const toX = (relative: number) => Math.min(image.width, Math.max(0, relative * geometry.side - geometry.padLeft));
  const toY = (relative: number) => Math.min(image.height, Math.max(0, relative * geometry.side - geometry.padTop));
  return kept.map(({ score, left, top, right, bottom }) => {
    const x = toX(left);
    const y = toY(top);
    return { score, box: { x, y, width: toX(right) - x, height: toY(bottom) - y } };
  });
}
