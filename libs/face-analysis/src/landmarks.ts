import { FaceAnalysisError } from './face-analysis-error';
import type { Box, Point } from './image/rgb-image';

/**
 * Index ranges (inclusive) of the 68-point iBUG 300-W markup, the layout of face-api's and dlib's
 * landmark models. "Left" and "right" are the subject's: the subject's right eye (36–41) is on the
 * image's left.
 */
export const IBUG_68 = {
  jaw: [0, 16],
  rightEyebrow: [17, 21],
  leftEyebrow: [22, 26],
  noseBridge: [27, 30],
  noseTip: 30,
  nostrils: [31, 35],
  rightEye: [36, 41],
  leftEye: [42, 47],
  mouthRightCorner: 48,
  mouthLeftCorner: 54,
  mouth: [48, 67],
} as const;

/**
 * The five alignment points in the order of insightface's ArcFace template, by image side: the eye
 * on the image's left (centre of iBUG 36–41, the subject's right eye), the eye on the image's right
 * (centre of 42–47), the nose tip (30), the mouth corner on the image's left (48) and on its right (54).
 */
export type FivePoints = readonly [Point, Point, Point, Point, Point];

/** Refuses anything but 68 finite points. */
export function assertLandmarks68(landmarks: readonly Point[]): void {
  if (landmarks.length !== 68) throw new FaceAnalysisError('FACE_LANDMARKS_INVALID', 'expected the 68 iBUG landmarks', { count: landmarks.length });
  const bad = landmarks.findIndex((point) => !Number.isFinite(point.x) || !Number.isFinite(point.y));
  if (bad >= 0) throw new FaceAnalysisError('FACE_LANDMARKS_INVALID', 'landmarks must be finite', { index: bad });
}

/** The mean of the points `from`–`to` (inclusive). */
export function meanPoint(points: readonly Point[], from: number, to: number): Point {
  let x = 0;
  let y = 0;
  for (let index = from; index <= to; index++) {
    x += points[index]!.x;
    y += points[index]!.y;
  }
  const count = to - from + 1;
  return { x: x / count, y: y / count };
}

/** Eye centres (mean of each eye's six contour points), by image side. */
export function eyeCentres(landmarks: readonly Point[]): { readonly imageLeft: Point; readonly imageRight: Point } {
  assertLandmarks68(landmarks);
  return { imageLeft: meanPoint(landmarks, ...IBUG_68.rightEye), imageRight: meanPoint(landmarks, ...IBUG_68.leftEye) };
}

/** The five alignment points of 68 landmarks (see {@link FivePoints}). */
export function fivePoints(landmarks: readonly Point[]): FivePoints {
  const eyes = eyeCentres(landmarks);
  return [eyes.imageLeft, eyes.imageRight, landmarks[IBUG_68.noseTip]!, landmarks[IBUG_68.mouthRightCorner]!, landmarks[IBUG_68.mouthLeftCorner]!];
}

/** The smallest axis-aligned box holding every point. */
export function boundingBox(points: readonly Point[]): Box {
  let left = Infinity;
  let top = Infinity;
  let right = -Infinity;
  let bottom = -Infinity;
  for (const { x, y } of points) {
    left = Math.min(left, x);
    top = Math.min(top, y);
    right = Math.max(right, x);
    bottom = Math.max(bottom, y);
  }
  return { x: left, y: top, width: right - left, height: bottom - top };
}
