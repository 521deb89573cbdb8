/** Sex as in the VIZ; the MRZ writes X (unspecified) as a filler (ICAO Doc 9303 Part 4 §4.2.2.2 note p, Part 5 note f). */
export type Sex = 'M' | 'F' | 'X';

/** The fields every MRZ format shares (ICAO Doc 9303 Part 4 §4.2.2, Part 5 §4.2.2). */
export interface MrzInputBase {
  /** ICAO three-letter code of the issuing State or organization (Part 3 §5), e.g. `UTO`; shorter codes (`D`) are completed with fillers. */
  readonly issuingState: string;
  /** The primary identifier (surname) as printed in the VIZ; transliterated per Part 3 §6 A. */
  readonly primaryIdentifier: string;
  /** The secondary identifier (given names) as printed in the VIZ; absent for a name with one part. */
  readonly secondaryIdentifier?: string;
  /** Document number (A–Z, 0–9; spaces and hyphens become fillers). */
  readonly documentNumber: string;
  /** ICAO three-letter code of the holder's nationality (Part 3 §5). */
  readonly nationality: string;
  /** `YYYY-MM-DD`, or partly unknown `YYYY-MM` / `YYYY`, or the MRZ form `YYMMDD` (Part 3 §4.8). */
  readonly dateOfBirth: string;
  readonly sex: Sex;
  /** `YYYY-MM-DD` or `YYMMDD`. */
  readonly dateOfExpiry: string;
}

/** The fields are named after ICAO Doc 9303 Part 3 §4.9 and the check digit tables of Part 4 §4.2.4 and Part 5 §4.2.4. */
export type CheckDigitField = 'documentNumber' | 'dateOfBirth' | 'dateOfExpiry' | 'personalNumber' | 'composite';

export interface CheckDigitResult {
  readonly field: CheckDigitField;
  /** The check digit computed from the data. */
  readonly expected: string;
  /** The character found in the MRZ. */
  readonly actual: string;
  readonly valid: boolean;
}

/** What parsing an MRZ yields, whatever its format. Values are as read, with trailing fillers removed. */
export interface ParsedMrzBase {
  /** The lines as read. */
  readonly lines: readonly string[];
  /** The document code without trailing filler, e.g. `P`, `PP`, `I`, `ID`. */
  readonly documentCode: string;
  readonly issuingState: string;
  /** Name components separated by spaces (`<` in the MRZ). */
  readonly primaryIdentifier: string;
  readonly secondaryIdentifier: string;
  /** A letter in the last position of the name field: the name may have been truncated (Part 4 §4.2.3). */
  readonly nameMayBeTruncated: boolean;
  readonly documentNumber: string;
  readonly nationality: string;
  /** `YYMMDD`, with `<<` for unknown parts (Part 3 §4.8); see `resolveMrzDate` for the full date. */
  readonly dateOfBirth: string;
  readonly sex: Sex;
  /** `YYMMDD`. */
  readonly dateOfExpiry: string;
  /** Every check digit of the format, in the order of the standard's check digit table. */
  readonly checkDigits: readonly CheckDigitResult[];
  /** Whether every check digit matches. */
  readonly valid: boolean;
}

export interface ParseMrzOptions {
  /**
   * With `true` (the default) a wrong check digit throws `MRZ_CHECK_DIGIT_MISMATCH`. With `false` it is
   * only reported in `checkDigits` and `valid` (e.g. to show an OCR result for correction).
   */
  readonly strict?: boolean;
}
