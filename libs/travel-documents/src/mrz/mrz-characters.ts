import { TravelDocumentError } from '../travel-document-error';

/** The filler character (ICAO Doc 9303 Part 3 §4.3). */
export const FILLER = '<';

/** The MRZ character set: A–Z, 0–9 and the filler (ICAO Doc 9303 Part 3 §4.3, OCR-B subset). */
const MRZ_CHARACTER = /^[A-Z0-9<]*$/;

export function isMrzText(text: string): boolean {
  return MRZ_CHARACTER.test(text);
}

/** Throws `MRZ_INVALID_CHARACTER` naming the field and the first offending position (1-based), never the value. */
export function assertMrzText(text: string, field: string, allowed: RegExp = MRZ_CHARACTER): void {
  if (allowed.test(text)) return;
  const position = [...text].findIndex((character) => !allowed.test(character)) + 1;
  throw new TravelDocumentError('MRZ_INVALID_CHARACTER', `${field}: character ${position} is not allowed in the MRZ (A–Z, 0–9, < — ICAO Doc 9303 Part 3 §4.3)`, { field, position });
}

/** `value` left-aligned in a field of `width`, filled with `<` (Doc 9303 Part 3 §4.3); `MRZ_FIELD_TOO_LONG` if it does not fit. */
export function padField(value: string, width: number, field: string): string {
  if (value.length > width) throw new TravelDocumentError('MRZ_FIELD_TOO_LONG', `${field} has ${value.length} characters; the MRZ field holds ${width}`, { field, length: value.length, width });
  return value + FILLER.repeat(width - value.length);
}

/** A field's value without its trailing fillers. */
export function trimFiller(field: string): string {
  let end = field.length;
  while (end > 0 && field[end - 1] === FILLER) end--;
  return field.slice(0, end);
}

/**
 * A free-text field (document number, optional data, personal number) as the MRZ writes it:
 * upper case, spaces and hyphens as fillers (ICAO Doc 9303 Part 4 §4.2.2.2), no trailing fillers (they are
 * the field's padding), nothing outside A–Z, 0–9, `<`.
 */
export function normaliseFreeField(value: string, field: string): string {
  const text = trimFiller(value.trim().toUpperCase().replace(/[\s-]/g, FILLER));
  assertMrzText(text, field);
  return text;
}

/**
 * An issuing State or nationality code (Doc 9303 Part 3 §5: three-letter codes, shorter ones such
 * as `D` for Germany completed with fillers).
 */
export function stateCodeField(value: string, field: string): string {
  const code = trimFiller(value.trim().toUpperCase());
  if (!/^[A-Z]{1,3}$/.test(code)) {
    if (code.length > 3) throw new TravelDocumentError('MRZ_FIELD_TOO_LONG', `${field} is a code of at most 3 letters (ICAO Doc 9303 Part 3 §5)`, { field, width: 3 });
    throw new TravelDocumentError('MRZ_INVALID_CHARACTER', `${field} must be 1 to 3 letters A–Z (ICAO Doc 9303 Part 3 §5)`, { field });
  }
  return padField(code, 3, field);
}
