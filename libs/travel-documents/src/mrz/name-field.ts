import { TravelDocumentError } from '../travel-document-error';
import { FILLER, padField, trimFiller } from './mrz-characters';
import { transliterateIdentifier } from './transliteration';

export interface NameFieldInput {
  /** The primary identifier (e.g. the surname), as printed in the VIZ (ICAO Doc 9303 Part 3 §3.4). */
  readonly primaryIdentifier: string;
  /** The secondary identifier (e.g. the given names); absent or blank for a name with only a primary identifier. */
  readonly secondaryIdentifier?: string;
}

export interface NameField {
  /** The MRZ name field, exactly `width` characters. */
  readonly field: string;
  /** Whether characters had to be removed to fit (Part 4 §4.2.3, Part 5 §4.2.3). */
  readonly truncated: boolean;
}

/**
 * The name field of an MRZ (ICAO Doc 9303 Part 3 §4.6; Part 4 §4.2.2.1 and §4.2.3 for TD3, 39
 * positions; Part 5 §4.2.2.3 and §4.2.3 for TD1, 30 positions): the transliterated primary identifier,
 * `<<`, the secondary identifier, components separated by `<`, completed with fillers.
 *
 * A name that fits is never truncated. One that does not is truncated by the normative rule of the
 * data element directories: characters are removed from the end of the secondary identifier; when even
 * the primary identifier leaves no room, it is cut until three positions are freed for `<<` and the first
 * character of the secondary identifier. The last position then always holds a letter, the reader's
 * sign that truncation may have occurred. The discretionary styles of Part 4 §4.2.3.2–3 (initials, fixed
 * lengths per component) are not applied: removing characters from the end is one of the permitted
 * methods and is deterministic.
 *
 * When a cut falls just after a component (the field would end with a filler), a component before it gives
 * up its last letter so that the initial of the next one fills the last position: the field still ends in a
 * letter and shows that another component followed (implementation choice within the rule above).
 */
export function formatNameField(input: NameFieldInput, width: number): NameField {
  const primary = transliterateIdentifier(input.primaryIdentifier, 'primaryIdentifier');
  const secondary = transliterateIdentifier(input.secondaryIdentifier ?? '', 'secondaryIdentifier');
  if (primary.length === 0) {
    throw new TravelDocumentError('MRZ_INVALID_FIELD', 'the primary identifier is empty; a name with one part is written as the primary identifier (ICAO Doc 9303 Part 3 §3.4)', { field: 'primaryIdentifier' });
  }
  const full = secondary.length > 0 ? `${primary}${FILLER}${FILLER}${secondary}` : primary;
  if (full.length <= width) return { field: padField(full, width, 'name'), truncated: false };
  if (secondary.length === 0) return { field: padField(cutComponents(primary, width), width, 'name'), truncated: true };
  const cutPrimary = primary.length > width - 3 ? cutComponents(primary, width - 3) : primary;
  const room = width - cutPrimary.length - 2;
  return { field: padField(`${cutPrimary}${FILLER}${FILLER}${cutComponents(secondary, room)}`, width, 'name'), truncated: true };
}

/**
 * `<`-separated components cut to `length` characters ending with a letter. When the cut falls just after
 * a component, the last component that still has two letters or more gives up one, so the initial of the
 * next component takes the last position. Only when every kept component is a single letter does the
 * result stay one character short (and the field end with a filler).
 */
function cutComponents(components: string, length: number): string {
  if (components.length <= length) return components;
  const cut = components.slice(0, length);
  if (!cut.endsWith(FILLER)) return cut;
  const kept = cut.slice(0, -1).split(FILLER);
  for (let index = kept.length - 1; index >= 0; index--) {
    if (kept[index]!.length >= 2) {
      kept[index] = kept[index]!.slice(0, -1);
      return `${kept.join(FILLER)}${FILLER}${components[length]!}`;
    }
  }
  return cut.slice(0, -1);
}

export interface ParsedName {
  /** Components separated by single spaces, e.g. `"VAN DER MUELLEN"`. */
  readonly primaryIdentifier: string;
  /** Components separated by single spaces; `""` when the name has only a primary identifier. */
  readonly secondaryIdentifier: string;
  /**
   * A letter in the last position means the name must be treated as possibly truncated
   * (Part 4 §4.2.3 note, Part 5 §4.2.3.3), even when it happens to fit exactly.
   */
  readonly mayBeTruncated: boolean;
}

/** Splits an MRZ name field at the first `<<` (Part 3 §4.6). */
export function parseNameField(field: string): ParsedName {
  const name = trimFiller(field);
  const separator = name.indexOf(`${FILLER}${FILLER}`);
  const primary = separator < 0 ? name : name.slice(0, separator);
  const secondary = separator < 0 ? '' : name.slice(separator + 2);
  const words = (part: string): string => part.split(FILLER).filter((word) => word.length > 0).join(' ');
  return { primaryIdentifier: words(primary), secondaryIdentifier: words(secondary), mayBeTruncated: field.length > 0 && !field.endsWith(FILLER) };
}
