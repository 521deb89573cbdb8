import { CitizenZeroError } from '@citizen-zero/errors';

/**
 * Stable codes for everything that can be wrong with a finger minutiae record, a template or a
 * request to the generator and the matcher. Parsers, encoders and the matcher throw
 * {@link FingerprintError} with them; `details` carry byte offsets and field names, never minutiae.
 */
export const FINGERPRINT_ERROR_CODES = [
  /** Not a finger minutiae record this library reads: the format identifier is not "FMR\0" or the version is not " 20\0" (record header: ISO/IEC 19794-2:2005 §7.3, ANSI INCITS 378-2004 §6.4). */
  'FMR_FORMAT_UNKNOWN',
  /** The bytes end before a structure they announce: a header, a minutia, an extended data block, or the record length itself. */
  'FMR_TRUNCATED',
  /** Two lengths disagree: the record length and the bytes, the record length and the views it holds, an extended data block and its areas. */
  'FMR_LENGTH_MISMATCH',
  /** A field holds a value its standard does not define (finger position, impression type, quality above 100, minutia type 11, an ANSI angle above 179, a zero image size or resolution, …). */
  'FMR_FIELD_INVALID',
  /** A minutia, core or delta lies outside the image whose size the record header gives (ISO/IEC 19794-2:2005 §7.4; ANSI INCITS 378-2004 §6.5). */
  'FMR_COORDINATE_OUT_OF_IMAGE',
  /** A reserved byte or bit is not zero (record header reserved byte, the 2 high bits of a minutia's y coordinate, reserved bits of core and delta data). */
  'FMR_RESERVED_BITS_SET',
  /** A ridge count or core and delta area is malformed (e.g. a minutia index beyond the minutiae of its view). */
  'FMR_EXTENDED_DATA_INVALID',
  /** A template cannot be prepared from the record (no such finger view) or is not a template of this matcher version. */
  'TEMPLATE_INVALID',
  /** A generator, matcher or evaluation parameter is out of its range. */
  'PARAMETER_INVALID',
] as const;

export type FingerprintErrorCode = (typeof FINGERPRINT_ERROR_CODES)[number];
export type MinutiaeRecordErrorCode = Extract<FingerprintErrorCode, `FMR_${string}`>;

export class FingerprintError extends CitizenZeroError<FingerprintErrorCode> {
  constructor(
    readonly code: FingerprintErrorCode,
    message: string,
    details: Record<string, string | number | boolean> = {},
    options?: { cause?: unknown },
  ) {
    super(message, details, options);
  }
}
