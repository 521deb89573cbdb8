import type { Point } from './image/rgb-image';
import { assertLandmarks68, IBUG_68, meanPoint } from './landmarks';

/** Head pose in degrees, estimated from 2-D landmarks (see {@link estimateHeadPose}). */
export interface HeadPose {
  /** Turn left/right; positive when the nose tip moves towards the image's right. */
  readonly yaw: number;
  /** Nod; positive when the face looks down (chin towards the chest). */
  readonly pitch: number;
  /** In-plane tilt of the eye line; positive when the eye on the image's right is lower (clockwise on screen). */
  readonly roll: number;
}

/**
 * A generic head, in units of the inter-eye distance (eye centres), from anthropometric means and
 * dlib's mean 68-point face: how far the nose tip stands in front of the plane of the eye centres and
 * the mouth corners behind it, how far below the eye line they are, and the gain of the nose-tip
 * offset against the jaw contour's midpoint (nose and the head's vertical axis ≈ 1.6 IED apart,
 * jaw half-width ≈ 1.1 IED). Individual faces differ (nose length, face depth), which is why the
 * angles are estimates with a bias of a few degrees per person.
 */
export const GENERIC_HEAD = {
  noseDepth: 0.35,
  mouthDepth: -0.05,
  noseDrop: 0.56,
  mouthDrop: 1.066,
  jawYawGain: 1.45,
} as const;

const degrees = (radians: number): number => (radians * 180) / Math.PI;

/**
 * Estimates yaw, pitch and roll from the 68 landmarks alone, with no 3-D model fit — an estimate,
 * not a measurement (ISO/IEC 19794-5 and ICAO 9303 Part 9 state the frontal pose limits in these
 * angles; ISO/IEC 29794-5 lists head pose among the quality components):
 *
 * - roll: the angle of the line between the eye centres (exact for a frontal face);
 * - then, with roll undone around the eyes' midpoint M, and d the inter-eye distance:
 * - yaw: the mean of two symmetry estimates — the nose tip's horizontal offset from M
 *   (offset/d = noseDepth·tan yaw under orthographic projection) and its offset from the midpoint of
 *   the jaw-contour ends 0 and 16 relative to their half-distance (≈ jawYawGain·sin yaw, the contour
 *   being a silhouette);
 * - pitch: the ratio r = (nose tip − M)/(mouth-corner midpoint − M) of vertical distances, which
 *   grows as the face looks down: tan pitch = (r·mouthDrop − noseDrop)/(noseDepth − r·mouthDepth).
 *
 * Accuracy: a few degrees near frontal on typical faces, growing with the angle and for faces far
 * from the generic proportions; large yaw also biases pitch. Good for rejecting clearly non-frontal
 * captures, not for certifying ±5°.
 */
export function estimateHeadPose(landmarks: readonly Point[]): HeadPose {
  assertLandmarks68(landmarks);
  const left = meanPoint(landmarks, ...IBUG_68.rightEye);
  const right = meanPoint(landmarks, ...IBUG_68.leftEye);
  const rollRadians = Math.atan2(right.y - left.y, right.x - left.x);
  const interEye = Math.hypot(right.x - left.x, right.y - left.y);
  const middle = { x: (left.x + right.x) / 2, y: (left.y + right.y) / 2 };
  const cos = Math.cos(-rollRadians);
  const sin = Math.sin(-rollRadians);
  // Undo roll: coordinates relative to the eyes' midpoint, in inter-eye distances.
  const upright = (point: Point): Point => {
    const x = point.x - middle.x;
    const y = point.y - middle.y;
    return { x: (cos * x - sin * y) / interEye, y: (sin * x + cos * y) / interEye };
  };
  const nose = upright(landmarks[IBUG_68.noseTip]!);
  const mouth = upright(meanPoint([landmarks[IBUG_68.mouthRightCorner]!, landmarks[IBUG_68.mouthLeftCorner]!], 0, 1));
  const jawLeft = upright(landmarks[IBUG_68.jaw[0]]!);
  const jawRight = upright(landmarks[IBUG_68.jaw[1]]!);

  const yawFromEyes = Math.atan(nose.x / GENERIC_HEAD.noseDepth);
  const jawHalfWidth = Math.max(1e-6, (jawRight.x - jawLeft.x) / 2);
  const jawOffset = (nose.x - (jawLeft.x + jawRight.x) / 2) / jawHalfWidth;
  const yawFromJaw = Math.asin(Math.max(-1, Math.min(1, jawOffset / GENERIC_HEAD.jawYawGain)));

  const ratio = mouth.y > 1e-6 ? nose.y / mouth.y : GENERIC_HEAD.noseDrop / GENERIC_HEAD.mouthDrop;
  const pitch = Math.atan2(ratio * GENERIC_HEAD.mouthDrop - GENERIC_HEAD.noseDrop, GENERIC_HEAD.noseDepth - ratio * GENERIC_HEAD.mouthDepth);

  return { yaw: degrees((yawFromEyes + yawFromJaw) / 2), pitch: degrees(pitch), roll: degrees(rollRadians) };
}
