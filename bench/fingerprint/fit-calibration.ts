/**
 * `npx tsx bench/fingerprint/fit-calibration.ts`: fits the logistic calibration of the raw MCC
 * score (SCORE_CALIBRATION in libs/fingerprint/src/matcher/calibration.ts) on synthetic data —
 * 120 fingers × 6 impressions per tier, the three tiers pooled, every genuine and impostor pair —
 * and prints the constants to paste there. Deterministic (seed "calibration-2026").
 */
import { evaluateAccuracy, fitLogisticCalibration, calibrateScore } from '@citizen-zero/fingerprint';

const fingers = Number(process.env['CALIBRATION_FINGERS'] ?? 120);
const impressions = Number(process.env['CALIBRATION_IMPRESSIONS'] ?? 6);
const started = performance.now();
const tiers = evaluateAccuracy({ fingers, impressions, seed: 'calibration-2026', keepScores: true });
const genuine = tiers.flatMap((tier) => [...(tier.genuineScores ?? [])]);
const impostor = tiers.flatMap((tier) => [...(tier.impostorScores ?? [])]);
const calibration = fitLogisticCalibration(genuine, impostor);
console.log(`${genuine.length} genuine and ${impostor.length} impostor scores (${fingers} fingers × ${impressions} impressions × 3 tiers) in ${((performance.now() - started) / 1000).toFixed(1)} s`);
console.log(`SCORE_CALIBRATION = { slope: ${calibration.slope.toFixed(4)}, intercept: ${calibration.intercept.toFixed(4)}, offset: ${calibration.offset} }`);
// Reliability: per bin of predicted llr, the empirical log-likelihood ratio of the pooled scores.
const bins = new Map<number, { genuine: number; impostor: number }>();
for (const [scores, key] of [[genuine, 'genuine'], [impostor, 'impostor']] as const) {
  for (const raw of scores) {
    const bin = Math.max(-6, Math.min(6, Math.round(calibrateScore(raw, calibration).llr / 2)));
    const entry = bins.get(bin) ?? { genuine: 0, impostor: 0 };
    entry[key]++;
    bins.set(bin, entry);
  }
}
for (const [bin, { genuine: g, impostor: i }] of [...bins].sort((a, b) => a[0] - b[0])) {
  const empirical = g > 0 && i > 0 ? Math.log(g / genuine.length / (i / impostor.length)).toFixed(2) : '—';
  console.log(`  predicted llr ≈ ${bin * 2}: ${g} genuine, ${i} impostor, empirical llr ${empirical}`);
}
for (const tier of tiers) {
  const mean = (values: readonly number[]): number => values.reduce((sum, value) => sum + calibrateScore(value, calibration).llr, 0) / values.length;
  console.log(`${tier.tier}: EER ${(tier.eer * 100).toFixed(2)} %, mean llr genuine ${mean(tier.genuineScores ?? []).toFixed(2)}, impostor ${mean(tier.impostorScores ?? []).toFixed(2)}`);
}
