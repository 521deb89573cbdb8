import { basename } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FACE_MODEL_MANIFEST, type RgbImage } from '@citizen-zero/face-models';
import { OnnxSsdFaceDetector, OnnxTinyFaceDetector } from '@citizen-zero/face-models/onnx';
import { decodeImage } from '@citizen-zero/face-models/sharp';
import { fixtureImages, loadFaceApiReference, type FaceApiReference } from './support/face-api-reference';
import { maxAbsDiff, modelsDir } from './support/models';

/**
 * The converted detectors against face-api's own SsdMobilenetv1 and TinyFaceDetector on tfjs
 * (CPU), on the six face-api demo photos: the same network input bit for bit, every anchor's
 * raw output, and the detections after non-maximum suppression.
 */
const TOLERANCE = {
  /** Raw scores (probabilities) and boxes (relative to the padded square), every one of the 5118 anchors. */
  rawScore: 1e-5,
  rawBox: 1e-5,
  /** Tiny detector grid logits (magnitudes up to a few hundred). */
  rawGrid: 2e-4,
  /** Final detections: score, and box edges in pixels of the 1920-px photos. */
  score: 1e-5,
  pixels: 0.05,
};

/** Makes face-api's NetInput keep a copy of the batch tensor it builds (the network input). */
function captureBatchTensor(netInput: any): { values?: Float32Array } {
  const captured: { values?: Float32Array } = {};
  const toBatchTensor = netInput.toBatchTensor.bind(netInput);
  netInput.toBatchTensor = (...args: unknown[]) => {
    const batch = toBatchTensor(...args);
    captured.values = Float32Array.from(batch.dataSync() as ArrayLike<number>);
    return batch;
  };
  return captured;
}

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
      const { tf, ssd } = reference;
      const image: RgbImage = await decodeImage(path);
      const tensor = tf.tensor3d(Int32Array.from(image.data), [image.height, image.width, 3], 'int32');

      // face-api's detector, keeping its network input and raw outputs.
      let raw: { input: Float32Array; boxes: Float32Array; scores: Float32Array } | undefined;
      const forwardInput = ssd.forwardInput.bind(ssd);
      ssd.forwardInput = (input: any) => {
        const input4d = captureBatchTensor(input);
        const out = forwardInput(input);
        raw = { input: input4d.values!, boxes: out.boxes[0].dataSync().slice(), scores: out.scores[0].dataSync().slice() };
        return out;
      };
      const expected = await ssd.locateFaces(tensor, { minConfidence: 0.5, maxResults: 100 });
      ssd.forwardInput = forwardInput;
      tensor.dispose();

      const ours = await detector.infer(image);
      expect(maxAbsDiff(ours.input, raw!.input)).toBe(0);
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

/** face-api boxes are relative to the image through 1 / round(side · size / longest side); back to exact pixels, clipped. */
function faceApiBoxToPixels(rel: { x: number; y: number; width: number; height: number }, image: RgbImage, inputSize: number) {
  const side = Math.max(image.width, image.height);
  const correctionX = inputSize / Math.round((image.width * inputSize) / side);
  const correctionY = inputSize / Math.round((image.height * inputSize) / side);
  const x = (value: number) => Math.min(image.width, Math.max(0, (value / correctionX) * side));
  const y = (value: number) => Math.min(image.height, Math.max(0, (value / correctionY) * side));
  return { x0: x(rel.x), y0: y(rel.y), x1: x(rel.x + rel.width), y1: y(rel.y + rel.height) };
}

describe('tiny face detector: ONNX vs face-api on tfjs', () => {
  let reference: FaceApiReference;
  const detectors = new Map<number, OnnxTinyFaceDetector>();
  const figures: string[] = [];

  beforeAll(async () => {
    reference = await loadFaceApiReference();
    for (const size of [416, 320]) detectors.set(size, await OnnxTinyFaceDetector.load(modelsDir, FACE_MODEL_MANIFEST, { inputSize: size }));
  });
  afterAll(async () => {
    await Promise.all([...detectors.values()].map((detector) => detector.release()));
    console.log(`tiny face detector parity (max |Δ| per photo):\n  ${figures.join('\n  ')}`);
  });

  // 416 (face-api's default) on every photo; one other size shows the graph holds for any multiple of 32.
  const cases = [...fixtureImages.map((path) => [path, 416] as const), [fixtureImages[1]!, 320] as const];
  for (const [path, inputSize] of cases) {
    it(`${basename(path)} at ${inputSize}: same input, same grid, same detections`, async () => {
      const { tf, faceapi, tiny } = reference;
      const detector = detectors.get(inputSize)!;
      // The photos at 640 px (the SSD test covers the full-size path); both sides get the same pixels.
      const image = await decodeImage(path, { maxSide: 640 });
      const tensor = tf.tensor3d(Int32Array.from(image.data), [image.height, image.width, 3], 'int32');

      let raw: { input: Float32Array; grid: Float32Array } | undefined;
      const forwardInput = tiny.forwardInput.bind(tiny);
      tiny.forwardInput = (input: any, size: number) => {
        const input4d = captureBatchTensor(input);
        const out = forwardInput(input, size);
        raw = { input: input4d.values!, grid: out.dataSync().slice() };
        return out;
      };
      const expected = await tiny.locateFaces(tensor, new faceapi.TinyFaceDetectorOptions({ inputSize, scoreThreshold: 0.5 }));
      tiny.forwardInput = forwardInput;
      tensor.dispose();

      const ours = await detector.infer(image);
      expect(maxAbsDiff(ours.input, raw!.input)).toBe(0);
      const gridDiff = maxAbsDiff(ours.grid, raw!.grid);
      expect(gridDiff).toBeLessThanOrEqual(TOLERANCE.rawGrid);

      const detections = await detector.detect(image);
      expect(detections.length).toBe(expected.length);
      let scoreDiff = 0;
      let pixelDiff = 0;
      detections.forEach((detection, i) => {
        const theirs = faceApiBoxToPixels(expected[i].relativeBox, image, inputSize);
        const box = detection.box;
        scoreDiff = Math.max(scoreDiff, Math.abs(detection.score - expected[i].score));
        pixelDiff = Math.max(pixelDiff, Math.abs(box.x - theirs.x0), Math.abs(box.y - theirs.y0), Math.abs(box.x + box.width - theirs.x1), Math.abs(box.y + box.height - theirs.y1));
      });
      expect(scoreDiff).toBeLessThanOrEqual(TOLERANCE.score);
      expect(pixelDiff).toBeLessThanOrEqual(TOLERANCE.pixels);
      figures.push(`${basename(path)} @${inputSize}: ${detections.length} faces; raw grid ${gridDiff.toExponential(2)}, scores ${scoreDiff.toExponential(2)}, box edges ${pixelDiff.toExponential(2)} px`);
    });
  }
});
