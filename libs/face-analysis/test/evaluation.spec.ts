import { describe, expect, it } from 'vitest';
import { bpcerAtApcer, detCurve, fnmrAtFmr, presentationAttackErrorRates, verificationEqualErrorRate, verificationErrorRates } from '@citizen-zero/face-analysis';
import { codeOf } from './support/assertions';

/*
 * Mated 0.9, 0.8, 0.7, 0.4; non-mated 0.1, 0.3, 0.5, 0.75. Accepting at score ≥ t, by hand:
 *   t:     0.1   0.3   0.4   0.5   0.7   0.75  0.8   0.9   ∞
 *   FMR:   1     3/4   1/2   1/2   1/4   1/4   0     0     0
 *   FNMR:  0     0     0     1/4   1/4   1/2   1/2   3/4   1
 */
const mated = [0.9, 0.8, 0.7, 0.4];
const nonMated = [0.1, 0.3, 0.5, 0.75];

describe('verification error rates (ISO/IEC 19795-1)', () => {
  it('FMR and FNMR at a threshold', () => {
    expect(verificationErrorRates(mated, nonMated, 0.6)).toEqual({ threshold: 0.6, fmr: 0.25, fnmr: 0.25 });
    expect(verificationErrorRates(mated, nonMated, 0.75)).toEqual({ threshold: 0.75, fmr: 0.25, fnmr: 0.5 });
    expect(verificationErrorRates(mated, nonMated, 0)).toEqual({ threshold: 0, fmr: 1, fnmr: 0 });
  });

  it('EER: min max(FMR, FNMR), at the lowest threshold reaching it', () => {
    expect(verificationEqualErrorRate(mated, nonMated)).toEqual({ eer: 0.25, threshold: 0.7, fmr: 0.25, fnmr: 0.25 });
  });

  it('FNMR at a target FMR, resolved only with enough non-mated scores', () => {
    expect(fnmrAtFmr(mated, nonMated, 0.25)).toEqual({ targetFmr: 0.25, threshold: 0.7, fmr: 0.25, fnmr: 0.25, resolved: true });
    expect(fnmrAtFmr(mated, nonMated, 0.1)).toEqual({ targetFmr: 0.1, threshold: 0.8, fmr: 0, fnmr: 0.5, resolved: false });
  });

  it('DET points: every distinct threshold, or a decimation keeping both ends', () => {
    const all = detCurve(mated, nonMated);
    expect(all.map((p) => p.threshold)).toEqual([0.1, 0.3, 0.4, 0.5, 0.7, 0.75, 0.8, 0.9, Infinity]);
    expect(all.map((p) => p.fmr)).toEqual([1, 0.75, 0.5, 0.5, 0.25, 0.25, 0, 0, 0]);
    expect(all.map((p) => p.fnmr)).toEqual([0, 0, 0, 0.25, 0.25, 0.5, 0.5, 0.75, 1]);
    const three = detCurve(mated, nonMated, 3);
    expect(three).toHaveLength(3);
    expect(three[0]).toEqual(all[0]);
    expect(three[2]).toEqual(all[8]);
  });
});

/*
 * Bona fide 0.9, 0.8, 0.6, 0.3; print 0.1, 0.2, 0.7, 0.35; screen 0.05, 0.5, 0.65, 0.85, 0.2.
 * At t = 0.5: APCER(print) = 1/4 (0.7), APCER(screen) = 3/5 (0.5, 0.65, 0.85), BPCER = 1/4 (0.3).
 */
const padScores = { bonaFide: [0.9, 0.8, 0.6, 0.3], attacks: { print: [0.1, 0.2, 0.7, 0.35], screen: [0.05, 0.5, 0.65, 0.85, 0.2] } };

describe('presentation attack detection metrics (ISO/IEC 30107-3)', () => {
  it('APCER per species, its maximum and BPCER at a threshold', () => {
    expect(presentationAttackErrorRates(padScores, 0.5)).toEqual({ threshold: 0.5, apcer: { print: 0.25, screen: 0.6 }, apcerMax: 0.6, worstSpecies: 'screen', bpcer: 0.25 });
    expect(presentationAttackErrorRates(padScores, 0.7)).toMatchObject({ apcer: { print: 0.25, screen: 0.2 }, apcerMax: 0.25, worstSpecies: 'print', bpcer: 0.5 });
  });

  it('BPCER at a fixed APCER: the lowest threshold where every species meets it', () => {
    // APCER ≤ 25 %: screen needs t > 0.65 → t = 0.7 (print 1/4, screen 1/5); bona fide 0.6 and 0.3 rejected.
    expect(bpcerAtApcer(padScores, 0.25)).toMatchObject({ threshold: 0.7, apcerMax: 0.25, bpcer: 0.5, resolved: true });
    // BPCER20 (APCER ≤ 5 %): no attack may pass → t = 0.9; 4 and 5 presentations cannot resolve 5 %.
    expect(bpcerAtApcer(padScores, 0.05)).toMatchObject({ threshold: 0.9, apcerMax: 0, bpcer: 0.75, resolved: false });
    expect(bpcerAtApcer(padScores, 1)).toMatchObject({ threshold: 0.05, bpcer: 0 });
  });

  it('refuses empty or non-finite scores and missing species', () => {
    expect(codeOf(() => presentationAttackErrorRates({ bonaFide: [0.5], attacks: {} }, 0.5))).toBe('FACE_EVALUATION_SCORES_INVALID');
    expect(codeOf(() => bpcerAtApcer({ bonaFide: [0.5], attacks: { print: [] } }, 0.05))).toBe('FACE_EVALUATION_SCORES_INVALID');
    expect(codeOf(() => verificationErrorRates([Number.NaN], [0.1], 0.5))).toBe('FACE_EVALUATION_SCORES_INVALID');
    expect(codeOf(() => fnmrAtFmr(mated, nonMated, 2))).toBe('FACE_ANALYSIS_PARAMETER_INVALID');
  });
});
