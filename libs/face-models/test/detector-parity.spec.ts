import { basename } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FACE_MODEL_MANIFEST, type RgbImage } from '@citizen-zero/face-models';
import { OnnxSsdFaceDetector } from '@citizen-zero/face-models/onnx';
import { decodeImage } from '@citizen-zero/face-models/sharp';
import { fixtureImages, loadFaceApiReference, type FaceApiReference } from './support/face-api-reference';
import { maxAbsDiff, modelsDir } from './support/models';

/**
 * The converted SSD MobileNet v1 against face-api's own SsdMobilenetv1 on tfjs (CPU), on the six
 * face-api demo photos: the same 512 × 512 input bit for bit, every anchor's box and score, and
 * the detections after non-maximum suppression.
 */
const TOLERANCE = {
  /** Raw scores (probabilities) and boxes (relative to the padded square), every one of the 5118 anchors. */
  rawScore: 1e-5,
  rawBox: 1e-5,
  /** Final detections: score, and box edges in pixels of the 1920-px photos. */
  score: 1e-5,
  pixels: 0.05,
};

describe('SSD MobileNet v1: ONNX vs face-api on tfjs', () => {
  let reference: FaceApiReference;
  let detector: OnnxSsdFaceDetector;
  const figures: string[] = [];

  beforeAll(async () => {
    [reference, detector] = await Promise.all([loadFaceApiReference(), OnnxSsdFaceDetector.load(modelsDir, FACE_MODEL_MANIFEST)]);
  });
  afterAll(async () => {
    await detector?.release();
    console.log(`SSD parity (max |Δ| per photo):\n  ${figures.join('\n  ')}`);
  });

  for (const path of fixtureImages) {
    it(`${basename(path)}: same input, same raw outputs, same detections`, async () => {
      const { tf, faceapi, ssd } = reference;
      const image: RgbImage = await decodeImage(path);
      const tensor = tf.tensor3d(Int32Array.from(image.data), [image.height, image.width, 3], 'int32');

      // face-api's preprocessing of the same picture.
      const netInput = new faceapi.NetInput([tensor]);
      const batch = netInput.toBatchTensor(512, false);
      const tfInput = batch.dataSync() as Float32Array;
      batch.dispose();

      // face-api's detector, keeping its raw outputs.
      let raw: { boxes: Float32Array; scores: Float32Array } | undefined;
      const forwardInput = ssd.forwardInput.bind(ssd);
      ssd.forwardInput = (input: unknown) => {
        const out = forwardInput(input);
        raw = { boxes: out.boxes[0].dataSync().slice(), scores: out.scores[0].dataSync().slice() };
        return out;
      };
      const expected = await ssd.locateFaces(tensor, { minConfidence: 0.5, maxResults: 100 });
      ssd.forwardInput = forwardInput;
      tensor.dispose();

      const ours = await detector.infer(image);
      expect(maxAbsDiff(ours.input, tfInput)).toBe(0);
      const rawScoreDiff = maxAbsDiff(ours.scores, raw!.scores);
      const rawBoxDiff = maxAbsDiff(ours.boxes, raw!.boxes);
      expect(rawScoreDiff).toBeLessThanOrEqual(TOLERANCE.rawScore);
      expect(rawBoxDiff).toBeLessThanOrEqual(TOLERANCE.rawBox);

      const detections = await detector.detect(image, { minScore: 0.5, maxResults: 100 });
      expect(detections.length).toBe(expected.length);
      expect(detections.length).toBeGreaterThan(0);
      // face-api maps boxes with 512 / round(side · 512 / longest side); undo that to compare in exact geometry.
      const side = Math.max(image.width, image.height);
      const padX = 512 / Math.round((image.width * 512) / side);
      const padY = 512 / Math.round((image.height * 512) / side);
      let scoreDiff = 0;
      let pixelDiff = 0;
      detections.forEach((detection, i) => {
        const theirs = expected[i];
        const rel = theirs.relativeBox;
        const x0 = Math.min(image.width, (rel.x / padX) * side);
        const y0 = Math.min(image.height, (rel.y / padY) * side);
        const x1 = Math.min(image.width, ((rel.x + rel.width) / padX) * side);
        const y1 = Math.min(image.height, ((rel.y + rel.height) / padY) * side);
        const box = detection.box;
        scoreDiff = Math.max(scoreDiff, Math.abs(detection.score - theirs.score));
        pixelDiff = Math.max(pixelDiff, Math.abs(box.x - x0), Math.abs(box.y - y0), Math.abs(box.x + box.width - x1), Math.abs(box.y + box.height - y1));
      });
      expect(scoreDiff).toBeLessThanOrEqual(TOLERANCE.score);
      expect(pixelDiff).toBeLessThanOrEqual(TOLERANCE.pixels);
      figures.push(`${basename(path)}: ${detections.length} faces; raw scores ${rawScoreDiff.toExponential(2)}, raw boxes ${rawBoxDiff.toExponential(2)}, detection scores ${scoreDiff.toExponential(2)}, box edges ${pixelDiff.toExponential(2)} px`);
    });
  }
});
