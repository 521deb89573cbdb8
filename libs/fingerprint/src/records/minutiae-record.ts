/**
 * The data model shared by ISO/IEC 19794-2:2005 (finger minutiae record format, clause 7) and
 * ANSI INCITS 378-2004 (clause 6). Both standards carry the same information — a record header,
 * finger views, 6-byte minutiae and extended data — but lay the header out differently and
 * encode minutia angles in different units, so a record remembers which standard it follows and
 * keeps every value in that standard's own units: parsing and encoding round-trip byte for byte.
 *
 * Coordinates are pixels with the origin at the upper-left corner of the image, x to the right
 * and y downwards; angles are counter-clockwise from the horizontal axis pointing right (ISO/IEC
 * 19794-2:2005 §7.4, ANSI INCITS 378-2004 §6.5).
 */

export type MinutiaeRecordFormat = 'iso-19794-2-2005' | 'ansi-378-2004';

/** Minutia type, the two high bits of the x coordinate word: 00 other, 01 ridge ending, 10 ridge bifurcation (11 is reserved). */
export type MinutiaType = 'other' | 'ridge-ending' | 'bifurcation';

export interface Minutia {
  readonly type: MinutiaType;
  /** 0 ≤ x < image width (14 bits). */
  readonly x: number;
  /** 0 ≤ y < image height (14 bits). */
  readonly y: number;
  /**
   * Direction in the record's own units: ISO/IEC 19794-2:2005 uses 360/256 = 1.40625° per unit
   * (0–255); ANSI INCITS 378-2004 uses 2° per unit (0–179). See {@link minutiaAngleDegrees}.
   */
  readonly angle: number;
  /** 0–100 (0: not reported). */
  readonly quality: number;
}

/** A ridge count between two minutiae of the view (extended data type 0x0001). */
export interface RidgeCount {
  /** Minutia index as recorded; implementations differ on 0- or 1-based indices, so it is kept as is and only checked to be ≤ the view's minutia count. */
  readonly first: number;
  readonly second: number;
  readonly count: number;
}

/** Ridge count extraction method: 0 non-specific, 1 four-neighbour, 2 eight-neighbour. */
export type RidgeCountMethod = 0 | 1 | 2;

export interface CorePoint {
  readonly x: number;
  readonly y: number;
  /** In the record's angle units; absent when the core has no angle. */
  readonly angle?: number;
}

export interface DeltaPoint {
  readonly x: number;
  readonly y: number;
  /** The three ridge directions of the delta, in the record's angle units; absent when not recorded. */
  readonly angles?: readonly [number, number, number];
}

/**
 * One area of a finger view's extended data block. Ridge counts (type 0x0001) and cores and deltas
 * (type 0x0002) are decoded; every other type — vendor-defined (0x0100–0xFFFF) or not defined by
 * the 2004/2005 editions (e.g. zonal quality) — keeps its bytes exactly as received.
 */
export type ExtendedDataArea =
  | { readonly kind: 'ridge-counts'; readonly method: RidgeCountMethod; readonly counts: readonly RidgeCount[] }
  | { readonly kind: 'cores-deltas'; readonly cores: readonly CorePoint[]; readonly deltas: readonly DeltaPoint[] }
  | { readonly kind: 'opaque'; readonly typeId: number; readonly data: Uint8Array };

export interface FingerView {
  /** Finger position code 0–10 (0 unknown, 1 right thumb … 5 right little, 6 left thumb … 10 left little). */
  readonly fingerPosition: number;
  /** View number 0–15 (4 bits). */
  readonly viewNumber: number;
  /** Impression type (4 bits): 0 live-scan plain, 1 live-scan rolled, 2 non-live plain, 3 non-live rolled, 8 swipe; ANSI also 9 (live-scan contactless). */
  readonly impressionType: number;
  /** 0–100. */
  readonly fingerQuality: number;
  /** At most 255. */
  readonly minutiae: readonly Minutia[];
  readonly extendedData: readonly ExtendedDataArea[];
}

/** Capture equipment: 4 bits of compliance/certification flags and a 12-bit device identifier. */
export interface CaptureEquipment {
  readonly compliance: number;
  readonly id: number;
}

interface MinutiaeRecordBase {
  readonly captureEquipment: CaptureEquipment;
  /** Image width and height in pixels (non-zero). */
  readonly imageWidth: number;
  readonly imageHeight: number;
  /** Resolution in pixels per centimetre in both standards (197 ≈ 500 dpi; non-zero). */
  readonly resolutionX: number;
  readonly resolutionY: number;
  /** At most 255. */
  readonly views: readonly FingerView[];
}

/** An ISO/IEC 19794-2:2005 finger minutiae record (clause 7; 24-byte header with a 4-byte record length). */
export interface IsoMinutiaeRecord extends MinutiaeRecordBase {
  readonly format: 'iso-19794-2-2005';
}

/** An ANSI INCITS 378-2004 finger minutiae record (clause 6; 26- or 30-byte header with the CBEFF product identifier). */
export interface AnsiMinutiaeRecord extends MinutiaeRecordBase {
  readonly format: 'ansi-378-2004';
  /** CBEFF product identifier: the owner (IBIA-registered vendor) and the owner's product type. */
  readonly productId: { readonly owner: number; readonly type: number };
}

export type MinutiaeRecord = IsoMinutiaeRecord | AnsiMinutiaeRecord;

/** "FMR\0" — the format identifier both standards share. */
export const FMR_FORMAT_IDENTIFIER: Uint8Array = Uint8Array.of(0x46, 0x4d, 0x52, 0x00);
/** " 20\0" — the version of ISO/IEC 19794-2:2005 and ANSI INCITS 378-2004 records. */
export const FMR_VERSION_20: Uint8Array = Uint8Array.of(0x20, 0x32, 0x30, 0x00);

/** Header sizes: ISO/IEC 19794-2:2005 24 bytes; ANSI INCITS 378-2004 26 bytes, or 30 when the record length needs the 6-byte form. */
export const ISO_HEADER_LENGTH = 24;
export const ANSI_HEADER_LENGTH = 26;
export const ANSI_LONG_HEADER_LENGTH = 30;

/** Degrees per angle unit: 360/256 for ISO/IEC 19794-2:2005, 2 for ANSI INCITS 378-2004. */
export function angleUnitDegrees(format: MinutiaeRecordFormat): number {
  return format === 'iso-19794-2-2005' ? 360 / 256 : 2;
}

/** Number of distinct angle values: 256 (ISO) or 180 (ANSI). */
export function angleUnitCount(format: MinutiaeRecordFormat): number {
  return format === 'iso-19794-2-2005' ? 256 : 180;
}

/** A minutia's (or core's) angle in degrees, counter-clockwise from the x axis, in [0, 360). */
export function minutiaAngleDegrees(format: MinutiaeRecordFormat, angle: number): number {
  return angle * angleUnitDegrees(format);
}

/** The nearest angle code of `format` for a direction in degrees (any real value; wrapped to [0, 360)). */
export function angleCodeFromDegrees(format: MinutiaeRecordFormat, degrees: number): number {
  const units = angleUnitCount(format);
  const code = Math.round((((degrees % 360) + 360) % 360) / angleUnitDegrees(format));
  return code % units;
}

/** Names of the finger position codes 0–10 (ANSI/NIST-ITL finger position table, used by both standards). */
export const FINGER_POSITIONS = [
  'unknown',
  'right-thumb',
  'right-index',
  'right-middle',
  'right-ring',
  'right-little',
  'left-thumb',
  'left-index',
  'left-middle',
  'left-ring',
  'left-little',
] as const;

export type FingerPositionName = (typeof FINGER_POSITIONS)[number];
