/**
 * `npm run bench:fingerprint`: the fingerprint matcher of @citizen-zero/fingerprint on one core
 * (the npm script pins it with `taskset -c 0`): 1:1 comparisons per second on prepared templates,
 * template preparation time, the 1:N pre-filter, and the accuracy table per difficulty tier on
 * synthetic data. Prints markdown tables; see docs/benchmarks.md for recorded figures.
 *
 * Environment: BENCH_ROUND_MS (default 2000), BENCH_FINGERS / BENCH_IMPRESSIONS for the accuracy
 * table (default 100 × 8 per tier).
 */
import { cpus, totalmem } from 'node:os';
import {
  compare,
  DIFFICULTY_TIERS,
  descriptorSimilarity,
  evaluateAccuracy,
  generateFinger,
  generateImpression,
  identify,
  prepareTemplate,
  type FingerprintTemplate,
  type MinutiaeRecord,
} from '@citizen-zero/fingerprint';

const ROUND_MS = Number(process.env['BENCH_ROUND_MS'] ?? 2000);
const FINGERS = Number(process.env['BENCH_FINGERS'] ?? 100);
const IMPRESSIONS = Number(process.env['BENCH_IMPRESSIONS'] ?? 8);

/** Runs `batch` (which performs `size` operations) for a 1 s warm-up, then five rounds; the median rate in operations per second. */
function measure(batch: () => void, size: number): { perSecond: number; microseconds: number } {
  const warmup = performance.now() + 1000;
  while (performance.now() < warmup) batch();
  const rates: number[] = [];
  for (let round = 0; round < 5; round++) {
    let operations = 0;
    const start = performance.now();
    let now = start;
    while (now - start < ROUND_MS) {
      batch();
      operations += size;
      now = performance.now();
    }
    rates.push((operations * 1000) / (now - start));
  }
  rates.sort((a, b) => a - b);
  const perSecond = rates[2]!;
  return { perSecond, microseconds: 1e6 / perSecond };
}

const format = (value: number, digits = 0): string => value.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
const percent = (value: number): string => `${(value * 100).toFixed(2)} %`;
let sink = 0;

function run(): void {
  const cpu = cpus()[0];
  console.log(`# bench:fingerprint\n`);
  console.log(`Machine: ${cpu?.model ?? 'unknown CPU'}, ${cpus().length} logical CPUs (1 used), ${(totalmem() / 2 ** 30).toFixed(0)} GiB RAM, Node ${process.version}, ${process.platform}/${process.arch}\n`);

  // Speed: medium-tier templates of 100 fingers, two impressions each.
  const fingers = Array.from({ length: 100 }, (_, index) => generateFinger(`bench-speed-${index}`));
  const records: MinutiaeRecord[] = fingers.flatMap((finger) => [0, 1].map((seed) => generateImpression(finger, seed, { parameters: 'medium' }).record));
  const templates = records.map((record) => prepareTemplate(record));
  const minutiae = templates.reduce((sum, template) => sum + template.minutiaCount, 0) / templates.length;
  const cylinders = templates.reduce((sum, template) => sum + template.cylinderCount, 0) / templates.length;
  console.error(`measuring, ${ROUND_MS} ms rounds…`);

  let pairIndex = 0;
  const count = templates.length;
  const mateShare = Array.from({ length: count }, (_, index) => Math.floor(index / 2) === Math.floor(((index * 7 + 13) % count) / 2)).filter(Boolean).length / count;
  const mixed = measure(() => {
    for (let k = 0; k < 1000; k++) {
      const a = templates[pairIndex % count]!;
      const b = templates[(pairIndex * 7 + 13) % count]!;
      sink += compare(a, b).raw;
      pairIndex++;
    }
  }, 1000);
  let genuineIndex = 0;
  const genuine = measure(() => {
    for (let k = 0; k < 1000; k++) {
      const finger = genuineIndex % 100;
      sink += compare(templates[2 * finger]!, templates[2 * finger + 1]!).raw;
      genuineIndex++;
    }
  }, 1000);
  let recordIndex = 0;
  const prepare = measure(() => {
    for (let k = 0; k < 20; k++) sink += prepareTemplate(records[recordIndex++ % records.length]!).cylinderCount;
  }, 20);
  const descriptor = measure(() => {
    for (let k = 0; k < 10_000; k++) sink += descriptorSimilarity(templates[k % count]!.descriptor, templates[(k * 3 + 1) % count]!.descriptor);
  }, 10_000);

  // 1:N over a gallery of 1000 medium-tier templates (the 200 above and 800 more).
  const gallery: { id: number; template: FingerprintTemplate }[] = [
    ...templates.filter((_, index) => index % 2 === 0).map((template, index) => ({ id: index, template })),
    ...Array.from({ length: 900 }, (_, index) => ({ id: 100 + index, template: prepareTemplate(generateImpression(generateFinger(`bench-gallery-${index}`), 0, { parameters: 'medium' }).record) })),
  ];
  let probeIndex = 0;
  const identifyDefault = measure(() => {
    sink += identify(templates[2 * (probeIndex++ % 100) + 1]!, gallery).length;
  }, 1);
  const identifyAll = measure(() => {
    sink += identify(templates[2 * (probeIndex++ % 100) + 1]!, gallery, { preselect: 1 }).length;
  }, 1);

  console.log(`## Speed (one core)\n`);
  console.log(`Templates: medium tier, ${minutiae.toFixed(1)} minutiae and ${cylinders.toFixed(1)} valid cylinders on average.\n`);
  console.log('| operation | rate | time per operation | goal |');
  console.log('| --- | --- | --- | --- |');
  console.log(`| 1:1 \`compare\`, mixed pairs (${percent(1 - mateShare)} non-mates, as in a gallery) | ${format(mixed.perSecond)} /s | ${mixed.microseconds.toFixed(1)} µs | ≥ 50 000 /s |`);
  console.log(`| 1:1 \`compare\`, mated pairs only | ${format(genuine.perSecond)} /s | ${genuine.microseconds.toFixed(1)} µs | |`);
  console.log(`| \`prepareTemplate\` | ${format(prepare.perSecond)} /s | ${(prepare.microseconds / 1000).toFixed(2)} ms | |`);
  console.log(`| pre-filter descriptor similarity | ${format(descriptor.perSecond)} /s | ${(descriptor.microseconds * 1000).toFixed(0)} ns | |`);
  console.log(`| 1:N \`identify\`, gallery of 1000, default pre-selection (20 %) | ${format(identifyDefault.perSecond, 1)} /s | ${(identifyDefault.microseconds / 1000).toFixed(2)} ms | |`);
  console.log(`| 1:N \`identify\`, gallery of 1000, exhaustive | ${format(identifyAll.perSecond, 1)} /s | ${(identifyAll.microseconds / 1000).toFixed(2)} ms | |`);

  // Accuracy.
  console.error(`accuracy: ${FINGERS} fingers × ${IMPRESSIONS} impressions per tier…`);
  const started = performance.now();
  const accuracy = evaluateAccuracy({ fingers: FINGERS, impressions: IMPRESSIONS, seed: 'bench-accuracy' });
  const seconds = (performance.now() - started) / 1000;
  console.log(`\n## Accuracy (synthetic data, seed "bench-accuracy", ${FINGERS} fingers × ${IMPRESSIONS} impressions per tier, ${seconds.toFixed(0)} s)\n`);
  console.log('| tier | genuine / impostor comparisons | EER | FNMR at FMR ≤ 10⁻³ | mean raw score, mates / non-mates |');
  console.log('| --- | --- | --- | --- | --- |');
  for (const tier of accuracy) {
    console.log(`| ${tier.tier} | ${format(tier.genuineComparisons)} / ${format(tier.impostorComparisons)} | ${percent(tier.eer)} | ${percent(tier.fnmrAtTargetFmr)} | ${tier.meanGenuineScore.toFixed(3)} / ${tier.meanImpostorScore.toFixed(4)} |`);
  }

  // The 1:N pre-filter per tier: a gallery of 200 fingers, one probe each.
  console.log(`\n## 1:N pre-filter (gallery of 200, one probe per finger)\n`);
  console.log('| tier | mate within the default pre-selection (top 20 %) | mate ranked first by `identify` | mate ranked first, exhaustive |');
  console.log('| --- | --- | --- | --- |');
  for (const tier of DIFFICULTY_TIERS) {
    const tierFingers = Array.from({ length: 200 }, (_, index) => generateFinger(`bench-prefilter-${index}`));
    const tierGallery = tierFingers.map((finger, index) => ({ id: index, template: prepareTemplate(generateImpression(finger, 'gallery', { parameters: tier }).record) }));
    let within = 0;
    let first = 0;
    let firstExhaustive = 0;
    tierFingers.forEach((finger, index) => {
      const probe = prepareTemplate(generateImpression(finger, 'probe', { parameters: tier }).record);
      const similarities = tierGallery.map((entry) => descriptorSimilarity(probe.descriptor, entry.template.descriptor));
      if (similarities.filter((value) => value > similarities[index]!).length < 40) within++;
      if (identify(probe, tierGallery, { candidates: 1 })[0]?.id === index) first++;
      if (identify(probe, tierGallery, { candidates: 1, preselect: 1 })[0]?.id === index) firstExhaustive++;
    });
    console.log(`| ${tier} | ${percent(within / 200)} | ${percent(first / 200)} | ${percent(firstExhaustive / 200)} |`);
  }
  if (sink === 42) console.error('');
}

run();
