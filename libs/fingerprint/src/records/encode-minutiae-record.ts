import { ByteWriter } from './byte-io';
import { measureExtendedDataArea, writeExtendedDataArea } from './extended-data';
import {
  ANSI_HEADER_LENGTH,
  ANSI_LONG_HEADER_LENGTH,
  FMR_FORMAT_IDENTIFIER,
  FMR_VERSION_20,
  ISO_HEADER_LENGTH,
  type AnsiMinutiaeRecord,
  type IsoMinutiaeRecord,
  type MinutiaeRecord,
  type MinutiaeRecordFormat,
} from './minutiae-record';
import { MAX_COORDINATE, MAX_FINGER_POSITION, MAX_QUALITY, MINUTIA_TYPE_CODE, maxAngleCode, recordError, requireImpressionType, requireInImage, requireInteger } from './record-fields';

/**
 * Encodes an ISO/IEC 19794-2:2005 finger minutiae record (clause 7): the 24-byte record header
 * (§7.3: identifier, version, 4-byte record length, capture equipment, image size, resolution in
 * pixels per centimetre, number of views, reserved byte), then per view the 4-byte finger view
 * header, 6-byte minutiae with angles in 1.40625° units (§7.4) and the extended data block (§7.5).
 *
 * @throws {FingerprintError} with an `FMR_*` code when a field is out of its range.
 */
export function encodeIso19794_2(record: IsoMinutiaeRecord): Uint8Array {
  requireFormat(record, 'iso-19794-2-2005');
  const views = measureViews(record);
  const length = ISO_HEADER_LENGTH + views.total;
  if (length > 0xffffffff) throw recordError('FMR_LENGTH_MISMATCH', `a record of ${length} bytes exceeds the 4-byte record length`, { length });
  const out = new ByteWriter(length);
  out.write(FMR_FORMAT_IDENTIFIER);
  out.write(FMR_VERSION_20);
  out.u32(length);
  writeCommonHeader(out, record);
  writeViews(out, record, views);
  return out.bytes;
}

/**
 * Encodes an ANSI INCITS 378-2004 finger minutiae record (clause 6): the record header (§6.4:
 * identifier, version, a 2-byte record length — or 0x0000 and a 4-byte length when the record
 * exceeds 65535 bytes —, the 4-byte CBEFF product identifier, capture equipment, image size,
 * resolution in pixels per centimetre, number of views, reserved byte), then the views (§6.5)
 * with angles in 2° units and their extended data (§6.6).
 *
 * @throws {FingerprintError} with an `FMR_*` code when a field is out of its range.
 */
export function encodeAnsi378(record: AnsiMinutiaeRecord): Uint8Array {
  requireFormat(record, 'ansi-378-2004');
  requireInteger(record.productId.owner, 0, 0xffff, 'productId.owner');
  requireInteger(record.productId.type, 0, 0xffff, 'productId.type');
  const views = measureViews(record);
  const shortLength = ANSI_HEADER_LENGTH + views.total;
  const long = shortLength > 0xffff;
  const length = long ? ANSI_LONG_HEADER_LENGTH + views.total : shortLength;
  if (length > 0xffffffff) throw recordError('FMR_LENGTH_MISMATCH', `a record of ${length} bytes exceeds the 4-byte record length`, { length });
  const out = new ByteWriter(length);
  out.write(FMR_FORMAT_IDENTIFIER);
  out.write(FMR_VERSION_20);
  if (long) {
    out.u16(0);
    out.u32(length);
  } else {
    out.u16(length);
  }
  out.u16(record.productId.owner);
  out.u16(record.productId.type);
  writeCommonHeader(out, record);
  writeViews(out, record, views);
  return out.bytes;
}

/** Encodes a record in the standard it names (`record.format`). */
export function encodeMinutiaeRecord(record: MinutiaeRecord): Uint8Array {
  return record.format === 'iso-19794-2-2005' ? encodeIso19794_2(record) : encodeAnsi378(record);
}

function requireFormat(record: MinutiaeRecord, format: MinutiaeRecordFormat): void {
  if (record.format !== format) {
    throw recordError('FMR_FIELD_INVALID', `a ${record.format} record cannot be encoded as ${format}; convert it first (convertMinutiaeRecord)`, { format: record.format });
  }
}

interface ViewLayout {
  readonly total: number;
  /** Per view, the encoded length of each extended data area and of the block. */
  readonly areaLengths: readonly (readonly number[])[];
  readonly blockLengths: readonly number[];
}

/** Validates every field of the views and measures them. */
function measureViews(record: MinutiaeRecord): ViewLayout {
  requireInteger(record.captureEquipment.compliance, 0, 0x0f, 'captureEquipment.compliance');
  requireInteger(record.captureEquipment.id, 0, 0x0fff, 'captureEquipment.id');
  requireInteger(record.imageWidth, 1, 0xffff, 'imageWidth');
  requireInteger(record.imageHeight, 1, 0xffff, 'imageHeight');
  requireInteger(record.resolutionX, 1, 0xffff, 'resolutionX');
  requireInteger(record.resolutionY, 1, 0xffff, 'resolutionY');
  requireInteger(record.views.length, 0, 255, 'number of finger views');
  const maxAngle = maxAngleCode(record.format);
  let total = 0;
  const areaLengths: number[][] = [];
  const blockLengths: number[] = [];
  record.views.forEach((view, viewIndex) => {
    const where = `views[${viewIndex}]`;
    requireInteger(view.fingerPosition, 0, MAX_FINGER_POSITION, `${where}.fingerPosition`);
    requireInteger(view.viewNumber, 0, 15, `${where}.viewNumber`);
    requireImpressionType(record.format, view.impressionType, `${where}.impressionType`);
    requireInteger(view.fingerQuality, 0, MAX_QUALITY, `${where}.fingerQuality`);
    requireInteger(view.minutiae.length, 0, 255, `${where} number of minutiae`);
    view.minutiae.forEach((minutia, index) => {
      const field = `${where}.minutiae[${index}]`;
      if (MINUTIA_TYPE_CODE[minutia.type] === undefined) throw recordError('FMR_FIELD_INVALID', `${field}.type ${String(minutia.type)} is not a minutia type`, { field });
      requireInteger(minutia.x, 0, MAX_COORDINATE, `${field}.x`);
      requireInteger(minutia.y, 0, MAX_COORDINATE, `${field}.y`);
      requireInImage(minutia.x, minutia.y, record.imageWidth, record.imageHeight, field);
      requireInteger(minutia.angle, 0, maxAngle, `${field}.angle`);
      requireInteger(minutia.quality, 0, MAX_QUALITY, `${field}.quality`);
    });
    const context = { format: record.format, imageWidth: record.imageWidth, imageHeight: record.imageHeight, minutiaCount: view.minutiae.length, where };
    const lengths = view.extendedData.map((area) => measureExtendedDataArea(area, context));
    const block = lengths.reduce((sum, length) => sum + length, 0);
    if (block > 0xffff) throw recordError('FMR_LENGTH_MISMATCH', `${where}: extended data of ${block} bytes exceeds the 2-byte block length`, { length: block });
    areaLengths.push(lengths);
    blockLengths.push(block);
    total += 4 + 6 * view.minutiae.length + 2 + block;
  });
  return { total, areaLengths, blockLengths };
}

function writeCommonHeader(out: ByteWriter, record: MinutiaeRecord): void {
  out.u16((record.captureEquipment.compliance << 12) | record.captureEquipment.id);
  out.u16(record.imageWidth);
  out.u16(record.imageHeight);
  out.u16(record.resolutionX);
  out.u16(record.resolutionY);
  out.u8(record.views.length);
  out.u8(0);
}

function writeViews(out: ByteWriter, record: MinutiaeRecord, layout: ViewLayout): void {
  record.views.forEach((view, viewIndex) => {
    out.u8(view.fingerPosition);
    out.u8((view.viewNumber << 4) | view.impressionType);
    out.u8(view.fingerQuality);
    out.u8(view.minutiae.length);
    for (const minutia of view.minutiae) {
      out.u16((MINUTIA_TYPE_CODE[minutia.type] << 14) | minutia.x);
      out.u16(minutia.y);
      out.u8(minutia.angle);
      out.u8(minutia.quality);
    }
    out.u16(layout.blockLengths[viewIndex]!);
    view.extendedData.forEach((area, areaIndex) => writeExtendedDataArea(out, area, layout.areaLengths[viewIndex]![areaIndex]!, record.format));
  });
}
