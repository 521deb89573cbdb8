import { TravelDocumentError } from '../travel-document-error';
import { checkDigitCharacter } from './check-digit';
import { FILLER, isMrzText } from './mrz-characters';
import type { CheckDigitField, CheckDigitResult, Sex } from './mrz-types';

/**
 * Splits MRZ text into its lines and checks their count, lengths and characters: a string (lines
 * separated by line breaks, or the lines concatenated) or an array of lines.
 */
export function readMrzLines(input: string | readonly string[], lineCount: number, lineLength: number, format: string): string[] {
  let lines: string[];
  if (typeof input === 'string') {
    const text = input.replace(/\r\n?/g, '\n').replace(/\n$/, '');
    lines = text.includes('\n') ? text.split('\n') : text.length === lineCount * lineLength ? Array.from({ length: lineCount }, (_, index) => text.slice(index * lineLength, (index + 1) * lineLength)) : [text];
  } else {
    lines = [...input];
  }
  if (lines.length !== lineCount) {
    throw new TravelDocumentError('MRZ_INVALID_LENGTH', `a ${format} MRZ has ${lineCount} lines; got ${lines.length}`, { format, lines: lines.length });
  }
  lines.forEach((line, index) => {
    if (line.length !== lineLength) {
      throw new TravelDocumentError('MRZ_INVALID_LENGTH', `line ${index + 1} of a ${format} MRZ has ${lineLength} characters; got ${line.length}`, { format, line: index + 1, length: line.length });
    }
    if (!isMrzText(line)) {
      const position = [...line].findIndex((character) => !isMrzText(character)) + 1;
      throw new TravelDocumentError('MRZ_INVALID_CHARACTER', `line ${index + 1}, position ${position}: only A–Z, 0–9 and < are allowed (ICAO Doc 9303 Part 3 §4.3)`, { format, line: index + 1, position });
    }
  });
  return lines;
}

/** Collects check digit results; in strict mode the first mismatch throws. */
export class CheckDigitLedger {
  readonly results: CheckDigitResult[] = [];

  constructor(private readonly strict: boolean) {}

  /** `alternatives` are characters also accepted (the `<` or `0` of an unused personal number, Part 4 §4.2.2.2). */
  check(field: CheckDigitField, data: string, actual: string, alternatives: readonly string[] = []): void {
    const expected = checkDigitCharacter(data);
    const valid = actual === expected || alternatives.includes(actual);
    this.results.push({ field, expected, actual, valid });
    if (!valid && this.strict) {
      throw new TravelDocumentError('MRZ_CHECK_DIGIT_MISMATCH', `the ${field} check digit is ${actual}; the data gives ${expected} (ICAO Doc 9303 Part 3 §4.9)`, { field, expected, actual });
    }
  }

  get valid(): boolean {
    return this.results.every((result) => result.valid);
  }
}

export function sexToMrz(sex: Sex): string {
  if (sex === 'M' || sex === 'F') return sex;
  if (sex === 'X') return FILLER;
  throw new TravelDocumentError('MRZ_INVALID_FIELD', 'sex must be M, F or X', { field: 'sex' });
}

export function sexFromMrz(character: string): Sex {
  if (character === 'M' || character === 'F') return character;
  if (character === FILLER) return 'X';
  throw new TravelDocumentError('MRZ_INVALID_FIELD', 'sex must be M, F or < in the MRZ', { field: 'sex' });
}
