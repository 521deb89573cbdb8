import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isValidNationalIdNumber, nationalIdNumberFor, verhoeffCheckDigit } from '../src/persons/national-identification-number';

describe('national identification numbers (Verhoeff check digit)', () => {
  it('computes the published Verhoeff examples', () => {
    // Verhoeff (1969) as tabulated by Gallian: 236 → 3, 12345 → 1, 142857 → 0.
    expect(verhoeffCheckDigit('236')).toBe(3);
    expect(verhoeffCheckDigit('12345')).toBe(1);
    expect(verhoeffCheckDigit('142857')).toBe(0);
  });

  it('detects every single-digit error and every adjacent transposition', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 1n, max: 1_000_000_000n }), fc.integer({ min: 0, max: 9 }), fc.integer({ min: 1, max: 9 }), (sequence, position, delta) => {
        const nin = nationalIdNumberFor(sequence);
        expect(isValidNationalIdNumber(nin)).toBe(true);
        const digits = [...nin];
        const changed = [...digits];
        changed[position] = String((Number(digits[position]) + delta) % 10);
        expect(isValidNationalIdNumber(changed.join(''))).toBe(false);
        if (position < 9 && digits[position] !== digits[position + 1]) {
          const swapped = [...digits];
          [swapped[position], swapped[position + 1]] = [digits[position + 1]!, digits[position]!];
          expect(isValidNationalIdNumber(swapped.join(''))).toBe(false);
        }
      }),
    );
  });

  it('maps distinct sequence values to distinct, non-consecutive numbers', () => {
    const nins = Array.from({ length: 20_000 }, (_, index) => nationalIdNumberFor(BigInt(index + 1)));
    expect(new Set(nins).size).toBe(nins.length);
    expect(nins.slice(0, 5).map((nin) => Number(nin.slice(0, 9))).every((body, index, all) => index === 0 || Math.abs(body - all[index - 1]!) > 1000)).toBe(true);
    expect(() => nationalIdNumberFor(0n)).toThrow(RangeError);
    expect(isValidNationalIdNumber('12345')).toBe(false);
  });
});
