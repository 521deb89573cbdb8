import { describe, expect, it } from 'vitest';
import { FingerprintError, generateFinger, generateImpression, identify, prepareTemplate, type GalleryEntry } from '@citizen-zero/fingerprint';

const fingers = Array.from({ length: 60 }, (_, index) => generateFinger(`gallery-${index}`));
const gallery: GalleryEntry<string>[] = fingers.map((finger, index) => ({ id: `person-${index}`, template: prepareTemplate(generateImpression(finger, 'enrolment', { parameters: 'easy' }).record) }));

describe('1:N identification', () => {
  it('finds the mate first for probes of every enrolled finger, comparing only the pre-selected share', () => {
    let first = 0;
    for (const [index, finger] of fingers.entries()) {
      const probe = prepareTemplate(generateImpression(finger, 'probe', { parameters: 'easy' }).record);
      const candidates = identify(probe, gallery, { preselect: 0.25, candidates: 3 });
      expect(candidates.length).toBeLessThanOrEqual(3);
      if (candidates[0]?.id === `person-${index}`) first++;
      for (let rank = 1; rank < candidates.length; rank++) expect(candidates[rank]!.score.raw).toBeLessThanOrEqual(candidates[rank - 1]!.score.raw);
    }
    expect(first).toBeGreaterThanOrEqual(58);
  });

  it('returns nobody above the threshold for someone not enrolled', () => {
    const stranger = prepareTemplate(generateImpression(generateFinger('stranger'), 'probe', { parameters: 'easy' }).record);
    expect(identify(stranger, gallery, { minCalibrated: 0.99 })).toEqual([]);
    expect(identify(stranger, [], {})).toEqual([]);
  });

  it('compares with the whole gallery when asked to, and refuses nonsense options', () => {
    const probe = prepareTemplate(generateImpression(fingers[7]!, 'probe', { parameters: 'medium' }).record);
    const all = identify(probe, gallery, { preselect: 1, candidates: 60 });
    expect(all).toHaveLength(60);
    expect(all[0]!.id).toBe('person-7');
    expect(() => identify(probe, gallery, { preselect: 0 })).toThrowError(FingerprintError);
    expect(() => identify(probe, gallery, { candidates: 0 })).toThrowError(expect.objectContaining({ code: 'PARAMETER_INVALID' }));
  });
});
