import { describe, expect, it } from 'vitest';
import {
  calibrateScore,
  compare,
  compareRaw,
  convertMinutiaeRecord,
  DEFAULT_MCC_PARAMETERS,
  fitLogisticCalibration,
  fuseScores,
  generateFinger,
  generateImpression,
  MAX_LOG_LIKELIHOOD_RATIO,
  parseMinutiaeRecord,
  prepareTemplate,
  SCORE_CALIBRATION,
  type MinutiaeRecord,
} from '@citizen-zero/fingerprint';
import { createRawMatcher } from '../src/matcher/compare';
import { cylinderLayout } from '../src/matcher/mcc-parameters';
import { prepareTemplateWith } from '../src/matcher/prepare-template';
import { FINGERJET_ISO_RECORD } from './support/records';

const finger = generateFinger('matcher');
const other = generateFinger('matcher-other');
const impression = (source = finger, seed: string | number = 0, tier: 'easy' | 'medium' | 'hard' = 'medium'): MinutiaeRecord => generateImpression(source, seed, { parameters: tier }).record;

describe('prepareTemplate', () => {
  it('builds one bit cylinder per minutia with enough neighbours and valid cells (at most 44), sorted by direction', () => {
    const template = prepareTemplate(impression());
    expect(template.version).toBe('cz-mcc-bit-1');
    expect(template.cylinderCount).toBeGreaterThan(Math.min(0.7 * template.minutiaCount, DEFAULT_MCC_PARAMETERS.maxCylinders - 1));
    expect(template.cylinderCount).toBeLessThanOrEqual(Math.min(template.minutiaCount, DEFAULT_MCC_PARAMETERS.maxCylinders));
    expect([...template.directions]).toEqual([...template.directions].sort((a, b) => a - b));
    const layout = cylinderLayout(DEFAULT_MCC_PARAMETERS);
    expect(template.bits.length).toBe(template.cylinderCount * layout.words);
    expect(template.setBitStart[template.cylinderCount]).toBe(template.setBits.length);
    const average = template.setBits.length / template.cylinderCount;
    expect(average).toBeGreaterThan(4); // sparse but not empty: a few dozen of 260 bits
    expect(average).toBeLessThan(60);
    expect(template.descriptor.reduce((sum, value) => sum + value * value, 0)).toBeCloseTo(1, 5);
  });

  it('reads real-world records too (FingerJetFX OSE feature set: 68 minutiae, 44 cylinders kept)', () => {
    const template = prepareTemplate(parseMinutiaeRecord(FINGERJET_ISO_RECORD));
    expect(template.minutiaCount).toBe(68);
    expect(template.cylinderCount).toBe(DEFAULT_MCC_PARAMETERS.maxCylinders);
    expect(compareRaw(template, template)).toBeGreaterThan(0.5);
  });

  it('is the same template from the ISO and the ANSI form of a record, and from a 1000 dpi record', () => {
    const record = impression(finger, 'formats', 'easy');
    const probe = prepareTemplate(impression(finger, 'probe', 'easy'));
    const fromIso = compareRaw(probe, prepareTemplate(record));
    const fromAnsi = compareRaw(probe, prepareTemplate(convertMinutiaeRecord(record, 'ansi-378-2004')));
    expect(fromAnsi).toBeGreaterThan(0.8 * fromIso);
    // Twice the resolution: coordinates doubled, the matcher scales them back to 500 dpi.
    const doubled: MinutiaeRecord = {
      ...record,
      imageWidth: record.imageWidth * 2,
      imageHeight: record.imageHeight * 2,
      resolutionX: 394,
      resolutionY: 394,
      views: record.views.map((view) => ({ ...view, minutiae: view.minutiae.map((minutia) => ({ ...minutia, x: minutia.x * 2, y: minutia.y * 2 })) })),
    };
    expect(compareRaw(probe, prepareTemplate(doubled))).toBeCloseTo(fromIso, 1);
  });
});

describe('compare', () => {
  const a = prepareTemplate(impression(finger, 'a'));
  const b = prepareTemplate(impression(finger, 'b'));
  const c = prepareTemplate(impression(other, 'c'));

  it('scores mates far above non-mates, and a template highest against itself', () => {
    const self = compare(a, a);
    const mate = compare(a, b);
    const nonMate = compare(a, c);
    expect(self.raw).toBeGreaterThan(mate.raw);
    expect(mate.raw).toBeGreaterThan(5 * nonMate.raw);
    expect(mate.calibrated).toBeGreaterThan(0.99);
    expect(nonMate.calibrated).toBeLessThan(0.5);
    for (const score of [self, mate, nonMate]) {
      expect(score.raw).toBeGreaterThanOrEqual(0);
      expect(score.raw).toBeLessThanOrEqual(1);
      expect(score.calibrated).toBeGreaterThanOrEqual(0);
      expect(score.calibrated).toBeLessThanOrEqual(1);
    }
  });

  it('is close to symmetric and repeatable (no state leaks between comparisons)', () => {
    const first = compareRaw(a, b);
    compareRaw(c, a);
    expect(compareRaw(a, b)).toBe(first);
    expect(compareRaw(b, a)).toBeCloseTo(first, 1);
  });

  it('returns 0 for an empty template', () => {
    const empty = prepareTemplate({ ...impression(), views: [{ ...impression().views[0]!, minutiae: [] }] });
    expect(empty.cylinderCount).toBe(0);
    expect(compareRaw(a, empty)).toBe(0);
    expect(compare(empty, a).calibrated).toBeLessThan(0.01);
  });

  it('gives the same scores on the register fast path and the general bit-sliced path, for up to 96 cylinders', () => {
    // Without the 44-cylinder cap, templates of 33–96 cylinders take the two- and three-word register paths.
    const layout = cylinderLayout({ ...DEFAULT_MCC_PARAMETERS, maxCylinders: 255 });
    const fast = createRawMatcher(layout);
    const general = createRawMatcher(layout, { registerPlanes: false });
    const large = generateFinger('path-large', { minutiaCount: 110 });
    const templates = [
      ...[0, 1].map((seed) => prepareTemplateWith(layout, impression(finger, seed, 'easy'))),
      ...[0, 1].map((seed) => prepareTemplateWith(layout, impression(large, seed, 'easy'))),
      ...[1, 2].map((seed) => prepareTemplateWith(layout, impression(generateFinger(`path-${seed}`, { minutiaCount: 30 }), seed, 'hard'))),
    ];
    const counts = templates.map((template) => template.cylinderCount);
    expect(Math.max(...counts)).toBeGreaterThan(64);
    expect(Math.min(...counts)).toBeLessThan(32);
    for (const x of templates) for (const y of templates) expect(general(x, y)).toBe(fast(x, y));
  });
});

describe('calibration and fusion', () => {
  it('maps raw scores monotonically to log-likelihood ratios within ±18 and probabilities in [0, 1]', () => {
    const values = [0, 0.005, 0.01, 0.02, 0.05, 0.1, 0.3, 1].map((raw) => calibrateScore(raw));
    for (let index = 1; index < values.length; index++) expect(values[index]!.llr).toBeGreaterThanOrEqual(values[index - 1]!.llr);
    expect(values[0]!.llr).toBe(-MAX_LOG_LIKELIHOOD_RATIO);
    expect(values.at(-1)!.llr).toBe(MAX_LOG_LIKELIHOOD_RATIO);
    expect(SCORE_CALIBRATION.slope).toBeGreaterThan(0);
    // Even odds at the raw score where the fitted log-odds cross 0.
    const even = Math.exp(-SCORE_CALIBRATION.intercept / SCORE_CALIBRATION.slope) - SCORE_CALIBRATION.offset;
    expect(calibrateScore(even).calibrated).toBeCloseTo(0.5, 6);
  });

  it('fits a logistic calibration that recovers a known log-likelihood ratio', () => {
    // Scores whose log is N(0, 1) for impostors and N(2, 1) for mates: the LLR of ln s is 2·ln s − 2.
    const gaussian = (seed: number, mean: number): number[] => {
      let state = seed;
      const next = (): number => {
        state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
        return (state + 0.5) / 4294967296;
      };
      return Array.from({ length: 4000 }, () => Math.exp(mean + Math.sqrt(-2 * Math.log(next())) * Math.cos(2 * Math.PI * next())));
    };
    const fitted = fitLogisticCalibration(gaussian(7, 2), gaussian(11, 0), 0);
    expect(fitted.slope).toBeCloseTo(2, 0);
    expect(fitted.intercept).toBeCloseTo(-2, 0);
  });

  it('adds log-likelihood ratios of independent fingers (sum) or keeps the strongest (max)', () => {
    const scores = [calibrateScore(0.05), calibrateScore(0.02), calibrateScore(0.002)];
    const sum = fuseScores(scores);
    expect(sum.llr).toBeCloseTo(scores[0]!.llr + scores[1]!.llr + scores[2]!.llr, 10);
    expect(sum.fingers).toBe(3);
    expect(fuseScores(scores, 'max-llr').llr).toBe(scores[0]!.llr);
    expect(sum.calibrated).toBeCloseTo(1 / (1 + Math.exp(-sum.llr)), 12);
    // Two weak but agreeing fingers outweigh one alone.
    const weak = calibrateScore(0.03);
    expect(fuseScores([weak, weak]).llr).toBeCloseTo(2 * weak.llr, 10);
  });
});
