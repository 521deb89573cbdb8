import type { Box, RgbImage } from '../image/rgb-image';
import type { ModelIdentity } from '../model-identity';

export interface FaceDetection {
  /** The face, in pixels of the image given to `detect`, inside the image. */
  readonly box: Box;
  /** Detector confidence, 0–1; comparable only between detections of the same model. */
  readonly score: number;
}

export interface DetectOptions {
  /** Detections scoring at or below this are dropped (default: the model's, 0.5 for face-api's SSD). */
  readonly minScore?: number;
  /** At most this many detections, best first (default 100). */
  readonly maxResults?: number;
}

/** Finds faces in a picture. */
export interface FaceDetector {
  readonly model: ModelIdentity;
  /** Faces in `image`, best score first, overlapping detections suppressed. */
  detect(image: RgbImage, options?: DetectOptions): Promise<FaceDetection[]>;
}
