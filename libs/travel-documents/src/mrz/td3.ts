import { TravelDocumentError } from '../travel-document-error';
import { checkDigitCharacter } from './check-digit';
import { FILLER, normaliseFreeField, padField, stateCodeField, trimFiller } from './mrz-characters';
import { checkMrzDate, toMrzDate } from './mrz-date';
import { CheckDigitLedger, readMrzLines, sexFromMrz, sexToMrz } from './mrz-lines';
import type { MrzInputBase, ParsedMrzBase, ParseMrzOptions } from './mrz-types';
import { formatNameField, parseNameField } from './name-field';

export const TD3_LINE_LENGTH = 44;
const NAME_WIDTH = 39;

/**
 * Second letters of the TD3 document code (ICAO Doc 9303 Part 4 §4.4): P national/ordinary, E emergency,
 * D diplomatic, O official/service, R refugee, T alien/non-citizen, S stateless, L laissez-passer, M military.
 * `<` is the unharmonised form of earlier editions.
 */
export const TD3_DOCUMENT_TYPES = ['P', 'E', 'D', 'O', 'R', 'T', 'S', 'L', 'M', FILLER] as const;

export interface Td3Input extends MrzInputBase {
  /** `P` followed by the type letter of Part 4 §4.4; default `PP` (national passport). */
  readonly documentCode?: string;
  /** Personal number or other optional data, at most 14 characters (Part 4 §4.2.2.2, positions 29–42). */
  readonly personalNumber?: string;
}

export interface ParsedTd3 extends ParsedMrzBase {
  readonly format: 'TD3';
  /** Positions 29–42 of the lower line without trailing fillers. */
  readonly personalNumber: string;
}

/**
 * The two 44-character lines of a TD3 MRZ (machine readable passport), ICAO Doc 9303 Part 4 §4.2.2:
 *
 * - upper line: document code (1–2), issuing State (3–5), name (6–44, §4.2.3 truncation);
 * - lower line: passport number (1–9) and check digit (10), nationality (11–13), date of birth (14–19)
 *   and check digit (20), sex (21), date of expiry (22–27) and check digit (28), personal number (29–42)
 *   and its check digit (43, a filler when the field is unused), composite check digit (44) over
 *   positions 1–10, 14–20 and 22–43 (§4.2.4).
 */
export function generateTd3(input: Td3Input): readonly [string, string] {
  const documentCode = td3DocumentCode(input.documentCode ?? 'PP');
  const documentNumber = normaliseFreeField(input.documentNumber, 'documentNumber');
  if (documentNumber.length === 0) throw new TravelDocumentError('MRZ_INVALID_FIELD', 'the document number is empty', { field: 'documentNumber' });
  const documentNumberField = padField(documentNumber, 9, 'documentNumber');
  const personalNumber = normaliseFreeField(input.personalNumber ?? '', 'personalNumber');
  const personalNumberField = padField(personalNumber, 14, 'personalNumber');
  const dateOfBirth = toMrzDate(input.dateOfBirth, 'birth', 'dateOfBirth');
  const dateOfExpiry = toMrzDate(input.dateOfExpiry, 'expiry', 'dateOfExpiry');

  const upper = `${documentCode}${stateCodeField(input.issuingState, 'issuingState')}${formatNameField(input, NAME_WIDTH).field}`;
  const documentPart = `${documentNumberField}${checkDigitCharacter(documentNumberField)}`;
  const birthPart = `${dateOfBirth}${checkDigitCharacter(dateOfBirth)}`;
  const expiryPart = `${dateOfExpiry}${checkDigitCharacter(dateOfExpiry)}`;
  const personalPart = `${personalNumberField}${personalNumber.length === 0 ? FILLER : checkDigitCharacter(personalNumberField)}`;
  const composite = checkDigitCharacter(`${documentPart}${birthPart}${expiryPart}${personalPart}`);
  const lower = `${documentPart}${stateCodeField(input.nationality, 'nationality')}${birthPart}${sexToMrz(input.sex)}${expiryPart}${personalPart}${composite}`;
  return [upper, lower];
}

/**
 * Parses a TD3 MRZ (ICAO Doc 9303 Part 4 §4.2.2) and verifies its five check digits (§4.2.4). Lines may be
 * given as an array, as text with line breaks, or concatenated (88 characters).
 *
 * @throws TravelDocumentError `MRZ_INVALID_LENGTH`, `MRZ_INVALID_CHARACTER`, `MRZ_INVALID_FIELD`, and
 *   `MRZ_CHECK_DIGIT_MISMATCH` unless `strict` is false.
 */
export function parseTd3(input: string | readonly string[], options: ParseMrzOptions = {}): ParsedTd3 {
  const lines = readMrzLines(input, 2, TD3_LINE_LENGTH, 'TD3');
  const [upper, lower] = lines as [string, string];
  td3DocumentCode(upper.slice(0, 2), { parsing: true });
  const ledger = new CheckDigitLedger(options.strict ?? true);
  ledger.check('documentNumber', lower.slice(0, 9), lower[9]!);
  ledger.check('dateOfBirth', lower.slice(13, 19), lower[19]!);
  ledger.check('dateOfExpiry', lower.slice(21, 27), lower[27]!);
  const personalNumberField = lower.slice(28, 42);
  ledger.check('personalNumber', personalNumberField, lower[42]!, trimFiller(personalNumberField).length === 0 ? [FILLER, '0'] : []);
  ledger.check('composite', lower.slice(0, 10) + lower.slice(13, 20) + lower.slice(21, 43), lower[43]!);
  const name = parseNameField(upper.slice(5));
  return {
    format: 'TD3',
    lines,
    documentCode: trimFiller(upper.slice(0, 2)),
    issuingState: trimFiller(upper.slice(2, 5)),
    primaryIdentifier: name.primaryIdentifier,
    secondaryIdentifier: name.secondaryIdentifier,
    nameMayBeTruncated: name.mayBeTruncated,
    documentNumber: trimFiller(lower.slice(0, 9)),
    nationality: trimFiller(lower.slice(10, 13)),
    dateOfBirth: checkMrzDate(lower.slice(13, 19), 'birth', 'dateOfBirth'),
    sex: sexFromMrz(lower[20]!),
    dateOfExpiry: checkMrzDate(lower.slice(21, 27), 'expiry', 'dateOfExpiry'),
    personalNumber: trimFiller(personalNumberField),
    checkDigits: ledger.results,
    valid: ledger.valid,
  };
}

function td3DocumentCode(code: string, options: { parsing?: boolean } = {}): string {
  const field = code.length === 1 ? `${code}${FILLER}` : code;
  // Reading, any type letter is accepted (States used their own before Part 4 §4.4 harmonised them).
  const typeAllowed = options.parsing ? /^[A-Z<]$/.test(field[1] ?? '') : (TD3_DOCUMENT_TYPES as readonly string[]).includes(field[1] ?? '');
  if (field.length !== 2 || field[0] !== 'P' || !typeAllowed) {
    throw new TravelDocumentError('MRZ_INVALID_FIELD', 'a TD3 document code is P followed by a type letter of ICAO Doc 9303 Part 4 §4.4 or <', { field: 'documentCode' });
  }
  return field;
}
