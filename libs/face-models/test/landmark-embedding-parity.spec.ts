import { basename } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cosineSimilarity, crop, pixelRect, squareRect, type RgbImage } from '@citizen-zero/face-models';
import { loadFaceApiModels, type FaceApiModels, type OnnxFaceEmbedder, type OnnxLandmark68Model } from '@citizen-zero/face-models/onnx';
import { decodeImage } from '@citizen-zero/face-models/sharp';
import { fixtureImages, loadFaceApiReference, type FaceApiReference } from './support/face-api-reference';
import { modelsDir } from './support/models';

/**
 * The converted 68-point landmark and recognition nets against face-api's FaceLandmark68Net and
 * FaceRecognitionNet on tfjs (CPU), on every face the converted detector finds in the six demo
 * photos: square crops around each face (no padding, so both sides map landmarks identically),
 * and for the descriptor also the detector's own, non-square, box of the best face in each photo.
 */
const TOLERANCE = {
  /** Landmark coordinates relative to the crop's width and height. */
  landmarks: 1e-3,
  /** Cosine between the ONNX and tfjs descriptors. */
  cosine: 0.99999,
};

describe('68-point landmarks and 128-d descriptor: ONNX vs face-api on tfjs', () => {
  let reference: FaceApiReference;
  let models: FaceApiModels;
  const figures: string[] = [];
  let worstLandmark = 0;
  let worstCosine = 1;
  let faces = 0;

  beforeAll(async () => {
    [reference, models] = await Promise.all([loadFaceApiReference(), loadFaceApiModels({ modelsDir })]);
  });
  afterAll(async () => {
    await models?.release();
    console.log(`landmark / descriptor parity over ${faces} faces: worst landmark |Δ| ${worstLandmark.toExponential(2)} (relative), worst cosine 1 − ${(1 - worstCosine).toExponential(2)}\n  ${figures.join('\n  ')}`);
  });

  const toTensor = (face: RgbImage) => reference.tf.tensor3d(Int32Array.from(face.data), [face.height, face.width, 3], 'int32');

  for (const path of fixtureImages) {
    it(`${basename(path)}: every detected face`, async () => {
      const image = await decodeImage(path);
      const detections = await models.detector.detect(image);
      expect(detections.length).toBeGreaterThan(0);
      let landmarkDiff = 0;
      let minCosine = 1;
      for (const detection of detections) {
        const square = squareRect(detection.box, image);
        const face = crop(image, square);
        const tensor = toTensor(face);
        const theirs = await reference.landmarks.detectLandmarks(tensor);
        const ours = await (models.landmarks as OnnxLandmark68Model).locate(face);
        expect(ours).toHaveLength(68);
        theirs.relativePositions.forEach((point: { x: number; y: number }, i: number) => {
          landmarkDiff = Math.max(landmarkDiff, Math.abs(ours[i]!.x / face.width - point.x), Math.abs(ours[i]!.y / face.height - point.y));
        });

        const embedder = models.embedder as OnnxFaceEmbedder;
        const descriptor = await reference.recognition.computeFaceDescriptor(tensor);
        minCosine = Math.min(minCosine, cosineSimilarity(await embedder.raw(face), descriptor));
        tensor.dispose();

        if (detection === detections[0]) {
          // The detector's own box: not square, so the recognition input is padded (once per photo, for time).
          const box = crop(image, pixelRect(detection.box, image));
          const boxTensor = toTensor(box);
          minCosine = Math.min(minCosine, cosineSimilarity(await embedder.raw(box), await reference.recognition.computeFaceDescriptor(boxTensor)));
          boxTensor.dispose();
        }
      }
      expect(landmarkDiff).toBeLessThanOrEqual(TOLERANCE.landmarks);
      expect(minCosine).toBeGreaterThanOrEqual(TOLERANCE.cosine);
      faces += detections.length;
      worstLandmark = Math.max(worstLandmark, landmarkDiff);
      worstCosine = Math.min(worstCosine, minCosine);
      figures.push(`${basename(path)}: ${detections.length} faces, landmarks ${landmarkDiff.toExponential(2)}, min cosine 1 − ${(1 - minCosine).toExponential(2)}`);
    });
  }
});
