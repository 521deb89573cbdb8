import type { DetectOptions, FaceDetection, FaceDetector, ModelIdentity, RgbImage } from '@citizen-zero/face-models';

/**
 * The fast detector first, the accurate one when it finds nothing sure: face-api's tiny detector
 * takes ~8 ms a 640-px picture against ~38 ms for the SSD MobileNet v1, and finds a clear single
 * face as well; small or strongly turned faces fall back to the SSD. Used for verification and
 * identification probes, where the detect → embed budget is 40 ms (docs/benchmarks.md); enrolment
 * captures always go through the SSD, whose detections the one-face quality check relies on.
 */
export class CascadeFaceDetector implements FaceDetector {
  readonly model: ModelIdentity;

  constructor(
    private readonly fast: FaceDetector,
    private readonly accurate: FaceDetector,
    /** A fast detection at or above this score is trusted. */
    private readonly sureScore = 0.6,
  ) {
    this.model = { id: `cascade(${fast.model.id},${accurate.model.id})`, version: `${fast.model.version}/${accurate.model.version}` };
  }

  async detect(image: RgbImage, options?: DetectOptions): Promise<FaceDetection[]> {
    const fast = await this.fast.detect(image, options);
    if (fast.length > 0 && fast[0]!.score >= this.sureScore) return fast;
    return this.accurate.detect(image, options);
  }
}
