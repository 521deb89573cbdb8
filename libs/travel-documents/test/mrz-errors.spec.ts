import { describe, expect, it } from 'vitest';
import { generateTd1, generateTd3, parseMrz, parseTd1, parseTd3, resolveMrzDate, toMrzDate, TravelDocumentError, type TravelDocumentErrorCode } from '@citizen-zero/travel-documents';
import { TD1_SPECIMEN, TD3_SPECIMEN } from './support/specimens';

function codeOf(action: () => unknown): TravelDocumentErrorCode | undefined {
  try {
    action();
  } catch (error) {
    if (error instanceof TravelDocumentError) return error.code;
    throw error;
  }
  return undefined;
}

const replaceAt = (line: string, index: number, character: string): string => line.slice(0, index) + character + line.slice(index + 1);

const passport = {
  issuingState: 'UTO',
  primaryIdentifier: 'Eriksson',
  secondaryIdentifier: 'Anna Maria',
  documentNumber: 'L898902C3',
  nationality: 'UTO',
  dateOfBirth: '1974-08-12',
  sex: 'F',
  dateOfExpiry: '2031-04-15',
} as const;

describe('malformed MRZs fail with stable codes', () => {
  it('MRZ_INVALID_LENGTH: wrong line count or length, or an unknown shape', () => {
    expect(codeOf(() => parseTd3([TD3_SPECIMEN[0]]))).toBe('MRZ_INVALID_LENGTH');
    expect(codeOf(() => parseTd3([TD3_SPECIMEN[0], TD3_SPECIMEN[1].slice(1)]))).toBe('MRZ_INVALID_LENGTH');
    expect(codeOf(() => parseTd1(TD1_SPECIMEN.slice(0, 2)))).toBe('MRZ_INVALID_LENGTH');
    expect(codeOf(() => parseMrz('I<UTOSTEVENSON<<PETER<JOHN<<<<<<<<<<\nD23145890<UTO3407127M95071227349<<<8'))).toBe('MRZ_INVALID_LENGTH'); // TD2 is not supported
  });

  it('MRZ_INVALID_CHARACTER: lower case, spaces or punctuation in the zone', () => {
    expect(codeOf(() => parseTd3([TD3_SPECIMEN[0].toLowerCase(), TD3_SPECIMEN[1]]))).toBe('MRZ_INVALID_CHARACTER');
    expect(codeOf(() => parseTd1([replaceAt(TD1_SPECIMEN[0], 20, ' '), TD1_SPECIMEN[1], TD1_SPECIMEN[2]]))).toBe('MRZ_INVALID_CHARACTER');
  });

  it('MRZ_CHECK_DIGIT_MISMATCH in strict mode; reported per field otherwise', () => {
    const lower = replaceAt(TD3_SPECIMEN[1], 9, '7'); // passport number check digit 6 → 7
    expect(codeOf(() => parseTd3([TD3_SPECIMEN[0], lower]))).toBe('MRZ_CHECK_DIGIT_MISMATCH');
    const lenient = parseTd3([TD3_SPECIMEN[0], lower], { strict: false });
    expect(lenient.valid).toBe(false);
    expect(lenient.checkDigits.filter((check) => !check.valid).map((check) => check.field)).toEqual(['documentNumber', 'composite']);

    const middle = replaceAt(TD1_SPECIMEN[1], 3, '9'); // date of birth 740812 → 740912
    const td1 = parseTd1([TD1_SPECIMEN[0], middle, TD1_SPECIMEN[2]], { strict: false });
    expect(td1.checkDigits.filter((check) => !check.valid).map((check) => check.field)).toEqual(['dateOfBirth', 'composite']);
    expect(codeOf(() => parseTd1([TD1_SPECIMEN[0], middle, TD1_SPECIMEN[2]]))).toBe('MRZ_CHECK_DIGIT_MISMATCH');
  });

  it('an unused personal number may have 0 or < as its check digit (Part 4 §4.2.2.2)', () => {
    const [upper, lower] = generateTd3(passport);
    expect(lower.slice(28, 43)).toBe('<<<<<<<<<<<<<<<');
    expect(parseTd3([upper, lower]).valid).toBe(true);
    const withZero = replaceAt(lower, 42, '0');
    expect(parseTd3([upper, withZero], { strict: false }).checkDigits.find((check) => check.field === 'personalNumber')?.valid).toBe(true);
  });

  it('MRZ_INVALID_FIELD: meaningless dates, sex and document codes even with correct check digits', () => {
    const [upper, lower] = generateTd3(passport);
    expect(codeOf(() => parseTd3([upper, recheckTd3(lower.slice(0, 13) + '741312' + lower.slice(19))]))).toBe('MRZ_INVALID_FIELD'); // month 13
    expect(codeOf(() => parseTd3([upper, recheckTd3(lower.slice(0, 13) + '740230' + lower.slice(19))]))).toBe('MRZ_INVALID_FIELD'); // 30 February
    expect(codeOf(() => parseTd3([upper, recheckTd3(lower.slice(0, 21) + '31<<<<' + lower.slice(27))]))).toBe('MRZ_INVALID_FIELD'); // expiry partly unknown
    expect(codeOf(() => parseTd3([upper, replaceAt(lower, 20, 'Q')]))).toBe('MRZ_INVALID_FIELD'); // sex
    expect(codeOf(() => parseTd3([replaceAt(upper, 0, 'V'), lower]))).toBe('MRZ_INVALID_FIELD'); // a visa, not a passport
    expect(codeOf(() => parseTd1([replaceAt(TD1_SPECIMEN[0], 1, 'V'), TD1_SPECIMEN[1], TD1_SPECIMEN[2]]))).toBe('MRZ_INVALID_FIELD'); // IV (Part 5 note k)
    expect(codeOf(() => parseTd1([`AI${TD1_SPECIMEN[0].slice(2)}`, TD1_SPECIMEN[1], TD1_SPECIMEN[2]]))).toBe('MRZ_INVALID_FIELD'); // AI
  });

  it('a partly unknown date of birth is written with fillers and accepted (Part 3 §4.8)', () => {
    const lines = generateTd3({ ...passport, dateOfBirth: '1974' });
    expect(lines[1].slice(13, 19)).toBe('74<<<<');
    expect(parseTd3(lines).dateOfBirth).toBe('74<<<<');
    expect(toMrzDate('1974-08', 'birth', 'dateOfBirth')).toBe('7408<<');
    expect(codeOf(() => toMrzDate('2031-04', 'expiry', 'dateOfExpiry'))).toBe('MRZ_INVALID_FIELD');
  });

  it('generation refuses what does not fit or is not allowed', () => {
    expect(codeOf(() => generateTd3({ ...passport, documentNumber: 'L898902C34' }))).toBe('MRZ_FIELD_TOO_LONG');
    expect(codeOf(() => generateTd3({ ...passport, personalNumber: 'ZE184226B1234567' }))).toBe('MRZ_FIELD_TOO_LONG');
    expect(codeOf(() => generateTd3({ ...passport, issuingState: 'UTOP' }))).toBe('MRZ_FIELD_TOO_LONG');
    expect(codeOf(() => generateTd3({ ...passport, documentNumber: 'L89/8902' }))).toBe('MRZ_INVALID_CHARACTER');
    expect(codeOf(() => generateTd3({ ...passport, primaryIdentifier: 'Eriksson 3' }))).toBe('MRZ_INVALID_CHARACTER');
    expect(codeOf(() => generateTd3({ ...passport, documentCode: 'PX' }))).toBe('MRZ_INVALID_FIELD');
    expect(codeOf(() => generateTd3({ ...passport, sex: 'Q' as 'M' }))).toBe('MRZ_INVALID_FIELD');
    expect(codeOf(() => generateTd3({ ...passport, dateOfExpiry: '2031-02-29' }))).toBe('MRZ_INVALID_FIELD');
    expect(codeOf(() => generateTd1({ ...passport, documentNumber: 'D2314589073412345678901' }))).toBe('MRZ_FIELD_TOO_LONG'); // 23 > 9 + 13
    expect(codeOf(() => generateTd1({ ...passport, documentNumber: 'D23145890734', optionalData1: 'ABCDEFGHIJKL' }))).toBe('MRZ_FIELD_TOO_LONG');
    expect(codeOf(() => generateTd1({ ...passport, optionalData2: 'ABCDEFGHIJKL' }))).toBe('MRZ_FIELD_TOO_LONG');
  });

  it('free fields: spaces and hyphens become fillers, trailing ones are padding', () => {
    const lines = generateTd3({ ...passport, documentNumber: 'l898 902-', personalNumber: 'ze 184-226b ' });
    expect(lines[1].slice(0, 9)).toBe('L898<902<');
    expect(parseTd3(lines)).toMatchObject({ documentNumber: 'L898<902', personalNumber: 'ZE<184<226B' });
  });

  it('the German code D is completed with fillers (Part 3 §5)', () => {
    expect(generateTd3({ ...passport, issuingState: 'D', nationality: 'D' })[0].slice(0, 5)).toBe('PPD<<');
    expect(parseTd3(generateTd3({ ...passport, issuingState: 'D', nationality: 'D' })).issuingState).toBe('D');
  });
});

describe('resolveMrzDate', () => {
  const reference = new Date('2026-03-02T00:00:00Z');
  it('a date of birth is the latest not after the reference; an expiry the nearest', () => {
    expect(resolveMrzDate('740812', 'birth', reference)).toBe('1974-08-12');
    expect(resolveMrzDate('250101', 'birth', reference)).toBe('2025-01-01');
    expect(resolveMrzDate('270101', 'birth', reference)).toBe('1927-01-01');
    expect(resolveMrzDate('120415', 'expiry', reference)).toBe('2012-04-15');
    expect(resolveMrzDate('360415', 'expiry', reference)).toBe('2036-04-15');
    expect(resolveMrzDate('7408<<', 'birth', reference)).toBe('1974-08');
    expect(resolveMrzDate('<<<<<<', 'birth', reference)).toBeUndefined();
  });
});

/** Recomputes the four check digits of a TD3 lower line after a field was edited. */
function recheckTd3(lower: string): string {
  const digit = (data: string): string => String([...data].reduce((sum, character, index) => sum + (character === '<' ? 0 : /\d/.test(character) ? Number(character) : character.charCodeAt(0) - 55) * [7, 3, 1][index % 3]!, 0) % 10);
  let line = lower;
  line = replaceAt(line, 9, digit(line.slice(0, 9)));
  line = replaceAt(line, 19, digit(line.slice(13, 19)));
  line = replaceAt(line, 27, digit(line.slice(21, 27)));
  return replaceAt(line, 43, digit(line.slice(0, 10) + line.slice(13, 20) + line.slice(21, 43)));
}
