import type { RgbImage } from '../image/rgb-image';
import type { ModelIdentity } from '../model-identity';

export interface Point {
  readonly x: number;
  readonly y: number;
}

/**
 * The 68-point markup of iBUG 300-W (jaw 0–16, eyebrows 17–26, nose 27–35, eyes 36–47,
 * mouth 48–67), the layout of face-api's and dlib's landmark models.
 */
export type LandmarkLayout = 'ibug-68';

/** Locates facial landmarks in a crop around one face. */
export interface LandmarkModel {
  readonly model: ModelIdentity;
  readonly layout: LandmarkLayout;
  /** Landmarks of the face in `face` (a crop around one detected face, square works best), in its pixel coordinates. */
  locate(face: RgbImage): Promise<Point[]>;
}
