/**
 * `npm run eval:pad`: the passive PAD baseline's error rates in ISO/IEC 30107-3 terms (clause 13)
 * on a synthetic attack set: every fixture face (face-api's demo photos, see face-fixtures.ts, and
 * four augmented captures of each) as a bona fide presentation, and the same pictures transformed
 * into attack presentations of three species — a print, a screen replay (moiré, gamma, glare) and
 * a print with the eyes cut out (libs/face-analysis/src/synthetic-attacks.ts).
 *
 * The fusion weights the service ships (presentation-attack-fusion.ts) are fitted here — a
 * class-balanced logistic regression on the pictures of demo photos 1–3 — and every figure is
 * reported on photos 4–6, which the fit never saw. Attack pictures in which no face is found are
 * counted apart (the service refuses them before PAD: FACE_NOT_FOUND).
 *
 * The attacks are simulations of what real instruments do to a picture, not real instruments:
 * the figures say how well the baseline separates these transforms, nothing about certified PAD
 * performance.
 */
import { parseArgs } from 'node:util';
import sharp from 'sharp';
import { bpcerAtApcer, cutoutPrintAttack, DEFAULT_PRESENTATION_ATTACK_FUSION, fusePresentationAttackScore, PRESENTATION_ATTACK_CUE_NAMES, type PresentationAttackCues, type PresentationAttackFusionWeights, presentationAttackErrorRates, printAttack, type RgbImage, screenReplayAttack } from '@citizen-zero/face-analysis';
import { decodeImage } from '@citizen-zero/face-models/sharp';
import { PRESENTATION_ATTACK_FUSION } from '../src/face/presentation-attack-fusion';
import { loadEvaluationEngine } from './evaluation-engine';
import { augment, faceFixtures } from './face-fixtures';

const MODELS = ['human/antispoof@3.0.4+onnx.1', 'human/liveness@3.0.4+onnx.1'];
const SPECIES = ['print', 'screen-replay', 'cutout-print'] as const;

interface Presentation {
  readonly photo: number;
  readonly species: 'bona fide' | (typeof SPECIES)[number];
  /** Cue values and model scores; undefined when no face was found. */
  readonly components?: Readonly<Record<string, number>>;
}

async function encode(image: RgbImage): Promise<Buffer> {
  return sharp(Buffer.from(Uint8Array.from(image.data, (value) => Math.max(0, Math.min(255, Math.round(value))))), { raw: { width: image.width, height: image.height, channels: 3 } }).jpeg({ quality: 90 }).toBuffer();
}

async function presentations(): Promise<Presentation[]> {
  const engine = await loadEvaluationEngine();
  const collected: Presentation[] = [];
  const assess = async (photo: number, species: Presentation['species'], jpeg: Buffer) => {
    try {
      collected.push({ photo, species, components: (await engine.assessLiveness(jpeg)).liveness.components });
    } catch {
      collected.push({ photo, species });
    }
  };
  for (const [index, fixture] of (await faceFixtures()).entries()) {
    await assess(fixture.photo, 'bona fide', fixture.jpeg);
    for (const variant of [0, 1, 2, 3] as const) await assess(fixture.photo, 'bona fide', await augment(fixture.jpeg, variant));
    const image = await decodeImage(fixture.jpeg);
    const box = (await engine.assessQuality(fixture.jpeg, 'verification')).face!.box;
    const eyes = [0.3, 0.7].map((x) => ({ centre: { x: box.x + box.width * x, y: box.y + box.height * 0.4 }, radius: box.width * 0.08 }));
    for (const seed of [1, 2]) {
      await assess(fixture.photo, 'print', await encode(printAttack(image, `${index}:${seed}`)));
      await assess(fixture.photo, 'screen-replay', await encode(screenReplayAttack(image, `${index}:${seed}`)));
      await assess(fixture.photo, 'cutout-print', await encode(cutoutPrintAttack(image, `${index}:${seed}`, eyes)));
    }
  }
  await engine.onApplicationShutdown();
  return collected;
}

const clampedLogit = (p: number) => {
  const q = Math.min(1 - 1e-6, Math.max(1e-6, p));
  return Math.log(q / (1 - q));
};

/** The fusion's features: 1, the mean model logit, each cue standardised by the fusion's centre and scale. */
function features(components: Readonly<Record<string, number>>, models: readonly string[], base: PresentationAttackFusionWeights): number[] {
  const model = models.length > 0 ? models.reduce((sum, name) => sum + clampedLogit(components[name]!), 0) / models.length : 0;
  return [1, model, ...PRESENTATION_ATTACK_CUE_NAMES.map((name) => (components[name] === undefined ? 0 : (components[name]! - base.cues[name].centre) / base.cues[name].scale))];
}

/** Class-balanced, L2-penalised logistic regression (Newton with step halving): bias, model weight, cue weights. */
function fit(samples: readonly { x: number[]; y: number }[], useModels: boolean): PresentationAttackFusionWeights {
  const base = DEFAULT_PRESENTATION_ATTACK_FUSION;
  const positives = samples.filter((sample) => sample.y === 1).length;
  const weightOf = (y: number) => 0.5 / (y === 1 ? positives : samples.length - positives);
  const size = samples[0]!.x.length;
  const lambda = 1e-3;
  const active = (index: number) => index !== 1 || useModels;
  let beta = new Array<number>(size).fill(0);
  const loss = (b: number[]) =>
    samples.reduce((sum, { x, y }) => {
      const z = x.reduce((acc, value, index) => acc + (active(index) ? b[index]! * value : 0), 0);
      return sum + weightOf(y) * (Math.max(z, 0) - z * y + Math.log1p(Math.exp(-Math.abs(z))));
    }, 0) + (lambda / 2) * b.slice(1).reduce((acc, value) => acc + value * value, 0);
  let current = loss(beta);
  for (let iteration = 0; iteration < 100; iteration++) {
    const gradient = beta.map((value, index) => (index > 0 ? lambda * value : 0));
    const hessian = Array.from({ length: size }, (_, i) => Array.from({ length: size }, (_, j) => (i === j ? (i > 0 ? lambda : 1e-9) : 0)));
    for (const { x, y } of samples) {
      const z = x.reduce((acc, value, index) => acc + (active(index) ? beta[index]! * value : 0), 0);
      const p = 1 / (1 + Math.exp(-z));
      const w = weightOf(y);
      for (let i = 0; i < size; i++) {
        if (!active(i)) continue;
        gradient[i]! += w * (p - y) * x[i]!;
        for (let j = 0; j < size; j++) if (active(j)) hessian[i]![j]! += w * p * (1 - p) * x[i]! * x[j]!;
      }
    }
    let step = solve(hessian, gradient);
    let next = beta.map((value, index) => value - step[index]!);
    let nextLoss = loss(next);
    for (let halving = 0; halving < 30 && !(nextLoss < current); halving++) {
      step = step.map((value) => value / 2);
      next = beta.map((value, index) => value - step[index]!);
      nextLoss = loss(next);
    }
    if (!(nextLoss < current)) break;
    const improvement = current - nextLoss;
    beta = next;
    current = nextLoss;
    if (improvement < 1e-10) break;
  }
  return {
    bias: beta[0]!,
    model: useModels ? beta[1]! : 0,
    cues: Object.fromEntries(PRESENTATION_ATTACK_CUE_NAMES.map((name, index) => [name, { ...base.cues[name], weight: beta[index + 2]! }])) as PresentationAttackFusionWeights['cues'],
    threshold: 0.5,
  };
}

/** Gaussian elimination with partial pivoting. */
function solve(matrix: number[][], vector: number[]): number[] {
  const n = vector.length;
  const a = matrix.map((row, index) => [...row, vector[index]!]);
  for (let column = 0; column < n; column++) {
    let pivot = column;
    for (let row = column + 1; row < n; row++) if (Math.abs(a[row]![column]!) > Math.abs(a[pivot]![column]!)) pivot = row;
    [a[column], a[pivot]] = [a[pivot]!, a[column]!];
    for (let row = column + 1; row < n; row++) {
      const factor = a[row]![column]! / a[column]![column]!;
      for (let k = column; k <= n; k++) a[row]![k]! -= factor * a[column]![k]!;
    }
  }
  const x = new Array<number>(n).fill(0);
  for (let row = n - 1; row >= 0; row--) {
    let sum = a[row]![n]!;
    for (let k = row + 1; k < n; k++) sum -= a[row]![k]! * x[k]!;
    x[row] = sum / a[row]![row]!;
  }
  return x;
}

function report(name: string, held: readonly Presentation[], weights: PresentationAttackFusionWeights, models: readonly string[]): string {
  const score = (components: Readonly<Record<string, number>>) => fusePresentationAttackScore({ modelScores: models.map((model) => components[model]!), cues: components as unknown as PresentationAttackCues }, weights).bonaFideScore;
  const scored = held.filter((presentation) => presentation.components);
  const scores = {
    bonaFide: scored.filter((presentation) => presentation.species === 'bona fide').map((presentation) => score(presentation.components!)),
    attacks: Object.fromEntries(SPECIES.map((species) => [species, scored.filter((presentation) => presentation.species === species).map((presentation) => score(presentation.components!))])),
  };
  const at = presentationAttackErrorRates(scores, weights.threshold);
  const bpcer20 = bpcerAtApcer(scores, 0.05);
  const percent = (value: number) => `${(value * 100).toFixed(1)} %`;
  return `| ${name} | ${SPECIES.map((species) => percent(at.apcer[species]!)).join(' | ')} | ${percent(at.apcerMax)} | ${percent(at.bpcer)} | ${percent(bpcer20.bpcer)}${bpcer20.resolved ? '' : ' ¹'} |`;
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { 'print-weights': { type: 'boolean', default: false } }, strict: true });
  const all = await presentations();
  const development = all.filter((presentation) => presentation.photo <= 3 && presentation.components);
  const held = all.filter((presentation) => presentation.photo > 3);
  const label = (presentation: Presentation) => (presentation.species === 'bona fide' ? 1 : 0);
  const fitted = fit(development.map((presentation) => ({ x: features(presentation.components!, MODELS, DEFAULT_PRESENTATION_ATTACK_FUSION), y: label(presentation) })), true);
  const fittedCuesOnly = fit(development.map((presentation) => ({ x: features(presentation.components!, [], DEFAULT_PRESENTATION_ATTACK_FUSION), y: label(presentation) })), false);
  const modelsOnly: PresentationAttackFusionWeights = { ...DEFAULT_PRESENTATION_ATTACK_FUSION, bias: 0, model: 1, cues: Object.fromEntries(PRESENTATION_ATTACK_CUE_NAMES.map((name) => [name, { ...DEFAULT_PRESENTATION_ATTACK_FUSION.cues[name], weight: 0 }])) as PresentationAttackFusionWeights['cues'] };

  const count = (set: readonly Presentation[], species: string) => set.filter((presentation) => presentation.species === species && presentation.components).length;
  const notFound = held.filter((presentation) => !presentation.components);
  console.log(`held-out set (demo photos 4–6): ${count(held, 'bona fide')} bona fide, ${SPECIES.map((species) => `${count(held, species)} ${species}`).join(', ')} attack presentations; ${notFound.length} attack pictures with no face found (refused before PAD: ${SPECIES.map((species) => `${notFound.filter((presentation) => presentation.species === species).length} ${species}`).join(', ')}); fit on ${development.length} presentations of photos 1–3\n`);
  console.log('| fusion (threshold 0.5) | APCER print | APCER screen replay | APCER cutout print | APCER max | BPCER | BPCER20 |');
  console.log('| --- | ---: | ---: | ---: | ---: | ---: | ---: |');
  console.log(report('shipped: cues + both models, fitted weights (presentation-attack-fusion.ts)', held, PRESENTATION_ATTACK_FUSION, MODELS));
  console.log(report('refitted now: cues + both models', held, fitted, MODELS));
  console.log(report('refitted now: image cues only', held, fittedCuesOnly, []));
  console.log(report('both models only (mean logit)', held, modelsOnly, MODELS));
  console.log(report('hand-set weights of libs/face-analysis (cues + both models)', held, DEFAULT_PRESENTATION_ATTACK_FUSION, MODELS));
  console.log(`\n¹ fewer than 20 presentations of a species: APCER 5 % cannot be resolved; BPCER at APCER 0 is shown.`);
  if (values['print-weights']) console.log(`\nfitted weights (cues + both models):\n${JSON.stringify(fitted, null, 2)}`);
}

void main();
