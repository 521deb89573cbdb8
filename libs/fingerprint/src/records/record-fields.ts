import { FingerprintError, type MinutiaeRecordErrorCode } from '../fingerprint-error';
import type { MinutiaeRecordFormat, MinutiaType } from './minutiae-record';

/** Minutia type codes of the two high bits of the x coordinate word (ISO/IEC 19794-2:2005 §7.4, ANSI INCITS 378-2004 §6.5); 0b11 is reserved. */
export const MINUTIA_TYPE_BY_CODE: readonly MinutiaType[] = ['other', 'ridge-ending', 'bifurcation'];
export const MINUTIA_TYPE_CODE: Readonly<Record<MinutiaType, number>> = { other: 0, 'ridge-ending': 1, bifurcation: 2 };

/** Impression type codes each standard defines (live-scan/non-live plain and rolled, swipe; ANSI INCITS 378-2004 also 9, live-scan contactless, as FingerprintIO reads it). */
export const IMPRESSION_TYPES: Readonly<Record<MinutiaeRecordFormat, readonly number[]>> = {
  'iso-19794-2-2005': [0, 1, 2, 3, 8],
  'ansi-378-2004': [0, 1, 2, 3, 8, 9],
};

/** Extended data type identifiers decoded by this library; 0x0000 is reserved in both standards. */
export const EXTENDED_DATA_RIDGE_COUNTS = 0x0001;
export const EXTENDED_DATA_CORES_DELTAS = 0x0002;

export const MAX_COORDINATE = 0x3fff;
export const MAX_QUALITY = 100;
export const MAX_FINGER_POSITION = 10;

export function recordError(code: MinutiaeRecordErrorCode, message: string, details: Record<string, string | number | boolean> = {}): FingerprintError {
  return new FingerprintError(code, message, details);
}

/** Fails with `code` unless `value` is an integer in [min, max]. */
export function requireInteger(value: unknown, min: number, max: number, field: string, code: MinutiaeRecordErrorCode = 'FMR_FIELD_INVALID'): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw recordError(code, `${field} must be an integer in [${min}, ${max}], got ${String(value)}`, { field, value: typeof value === 'number' ? value : String(value), min, max });
  }
  return value;
}

/** Fails with `FMR_COORDINATE_OUT_OF_IMAGE` unless (x, y) lies in the image. */
export function requireInImage(x: number, y: number, width: number, height: number, field: string): void {
  if (x >= width || y >= height) {
    throw recordError('FMR_COORDINATE_OUT_OF_IMAGE', `${field} (${x}, ${y}) lies outside the ${width} × ${height} image`, { field, x, y, width, height });
  }
}

export function requireImpressionType(format: MinutiaeRecordFormat, value: number, field: string): number {
  requireInteger(value, 0, 15, field);
  if (!IMPRESSION_TYPES[format].includes(value)) {
    throw recordError('FMR_FIELD_INVALID', `${field} ${value} is not an impression type of ${format} (${IMPRESSION_TYPES[format].join(', ')})`, { field, value });
  }
  return value;
}

/** Largest angle code of a format: 255 (ISO, 1.40625° units) or 179 (ANSI, 2° units). */
export function maxAngleCode(format: MinutiaeRecordFormat): number {
  return format === 'iso-19794-2-2005' ? 255 : 179;
}
