/**
 * Latency probe (not a test): detect + landmarks + embed on one 640-px picture, converted models
 * on onnxruntime-node with one intra-op thread vs the original face-api nets on tfjs (pure
 * JavaScript CPU backend, single-threaded by nature). Prints per-stage medians.
 *
 *   npm run build:face-models && taskset -c 0 npx tsx libs/face-models/test/probe/latency-probe.ts
 *
 * Each run: detect all faces, then for the best one a square crop, 68 landmarks and the 128-d
 * descriptor (alignment is the biometric pipeline's step and is not timed here).
 */
import { loadavg } from 'node:os';
import { crop, FACE_MODEL_MANIFEST, squareRect, type FaceDetector, type RgbImage } from '@citizen-zero/face-models';
import { loadFaceApiModels, OnnxTinyFaceDetector } from '@citizen-zero/face-models/onnx';
import { decodeImage } from '@citizen-zero/face-models/sharp';
import { fixtureImages, loadFaceApiReference } from '../support/face-api-reference';
import { modelsDir } from '../support/models';

type Stages = { detect: number; landmarks: number; embed: number; total: number };

/** Wall and process CPU time (all threads) of one stage, in ms. */
async function timed<T>(fn: () => Promise<T>): Promise<{ value: T; wall: number; cpu: number }> {
  const cpu = process.cpuUsage();
  const start = performance.now();
  const value = await fn();
  const wall = performance.now() - start;
  const used = process.cpuUsage(cpu);
  return { value, wall, cpu: (used.user + used.system) / 1000 };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

async function measure(runs: number, warmup: number, once: () => Promise<{ wall: Omit<Stages, 'total'>; cpu: Omit<Stages, 'total'> }>): Promise<{ wall: Stages; cpu: Stages }> {
  for (let i = 0; i < warmup; i++) await once();
  const wall: Stages[] = [];
  const cpu: Stages[] = [];
  for (let i = 0; i < runs; i++) {
    const sample = await once();
    wall.push({ ...sample.wall, total: sample.wall.detect + sample.wall.landmarks + sample.wall.embed });
    cpu.push({ ...sample.cpu, total: sample.cpu.detect + sample.cpu.landmarks + sample.cpu.embed });
  }
  const summarise = (samples: Stages[]): Stages => ({
    detect: median(samples.map((s) => s.detect)),
    landmarks: median(samples.map((s) => s.landmarks)),
    embed: median(samples.map((s) => s.embed)),
    total: median(samples.map((s) => s.total)),
  });
  return { wall: summarise(wall), cpu: summarise(cpu) };
}

function rows(name: string, stages: { wall: Stages; cpu: Stages }, runs: number): string {
  const ms = (value: number) => value.toFixed(1).padStart(9);
  const line = (kind: string, x: Stages) => `${`${name}, ${kind}`.padEnd(52)}${ms(x.detect)}${ms(x.landmarks)}${ms(x.embed)}${ms(x.total)}`;
  return `${line('wall', stages.wall)}   (median of ${runs})\n${line('CPU', stages.cpu)}`;
}

async function main(): Promise<void> {
  const image: RgbImage = await decodeImage(fixtureImages[0]!, { maxSide: 640 });
  console.log(`picture: sample1.jpg at ${image.width}×${image.height}; load average ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);

  const onnx = await loadFaceApiModels({ modelsDir, threads: 1 });
  const tiny = await OnnxTinyFaceDetector.load(modelsDir, FACE_MODEL_MANIFEST, { threads: 1 });
  const onnxRun = (detector: FaceDetector) => async () => {
    const detected = await timed(() => detector.detect(image));
    const face = crop(image, squareRect(detected.value[0]!.box, image));
    const located = await timed(() => onnx.landmarks.locate(face));
    const embedded = await timed(() => onnx.embedder.embed(face));
    return { wall: { detect: detected.wall, landmarks: located.wall, embed: embedded.wall }, cpu: { detect: detected.cpu, landmarks: located.cpu, embed: embedded.cpu } };
  };

  const { tf, ssd, tiny: tfTiny, landmarks: tfLandmarks, recognition, faceapi } = await loadFaceApiReference();
  const tfRun = (detect: (tensor: unknown) => Promise<{ box: { x: number; y: number; width: number; height: number } }[]>) => async () => {
    const detected = await timed(async () => {
      const tensor = tf.tensor3d(Int32Array.from(image.data), [image.height, image.width, 3], 'int32');
      const found = await detect(tensor);
      tensor.dispose();
      return found;
    });
    const face = crop(image, squareRect(detected.value[0]!.box, image));
    const faceTensor = tf.tensor3d(Int32Array.from(face.data), [face.height, face.width, 3], 'int32');
    const located = await timed(() => tfLandmarks.detectLandmarks(faceTensor));
    const embedded = await timed(() => recognition.computeFaceDescriptor(faceTensor));
    faceTensor.dispose();
    return { wall: { detect: detected.wall, landmarks: located.wall, embed: embedded.wall }, cpu: { detect: detected.cpu, landmarks: located.cpu, embed: embedded.cpu } };
  };

  console.log(`${''.padEnd(52)}${'detect'.padStart(9)}${'lmk68'.padStart(9)}${'embed'.padStart(9)}${'total'.padStart(9)}   ms`);
  const onnxRuns = 50;
  console.log(rows('onnxruntime-node, 1 thread, SSD MobileNet v1', await measure(onnxRuns, 5, onnxRun(onnx.detector)), onnxRuns));
  console.log(rows('onnxruntime-node, 1 thread, tiny detector 416', await measure(onnxRuns, 5, onnxRun(tiny)), onnxRuns));
  const tfRuns = 3;
  console.log(rows('tfjs 4.22 CPU (JS), SSD MobileNet v1', await measure(tfRuns, 1, tfRun((tensor) => ssd.locateFaces(tensor, { minConfidence: 0.5 }))), tfRuns));
  console.log(rows('tfjs 4.22 CPU (JS), tiny detector 416', await measure(tfRuns, 1, tfRun((tensor) => tfTiny.locateFaces(tensor, new faceapi.TinyFaceDetectorOptions({ inputSize: 416 })))), tfRuns));
  await Promise.all([onnx.release(), tiny.release()]);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
