import { TravelDocumentError } from '../travel-document-error';
import { checkDigitCharacter } from './check-digit';
import { FILLER, normaliseFreeField, padField, stateCodeField, trimFiller } from './mrz-characters';
import { checkMrzDate, toMrzDate } from './mrz-date';
import { CheckDigitLedger, readMrzLines, sexFromMrz, sexToMrz } from './mrz-lines';
import type { MrzInputBase, ParsedMrzBase, ParseMrzOptions } from './mrz-types';
import { formatNameField, parseNameField } from './name-field';

export const TD1_LINE_LENGTH = 30;
const NAME_WIDTH = 30;
/** Positions 6–14 hold nine characters; a longer number continues at 16 and may end at 28 (Part 5 §4.2.4). */
const MAX_DOCUMENT_NUMBER_LENGTH = 9 + 13;

export interface Td1Input extends MrzInputBase {
  /** Two characters, the first A, C or I (ICAO Doc 9303 Part 5 §4.2.2.1 note k); default `I<`. */
  readonly documentCode?: string;
  /**
   * Optional data of the upper line (positions 16–30, 15 characters). When the document number is longer
   * than nine characters its remainder, check digit and a filler come first and leave less room.
   */
  readonly optionalData1?: string;
  /** Optional data of the middle line (positions 19–29, 11 characters). */
  readonly optionalData2?: string;
}

export interface ParsedTd1 extends ParsedMrzBase {
  readonly format: 'TD1';
  /** Optional data of the upper line, after the remainder of a long document number; trailing fillers removed. */
  readonly optionalData1: string;
  /** Optional data of the middle line; trailing fillers removed. */
  readonly optionalData2: string;
}

/**
 * The three 30-character lines of a TD1 MRZ (ID-1 size card), ICAO Doc 9303 Part 5 §4.2.2:
 *
 * - upper line: document code (1–2), issuing State (3–5), document number (6–14) and check digit (15),
 *   optional data (16–30);
 * - middle line: date of birth (1–6) and check digit (7), sex (8), date of expiry (9–14) and check digit
 *   (15), nationality (16–18), optional data (19–29), composite check digit (30) over upper line 6–30 and
 *   middle line 1–7, 9–15, 19–29 (§4.2.4);
 * - lower line: name (1–30, §4.2.3 truncation).
 *
 * A document number longer than nine characters follows note j of §4.2.2: its first nine characters in
 * 6–14, a filler in 15, the remainder at the start of the optional data followed by the check digit (of
 * the whole number) and a filler.
 */
export function generateTd1(input: Td1Input): readonly [string, string, string] {
  const documentCode = td1DocumentCode(input.documentCode ?? `I${FILLER}`);
  const documentNumber = normaliseFreeField(input.documentNumber, 'documentNumber');
  if (documentNumber.length === 0) throw new TravelDocumentError('MRZ_INVALID_FIELD', 'the document number is empty', { field: 'documentNumber' });
  if (documentNumber.length > MAX_DOCUMENT_NUMBER_LENGTH) {
    throw new TravelDocumentError('MRZ_FIELD_TOO_LONG', `a TD1 document number has at most ${MAX_DOCUMENT_NUMBER_LENGTH} characters (ICAO Doc 9303 Part 5 §4.2.4)`, { field: 'documentNumber', length: documentNumber.length, width: MAX_DOCUMENT_NUMBER_LENGTH });
  }
  const optionalData1 = normaliseFreeField(input.optionalData1 ?? '', 'optionalData1');
  let documentPart: string;
  let upperOptional: string;
  if (documentNumber.length <= 9) {
    const field = padField(documentNumber, 9, 'documentNumber');
    documentPart = `${field}${checkDigitCharacter(field)}`;
    upperOptional = padField(optionalData1, 15, 'optionalData1');
  } else {
    if (documentNumber.includes(FILLER)) {
      throw new TravelDocumentError('MRZ_INVALID_CHARACTER', 'a document number longer than nine characters may only contain A–Z and 0–9 (ICAO Doc 9303 Part 5 §4.2.2 note j)', { field: 'documentNumber' });
    }
    documentPart = `${documentNumber.slice(0, 9)}${FILLER}`;
    const overflow = `${documentNumber.slice(9)}${checkDigitCharacter(documentNumber)}${FILLER}`;
    upperOptional = padField(`${overflow}${optionalData1}`, 15, 'optionalData1');
  }
  const upper = `${documentCode}${stateCodeField(input.issuingState, 'issuingState')}${documentPart}${upperOptional}`;

  const dateOfBirth = toMrzDate(input.dateOfBirth, 'birth', 'dateOfBirth');
  const dateOfExpiry = toMrzDate(input.dateOfExpiry, 'expiry', 'dateOfExpiry');
  const birthPart = `${dateOfBirth}${checkDigitCharacter(dateOfBirth)}`;
  const expiryPart = `${dateOfExpiry}${checkDigitCharacter(dateOfExpiry)}`;
  const middleOptional = padField(normaliseFreeField(input.optionalData2 ?? '', 'optionalData2'), 11, 'optionalData2');
  const composite = checkDigitCharacter(`${upper.slice(5)}${birthPart}${expiryPart}${middleOptional}`);
  const middle = `${birthPart}${sexToMrz(input.sex)}${expiryPart}${stateCodeField(input.nationality, 'nationality')}${middleOptional}${composite}`;

  return [upper, middle, formatNameField(input, NAME_WIDTH).field];
}

/**
 * Parses a TD1 MRZ (ICAO Doc 9303 Part 5 §4.2.2), including long document numbers (note j), and verifies
 * its check digits (§4.2.4). Lines may be given as an array, as text with line breaks, or concatenated (90 characters).
 *
 * @throws TravelDocumentError `MRZ_INVALID_LENGTH`, `MRZ_INVALID_CHARACTER`, `MRZ_INVALID_FIELD`, and
 *   `MRZ_CHECK_DIGIT_MISMATCH` unless `strict` is false.
 */
export function parseTd1(input: string | readonly string[], options: ParseMrzOptions = {}): ParsedTd1 {
  const lines = readMrzLines(input, 3, TD1_LINE_LENGTH, 'TD1');
  const [upper, middle, lower] = lines as [string, string, string];
  td1DocumentCode(upper.slice(0, 2));
  const ledger = new CheckDigitLedger(options.strict ?? true);
  let documentNumber: string;
  let optionalData1: string;
  const upperOptional = upper.slice(15);
  if (upper[14] === FILLER) {
    // Note j: the number continues in the optional data, followed by its check digit and a filler.
    const end = upperOptional.indexOf(FILLER);
    const run = end < 0 ? upperOptional : upperOptional.slice(0, end);
    if (run.length < 2 || upper.slice(5, 14).includes(FILLER)) {
      throw new TravelDocumentError('MRZ_INVALID_FIELD', 'position 15 holds a filler but no document number continues in the optional data (ICAO Doc 9303 Part 5 §4.2.2 note j)', { field: 'documentNumber' });
    }
    documentNumber = upper.slice(5, 14) + run.slice(0, -1);
    ledger.check('documentNumber', documentNumber, run.slice(-1));
    optionalData1 = trimFiller(upperOptional.slice(run.length + 1));
  } else {
    documentNumber = trimFiller(upper.slice(5, 14));
    ledger.check('documentNumber', upper.slice(5, 14), upper[14]!);
    optionalData1 = trimFiller(upperOptional);
  }
  ledger.check('dateOfBirth', middle.slice(0, 6), middle[6]!);
  ledger.check('dateOfExpiry', middle.slice(8, 14), middle[14]!);
  ledger.check('composite', upper.slice(5) + middle.slice(0, 7) + middle.slice(8, 15) + middle.slice(18, 29), middle[29]!);
  const name = parseNameField(lower);
  return {
    format: 'TD1',
    lines,
    documentCode: trimFiller(upper.slice(0, 2)),
    issuingState: trimFiller(upper.slice(2, 5)),
    primaryIdentifier: name.primaryIdentifier,
    secondaryIdentifier: name.secondaryIdentifier,
    nameMayBeTruncated: name.mayBeTruncated,
    documentNumber,
    nationality: trimFiller(middle.slice(15, 18)),
    dateOfBirth: checkMrzDate(middle.slice(0, 6), 'birth', 'dateOfBirth'),
    sex: sexFromMrz(middle[7]!),
    dateOfExpiry: checkMrzDate(middle.slice(8, 14), 'expiry', 'dateOfExpiry'),
    optionalData1,
    optionalData2: trimFiller(middle.slice(18, 29)),
    checkDigits: ledger.results,
    valid: ledger.valid,
  };
}

/** Part 5 §4.2.2.1 note k: A, C or I, then any letter or filler except V, and not AI. */
function td1DocumentCode(code: string): string {
  const field = code.length === 1 ? `${code}${FILLER}` : code;
  if (field.length !== 2 || !/^[ACI][A-Z<]$/.test(field) || field[1] === 'V' || field === 'AI') {
    throw new TravelDocumentError('MRZ_INVALID_FIELD', 'a TD1 document code is A, C or I followed by a letter or < (not V, and not AI) — ICAO Doc 9303 Part 5 §4.2.2.1 note k', { field: 'documentCode' });
  }
  return field;
}
