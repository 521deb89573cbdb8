import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { generateTd1, generateTd3, parseMrz, parseTd1, parseTd3, transliterateIdentifier, type Sex, type Td1Input, type Td3Input } from '@citizen-zero/travel-documents';

/**
 * Property: whatever valid data goes in, the generated MRZ has the format's shape, parses back with
 * every check digit valid and the same data (in MRZ form), and generating again from the parsed data
 * gives the same lines — also when the name had to be truncated.
 */
const LETTERS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyzÄÅÆÖØÜÞßéèñçłđœĳ';
const letter = fc.constantFrom(...LETTERS);
const component = fc.array(letter, { minLength: 1, maxLength: 14 }).map((letters) => letters.join(''));
const identifier = fc.tuple(fc.array(component, { minLength: 1, maxLength: 4 }), fc.constantFrom(' ', '-', ' ', "'")).map(([parts, separator]) => parts.join(separator));
const code = fc.stringMatching(/^[A-Z]{1,3}$/);
const alnum = (max: number, min = 0): fc.Arbitrary<string> => fc.array(fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789'), { minLength: min, maxLength: max }).map((chars) => chars.join(''));
const isoDate = fc.date({ min: new Date('1900-01-01T00:00:00Z'), max: new Date('2099-12-31T00:00:00Z'), noInvalidDate: true }).map((date) => date.toISOString().slice(0, 10));
const birthDate = fc.oneof({ weight: 8, arbitrary: isoDate }, { weight: 1, arbitrary: isoDate.map((date) => date.slice(0, 7)) }, { weight: 1, arbitrary: isoDate.map((date) => date.slice(0, 4)) });
const sex = fc.constantFrom<Sex>('M', 'F', 'X');

const common = fc.record({
  issuingState: code,
  nationality: code,
  primaryIdentifier: identifier,
  secondaryIdentifier: fc.option(identifier, { nil: undefined }),
  dateOfBirth: birthDate,
  sex,
  dateOfExpiry: isoDate,
});

const td3Input: fc.Arbitrary<Td3Input> = fc
  .tuple(common, alnum(9, 1), alnum(14), fc.constantFrom('PP', 'PD', 'PO', 'P<', 'PE'))
  .map(([base, documentNumber, personalNumber, documentCode]) => ({ ...withoutUndefined(base), documentNumber, personalNumber, documentCode }));

const td1Input: fc.Arbitrary<Td1Input> = fc
  .tuple(common, alnum(22, 1), alnum(15), alnum(11), fc.constantFrom('I<', 'ID', 'A<', 'C<', 'IR'))
  .map(([base, documentNumber, optional1, optionalData2, documentCode]) => {
    const room = documentNumber.length > 9 ? 15 - (documentNumber.length - 9) - 2 : 15;
    return { ...withoutUndefined(base), documentNumber, optionalData1: optional1.slice(0, Math.max(0, room)), optionalData2, documentCode };
  });

function withoutUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, item]) => item !== undefined)) as T;
}

const mrzDate = (date: string): string => `${date.slice(2, 4)}${date.slice(5, 7) || '<<'}${date.slice(8, 10) || '<<'}`;
const words = (name: string | undefined): string => (name === undefined ? '' : transliterateIdentifier(name).replace(/</g, ' '));

describe('MRZ generate → parse round trip (fast-check)', () => {
  it('TD3', () => {
    fc.assert(
      fc.property(td3Input, (input) => {
        const lines = generateTd3(input);
        expect(lines.map((line) => line.length)).toEqual([44, 44]);
        expect(lines.join('')).toMatch(/^[A-Z0-9<]+$/);
        const parsed = parseTd3(lines);
        expect(parsed.valid).toBe(true);
        expect(parsed).toMatchObject({
          documentCode: input.documentCode!.replace('<', ''),
          issuingState: input.issuingState,
          nationality: input.nationality,
          documentNumber: input.documentNumber,
          personalNumber: input.personalNumber,
          dateOfBirth: mrzDate(input.dateOfBirth),
          dateOfExpiry: mrzDate(input.dateOfExpiry),
          sex: input.sex,
        });
        const fullName = [words(input.primaryIdentifier), words(input.secondaryIdentifier)];
        const fits = transliterateIdentifier(input.primaryIdentifier).length + (input.secondaryIdentifier ? 2 + transliterateIdentifier(input.secondaryIdentifier).length : 0) <= 39;
        if (fits) expect([parsed.primaryIdentifier, parsed.secondaryIdentifier]).toEqual(fullName);
        // A truncated name ends on a letter (Part 4 §4.2.3), unless every component left is a single letter.
        else if (!/^(?:[A-Z] )*[A-Z]$/.test(parsed.secondaryIdentifier || parsed.primaryIdentifier)) expect(parsed.nameMayBeTruncated).toBe(true);
        expect(generateTd3({ ...parsed, documentCode: lines[0].slice(0, 2) })).toEqual(lines);
      }),
      { numRuns: 400 },
    );
  });

  it('TD1, including long document numbers', () => {
    fc.assert(
      fc.property(td1Input, (input) => {
        const lines = generateTd1(input);
        expect(lines.map((line) => line.length)).toEqual([30, 30, 30]);
        const parsed = parseMrz(lines.join('\n'));
        expect(parsed.format).toBe('TD1');
        const td1 = parseTd1(lines);
        expect(td1.valid).toBe(true);
        expect(td1).toMatchObject({
          documentNumber: input.documentNumber,
          optionalData1: input.optionalData1,
          optionalData2: input.optionalData2,
          dateOfBirth: mrzDate(input.dateOfBirth),
          dateOfExpiry: mrzDate(input.dateOfExpiry),
          sex: input.sex,
        });
        expect(generateTd1({ ...td1, documentCode: lines[0].slice(0, 2) })).toEqual(lines);
      }),
      { numRuns: 400 },
    );
  });

  it('any single substituted digit in a date or in a numeric document number is caught by a check digit', () => {
    const numericPassport = td3Input.map((input) => ({ ...input, documentNumber: input.documentNumber.replace(/[A-Z]/g, '7') }));
    fc.assert(
      fc.property(numericPassport, fc.constantFrom(0, 1, 2, 3, 4, 5, 6, 7, 8, 13, 14, 15, 16, 17, 18, 21, 22, 23, 24, 25, 26), fc.integer({ min: 1, max: 9 }), (input, position, delta) => {
        const [upper, lower] = generateTd3(input);
        const original = lower[position]!;
        if (!/\d/.test(original)) return; // filler of a short number or unknown date part
        const changed = lower.slice(0, position) + String((Number(original) + delta) % 10) + lower.slice(position + 1);
        let parsed;
        try {
          parsed = parseTd3([upper, changed], { strict: false });
        } catch {
          return; // the new value is not a date at all (MRZ_INVALID_FIELD): also caught
        }
        expect(parsed.valid).toBe(false);
      }),
      { numRuns: 300 },
    );
  });
});
