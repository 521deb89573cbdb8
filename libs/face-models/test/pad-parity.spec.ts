import { basename } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { crop, FACE_MODEL_MANIFEST, PAD_CROP_SCALE, squareRect, type RgbImage } from '@citizen-zero/face-models';
import { loadPadModels, OnnxAntispoofModel, OnnxLivenessModel, OnnxSsdFaceDetector, type PadModels } from '@citizen-zero/face-models/onnx';
import { decodeImage } from '@citizen-zero/face-models/sharp';
import { fixtureImages, loadFaceApiReference } from './support/face-api-reference';
import { loadHumanGraphModel } from './support/human-models-reference';
import { maxAbsDiff, modelsDir } from './support/models';

/**
 * The converted human-models PAD nets against human's own: the vendored graph models loaded by
 * `tf.loadGraphModel` on @tensorflow/tfjs 4.22 (CPU), on a square crop (PAD_CROP_SCALE) around
 * every face the converted SSD finds in the six face-api demo photos. Checked: the network
 * input (our resize against `tf.image.resizeBilinear`, bit for bit), the raw outputs given the
 * same input, and the outputs against human's own order of operations (divide by 255, then
 * resize), all within 1e-5.
 */
const TOLERANCE = 1e-5;

interface Net {
  readonly name: 'antispoof' | 'liveness';
  readonly size: number;
  readonly ours: OnnxAntispoofModel | OnnxLivenessModel;
  readonly theirs: any;
  worst: number;
  worstHumanOrder: number;
  readonly scores: number[];
}

describe('human-models antispoof and liveness: ONNX vs human on tfjs', () => {
  let tf: any;
  let detector: OnnxSsdFaceDetector;
  let pad: PadModels;
  let nets: Net[];
  let faces = 0;

  beforeAll(async () => {
    const reference = await loadFaceApiReference();
    tf = reference.tf;
    const [antispoofTf, livenessTf, ssd, antispoof, liveness, models] = await Promise.all([
      loadHumanGraphModel(tf, 'antispoof'),
      loadHumanGraphModel(tf, 'liveness'),
      OnnxSsdFaceDetector.load(modelsDir, FACE_MODEL_MANIFEST),
      OnnxAntispoofModel.load(modelsDir),
      OnnxLivenessModel.load(modelsDir),
      loadPadModels({ modelsDir }),
    ]);
    detector = ssd;
    pad = models;
    nets = [
      { name: 'antispoof', size: 128, ours: antispoof, theirs: antispoofTf, worst: 0, worstHumanOrder: 0, scores: [] },
      { name: 'liveness', size: 32, ours: liveness, theirs: livenessTf, worst: 0, worstHumanOrder: 0, scores: [] },
    ];
  });
  afterAll(async () => {
    await Promise.all([detector?.release(), pad?.release(), ...(nets ?? []).map((net) => net.ours.release())]);
    const range = (values: number[]) => `${Math.min(...values).toFixed(4)}–${Math.max(...values).toFixed(4)}`;
    console.log(
      `PAD parity over ${faces} faces (max |Δ| of the outputs):\n  ${(nets ?? [])
        .map((net) => `${net.name}: ${net.worst.toExponential(2)} on the same input, ${net.worstHumanOrder.toExponential(2)} against human's order; bona fide scores ${range(net.scores)}`)
        .join('\n  ')}`,
    );
  });

  for (const path of fixtureImages) {
    it(`${basename(path)}: same input, same outputs, on every detected face`, async () => {
      const image: RgbImage = await decodeImage(path);
      const detections = await detector.detect(image);
      expect(detections.length).toBeGreaterThan(0);
      for (const detection of detections) {
        const face = crop(image, squareRect(detection.box, image, PAD_CROP_SCALE));
        const pixels = tf.tensor4d(Float32Array.from(face.data), [1, face.height, face.width, 3]);
        for (const net of nets) {
          const ours = await net.ours.infer(face);
          const resized = tf.image.resizeBilinear(pixels, [net.size, net.size], false);
          expect(maxAbsDiff(ours.input, resized.dataSync())).toBe(0);
          const scaled = tf.div(resized, 255);
          const same = net.theirs.execute(scaled);
          // human: tf.div(crop, 255) in facemeshutil, then resizeBilinear in antispoof.ts / liveness.ts.
          const humanInput = tf.image.resizeBilinear(tf.div(pixels, 255), [net.size, net.size], false);
          const humanOrder = net.theirs.execute(humanInput);
          const diff = maxAbsDiff(ours.output, same.dataSync());
          const diffHumanOrder = maxAbsDiff(ours.output, humanOrder.dataSync());
          tf.dispose([resized, scaled, same, humanInput, humanOrder]);
          expect(diff).toBeLessThanOrEqual(TOLERANCE);
          expect(diffHumanOrder).toBeLessThanOrEqual(TOLERANCE);
          net.worst = Math.max(net.worst, diff);
          net.worstHumanOrder = Math.max(net.worstHumanOrder, diffHumanOrder);
          const score = await net.ours.score(face);
          expect(score).toBe(ours.output[0]);
          net.scores.push(score);
        }
        // The loader's models are the same models.
        expect(await pad.antispoof.score(face)).toBe(nets[0]!.scores.at(-1));
        expect(await pad.liveness.score(face)).toBe(nets[1]!.scores.at(-1));
        tf.dispose(pixels);
      }
      faces += detections.length;
    });
  }
});
