import { Injectable } from '@nestjs/common';
import { KeyCustody } from './key-custody';

/**
 * Blind indexes: HMAC-SHA256 under an HSM-held key of a normalised search value, so a record can
 * be found by exact match without the value being stored in clear. Each index has its own
 * domain-separation prefix, so equal inputs in different indexes give unrelated outputs.
 */
@Injectable()
export class BlindIndex {
  constructor(private readonly keys: KeyCustody) {}

  nationalIdNumber(nin: string): Promise<Uint8Array> {
    return this.compute('nin', normaliseIdentifier(nin));
  }

  /** Name + date of birth: family and given names normalised (see normaliseName), birth date as YYYY-MM-DD. */
  nameAndBirthDate(familyName: string, givenNames: string, birthDate: string): Promise<Uint8Array> {
    return this.compute('name-dob', `${normaliseName(familyName)}|${normaliseName(givenNames)}|${birthDate}`);
  }

  private compute(index: string, normalised: string): Promise<Uint8Array> {
    return this.keys.hmac(new TextEncoder().encode(`cz-blind-index:${index}:v1\u0000${normalised}`));
  }
}

/** Digits and letters only, upper case: "UT 123-456 789" and "ut123456789" index alike. */
export function normaliseIdentifier(value: string): string {
  return value.normalize('NFKC').toUpperCase().replace(/[^0-9A-Z]/g, '');
}

/**
 * Names as officials type them: compatibility-normalised, diacritics removed ("Ñúñez" = "NUNEZ"),
 * upper case, punctuation and repeated spaces collapsed ("O'Brien-Smith" = "O BRIEN SMITH").
 */
export function normaliseName(value: string): string {
  return value
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toUpperCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}
