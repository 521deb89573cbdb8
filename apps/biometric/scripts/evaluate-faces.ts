/**
 * `npm run eval:face [-- --dir <LFW-layout folder>] [--max-impostor N] [--json out.json]`: the face
 * pipeline's accuracy on labelled pictures (ISO/IEC 19795-1 terms).
 *
 * - Without `--dir`: the built-in fixtures — faces cut from face-api's demo photos (faces in one
 *   photo are different people) and four augmented captures of each (light, rotation, scale and
 *   compression, blur and gamma). Weak: a few dozen people, and genuine pairs that are the same
 *   photo re-processed, not a second photo. Use it to see the pipeline works, not to claim accuracy.
 * - With `--dir`: any folder in the layout of Labeled Faces in the Wild — one sub-folder per person,
 *   pictures of that person inside. Genuine pairs: every pair within a person; impostor pairs: every
 *   pair across people, sampled deterministically down to `--max-impostor` (default 200 000).
 *
 * Prints failures to acquire, the FMR and FNMR at the configured threshold, the EER, FNMR at
 * FMR 10⁻² and 10⁻³, DET points, the count of impostor pairs accepted, and the logistic
 * calibration fitted on these scores (what face-score.ts holds for the shipped model).
 */
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { decimateCurve, equalErrorRate, errorRateCurve, errorRatesAt, operatingPointAtFalseAcceptRate } from '@citizen-zero/biometric-evaluation';
import { DEFAULT_FACE_THRESHOLDS } from '../src/config/biometric-config';
import { calibratedFaceScore, FACE_SCORE_CALIBRATIONS, fitFaceScoreCalibration } from '../src/face/face-score';
import { loadEvaluationEngine } from './evaluation-engine';
import { augment, faceFixtures } from './face-fixtures';

interface LabelledPicture {
  readonly label: string;
  readonly name: string;
  readonly bytes: Buffer;
}

async function fixturePictures(): Promise<LabelledPicture[]> {
  const pictures: LabelledPicture[] = [];
  for (const fixture of await faceFixtures()) {
    pictures.push({ label: fixture.id, name: `${fixture.id}/original`, bytes: fixture.jpeg });
    for (const variant of [0, 1, 2, 3] as const) pictures.push({ label: fixture.id, name: `${fixture.id}/augmented-${variant}`, bytes: await augment(fixture.jpeg, variant) });
  }
  return pictures;
}

function folderPictures(dir: string): LabelledPicture[] {
  const pictures: LabelledPicture[] = [];
  for (const person of readdirSync(dir).sort()) {
    const folder = join(dir, person);
    if (!statSync(folder).isDirectory()) continue;
    for (const file of readdirSync(folder).sort()) if (/\.(jpe?g|png|webp)$/i.test(file)) pictures.push({ label: person, name: `${person}/${file}`, bytes: readFileSync(join(folder, file)) });
  }
  return pictures;
}

function* pairs(count: number): Generator<[number, number]> {
  for (let i = 0; i < count; i++) for (let j = i + 1; j < count; j++) yield [i, j];
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { dir: { type: 'string' }, 'max-impostor': { type: 'string', default: '200000' }, json: { type: 'string' }, detector: { type: 'string', default: 'ssd-mobilenetv1' } }, strict: true });
  const engine = await loadEvaluationEngine({ detector: values.detector === 'tiny-face-detector' ? 'tiny-face-detector' : 'ssd-mobilenetv1', padModels: [] });
  const pictures = values.dir ? folderPictures(resolve(values.dir)) : await fixturePictures();
  const embedded: { label: string; embedding: Float32Array }[] = [];
  const failures: string[] = [];
  for (const picture of pictures) {
    try {
      embedded.push({ label: picture.label, embedding: (await engine.analyse(picture.bytes, 'verification')).embedding });
    } catch {
      failures.push(picture.name);
    }
  }
  await engine.onApplicationShutdown();

  const genuine: number[] = [];
  const impostor: number[] = [];
  const maxImpostor = Number(values['max-impostor']);
  const impostorTotal = embedded.reduce((sum, a, i) => sum + embedded.slice(i + 1).filter((b) => b.label !== a.label).length, 0);
  // A deterministic sample: every n-th impostor pair.
  const keepEvery = Math.max(1, Math.ceil(impostorTotal / maxImpostor));
  let impostorIndex = 0;
  for (const [i, j] of pairs(embedded.length)) {
    const a = embedded[i]!;
    const b = embedded[j]!;
    let cosine = 0;
    for (let k = 0; k < a.embedding.length; k++) cosine += a.embedding[k]! * b.embedding[k]!;
    if (a.label === b.label) genuine.push(cosine);
    else if (impostorIndex++ % keepEvery === 0) impostor.push(cosine);
  }

  const model = 'face-api/face-recognition@1.7.15+onnx.1';
  const threshold = DEFAULT_FACE_THRESHOLDS[model]!;
  const calibrated = (scores: number[]) => scores.map((cosine) => calibratedFaceScore(model, cosine));
  const curve = errorRateCurve(calibrated(genuine), calibrated(impostor));
  const atThreshold = errorRatesAt(calibrated(genuine), calibrated(impostor), threshold);
  const cosineCurve = errorRateCurve(genuine, impostor);
  const report = {
    source: values.dir ? resolve(values.dir) : 'built-in fixtures (face-api demo photos, augmented)',
    pictures: pictures.length,
    people: new Set(pictures.map((picture) => picture.label)).size,
    failuresToAcquire: failures.length,
    genuinePairs: genuine.length,
    impostorPairs: impostor.length,
    model,
    threshold,
    fmrAtThreshold: atThreshold.falseAcceptRate,
    fnmrAtThreshold: atThreshold.falseRejectRate,
    impostorPairsAccepted: calibrated(impostor).filter((score) => score >= threshold).length,
    eer: equalErrorRate(cosineCurve),
    fnmrAtFmr1e2: operatingPointAtFalseAcceptRate(cosineCurve, 1e-2),
    fnmrAtFmr1e3: operatingPointAtFalseAcceptRate(cosineCurve, 1e-3),
    cosine: { genuineMin: Math.min(...genuine), genuineMean: mean(genuine), impostorMean: mean(impostor), impostorMax: Math.max(...impostor) },
    calibrationInUse: FACE_SCORE_CALIBRATIONS[model],
    calibrationFitted: fitFaceScoreCalibration(genuine, impostor),
    detCalibrated: decimateCurve(curve, 12),
  };
  console.log(JSON.stringify(report, null, 2));
  if (values.json) writeFileSync(values.json, JSON.stringify({ ...report, failures }, null, 2));
}

function mean(values: readonly number[]): number {
  return values.reduce((sum, value) => sum + value, 0) / values.length;
}

void main();
