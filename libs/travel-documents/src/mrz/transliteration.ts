import { TravelDocumentError } from '../travel-document-error';
import { FILLER } from './mrz-characters';

/**
 * ICAO Doc 9303 Part 3 §6 A, "Transliteration of multinational Latin-based characters": the
 * characters whose recommended transliteration is not simply the base letter. Where the table offers
 * a choice ("AE or A", "OE or O", "UE or UXX or U", "AA or A", "N or NXX") the first, recommended
 * form is used. Every other Latin letter with a diacritic in that table (À, Ç, Ő, Ž, …) is its base
 * letter, obtained by Unicode canonical decomposition; the few without a decomposition are listed here.
 */
const MULTI_LETTER: Readonly<Record<string, string>> = {
  Ä: 'AE', // 00C4
  Å: 'AA', // 00C5
  Æ: 'AE', // 00C6
  Ö: 'OE', // 00D6
  Ø: 'OE', // 00D8
  Ü: 'UE', // 00DC
  Þ: 'TH', // 00DE
  Ĳ: 'IJ', // 0132
  Œ: 'OE', // 0152
  ẞ: 'SS', // 1E9E
  ß: 'SS', // 00DF, upper-cased to SS
};

/** Table 6 A letters that have no canonical decomposition to their base letter (ı, U+0131, simply upper-cases to I). */
const NO_DECOMPOSITION: Readonly<Record<string, string>> = {
  Ð: 'D', // 00D0 Eth
  Đ: 'D', // 0110 D stroke
  Ħ: 'H', // 0126 H stroke
  Ŀ: 'L', // 013F L middle dot
  Ł: 'L', // 0141 L stroke
  Ŋ: 'N', // 014A Eng
  Ŧ: 'T', // 0166 T stroke
};

/** Apostrophes (U+0027 and the typographic forms used for it): omitted, components joined (Part 3 §4.6). */
const APOSTROPHES = /['\u2018\u2019\u02BC\u02B9\u0060\u00B4]/g;
/** Hyphens and dashes: a single filler, the parts become separate components (Part 3 §4.6). */
const HYPHENS = /[-\u2010\u2011\u2012\u2013\u2014\u2212]/g;
/** Commas inside an identifier separate components: a single filler (Part 3 §4.6). */
const COMMAS = /,/g;
/** Other punctuation (full stops, brackets, slashes…): omitted without a filler (Part 3 §4.6). */
const OTHER_PUNCTUATION = /[\p{P}\p{S}]/gu;
const COMBINING_MARKS = /\p{M}/gu;

/**
 * One name identifier (primary or secondary) as the MRZ writes it (ICAO Doc 9303 Part 3 §4.6 and §6 A):
 * upper case, Latin letters with diacritics transliterated, apostrophes omitted, hyphens, commas and
 * spaces turned into a single filler between components, other punctuation omitted.
 *
 * Numerals are not allowed in MRZ names (§4.6) and characters of other scripts (Cyrillic, Arabic, …)
 * must be transliterated by the issuing system with the national rules of §6 B/C before they get here:
 * both are rejected with `MRZ_INVALID_CHARACTER` rather than silently dropped.
 *
 * @returns the components joined by `<`, e.g. `"Smith-Jones"` → `"SMITH<JONES"`; `""` for a blank identifier.
 */
export function transliterateIdentifier(identifier: string, field = 'name'): string {
  let text = '';
  for (const character of identifier.normalize('NFC')) {
    const upper = character.toUpperCase();
    text += MULTI_LETTER[character] ?? MULTI_LETTER[upper] ?? NO_DECOMPOSITION[character] ?? NO_DECOMPOSITION[upper] ?? character;
  }
  text = text
    .replace(APOSTROPHES, '')
    .replace(HYPHENS, ' ')
    .replace(COMMAS, ' ')
    .replace(OTHER_PUNCTUATION, '')
    .normalize('NFD')
    .replace(COMBINING_MARKS, '')
    .toUpperCase()
    .trim();
  const components = text.split(/\s+/).filter((component) => component.length > 0);
  for (const component of components) {
    const bad = [...component].find((character) => !/^[A-Z]$/.test(character));
    if (bad !== undefined) {
      const codePoint = `U+${bad.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;
      const reason = /\p{N}/u.test(bad) ? 'numerals are not allowed in MRZ names (ICAO Doc 9303 Part 3 §4.6)' : 'it is not a Latin letter of ICAO Doc 9303 Part 3 §6 A; transliterate it first';
      throw new TravelDocumentError('MRZ_INVALID_CHARACTER', `${field}: ${codePoint} cannot be written in the MRZ: ${reason}`, { field, codePoint });
    }
  }
  return components.join(FILLER);
}
