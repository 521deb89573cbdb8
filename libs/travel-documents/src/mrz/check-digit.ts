import { TravelDocumentError } from '../travel-document-error';

/** Weights 7, 3, 1 repeated from the first character (ICAO Doc 9303 Part 3 §4.9.2). */
const WEIGHTS = [7, 3, 1] as const;

/** The value of one MRZ character: 0–9 as themselves, A–Z as 10–35, `<` as 0 (Doc 9303 Part 3 §4.9.1). */
export function characterValue(character: string): number {
  const code = character.charCodeAt(0);
  if (character.length === 1) {
    if (code >= 48 && code <= 57) return code - 48;
    if (code >= 65 && code <= 90) return code - 55;
    if (character === '<') return 0;
  }
  throw new TravelDocumentError('MRZ_INVALID_CHARACTER', `U+${code.toString(16).toUpperCase().padStart(4, '0')} has no check digit value (A–Z, 0–9, < only — ICAO Doc 9303 Part 3 §4.9.1)`);
}

/**
 * The check digit of `data` (ICAO Doc 9303 Part 3 §4.9, "Check digits in the MRZ"): each character's
 * value times the weight 7, 3, 1 of its position, summed, modulo 10.
 */
export function checkDigit(data: string): number {
  let sum = 0;
  for (let index = 0; index < data.length; index++) sum += characterValue(data[index]!) * WEIGHTS[index % 3]!;
  return sum % 10;
}

/** The check digit of `data` as the MRZ character. */
export function checkDigitCharacter(data: string): string {
  return String(checkDigit(data));
}
