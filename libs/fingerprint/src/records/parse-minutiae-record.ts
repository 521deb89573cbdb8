import { ByteReader } from './byte-io';
import { decodeExtendedDataBlock } from './extended-data';
import {
  ANSI_HEADER_LENGTH,
  ANSI_LONG_HEADER_LENGTH,
  FMR_FORMAT_IDENTIFIER,
  FMR_VERSION_20,
  ISO_HEADER_LENGTH,
  type CaptureEquipment,
  type FingerView,
  type Minutia,
  type MinutiaeRecord,
  type MinutiaeRecordFormat,
} from './minutiae-record';
import { MAX_COORDINATE, MAX_FINGER_POSITION, MAX_QUALITY, MINUTIA_TYPE_BY_CODE, maxAngleCode, recordError, requireImpressionType, requireInImage } from './record-fields';

export interface ParseMinutiaeRecordOptions {
  /** Read the bytes as this standard instead of telling the two apart from the record length field. */
  readonly format?: MinutiaeRecordFormat;
}

/**
 * Parses an ISO/IEC 19794-2:2005 or ANSI INCITS 378-2004 finger minutiae record.
 *
 * Both start with "FMR\0" " 20\0"; {@link detectMinutiaeRecordFormat} tells them apart by the
 * record length field (4 bytes in ISO, 2 or 0 + 4 in ANSI). Parsing is strict: the record length
 * must be the number of bytes given, the views must fill it exactly, every field must be in its
 * range and reserved bits zero. Unknown extended data areas are kept byte for byte, so
 * `encodeIso19794_2(parse(bytes))` / `encodeAnsi378(parse(bytes))` gives back `bytes`.
 *
 * @throws {FingerprintError} `FMR_FORMAT_UNKNOWN`, `FMR_TRUNCATED`, `FMR_LENGTH_MISMATCH`,
 * `FMR_FIELD_INVALID`, `FMR_COORDINATE_OUT_OF_IMAGE`, `FMR_RESERVED_BITS_SET`, `FMR_EXTENDED_DATA_INVALID`.
 */
export function parseMinutiaeRecord(bytes: Uint8Array, options: ParseMinutiaeRecordOptions = {}): MinutiaeRecord {
  const format = options.format ?? detectMinutiaeRecordFormat(bytes);
  if (options.format !== undefined) checkIdentifier(bytes);
  return format === 'iso-19794-2-2005' ? parseIso(bytes) : parseAnsi(bytes);
}

/**
 * Which standard a record follows. The length field after the 8-byte identifier is 4 bytes in
 * ISO/IEC 19794-2:2005 (§7.3) and 2 bytes in ANSI INCITS 378-2004 (§6.4), or 0x0000 followed by 4
 * bytes when the ANSI record exceeds 65535 bytes. Exactly one reading can agree with the number of
 * bytes; when neither does (a damaged record) the values decide as FingerprintIO does: a 2-byte value
 * ≥ 26 can only be an ANSI length, 1–25 only the high half of a long ISO length, and after 0x0000 a
 * value ≥ 24 only the low half of an ISO length.
 */
export function detectMinutiaeRecordFormat(bytes: Uint8Array): MinutiaeRecordFormat {
  checkIdentifier(bytes);
  if (bytes.length < 12) throw recordError('FMR_TRUNCATED', `a finger minutiae record has at least ${ISO_HEADER_LENGTH} bytes, got ${bytes.length}`, { length: bytes.length });
  const word = (offset: number): number => (bytes[offset]! << 8) | bytes[offset + 1]!;
  const isoLength = word(8) * 0x10000 + word(10);
  const ansiShort = word(8);
  const ansiLong = ansiShort === 0 && bytes.length >= 14 ? word(10) * 0x10000 + word(12) : undefined;
  const isoAgrees = isoLength === bytes.length;
  const ansiAgrees = ansiShort !== 0 ? ansiShort === bytes.length : ansiLong === bytes.length;
  if (isoAgrees !== ansiAgrees) return isoAgrees ? 'iso-19794-2-2005' : 'ansi-378-2004';
  if (ansiShort >= ANSI_HEADER_LENGTH) return 'ansi-378-2004';
  if (ansiShort > 0) return 'iso-19794-2-2005';
  return word(10) >= ISO_HEADER_LENGTH ? 'iso-19794-2-2005' : 'ansi-378-2004';
}

function checkIdentifier(bytes: Uint8Array): void {
  const expected = [...FMR_FORMAT_IDENTIFIER, ...FMR_VERSION_20];
  for (let index = 0; index < expected.length; index++) {
    if (index >= bytes.length) throw recordError('FMR_TRUNCATED', `${bytes.length} bytes end inside the format identifier and version`, { length: bytes.length });
    if (bytes[index] !== expected[index]) {
      const what = index < 4 ? 'format identifier is not "FMR\\0"' : 'version is not " 20\\0" (only the 2004/2005 editions are read)';
      throw recordError('FMR_FORMAT_UNKNOWN', `not a finger minutiae record this library reads: the ${what}`, { offset: index });
    }
  }
}

function checkRecordLength(recordLength: number, headerLength: number, bytes: Uint8Array): void {
  if (recordLength > bytes.length) {
    throw recordError('FMR_TRUNCATED', `the record length is ${recordLength} bytes but only ${bytes.length} were given`, { recordLength, length: bytes.length });
  }
  if (recordLength !== bytes.length) {
    throw recordError('FMR_LENGTH_MISMATCH', `the record length is ${recordLength} bytes but ${bytes.length} were given`, { recordLength, length: bytes.length });
  }
  if (recordLength < headerLength) throw recordError('FMR_LENGTH_MISMATCH', `a record length of ${recordLength} is shorter than the ${headerLength}-byte header`, { recordLength });
}

interface CommonHeader {
  readonly captureEquipment: CaptureEquipment;
  readonly imageWidth: number;
  readonly imageHeight: number;
  readonly resolutionX: number;
  readonly resolutionY: number;
  readonly viewCount: number;
}

/** The header fields after the record length (and, in ANSI, the product identifier), the same in both standards. */
function readCommonHeader(reader: ByteReader): CommonHeader {
  const equipment = reader.u16('capture equipment');
  const fields = { imageWidth: 0, imageHeight: 0, resolutionX: 0, resolutionY: 0 };
  for (const field of ['imageWidth', 'imageHeight', 'resolutionX', 'resolutionY'] as const) {
    const at = reader.offset;
    fields[field] = reader.u16(field);
    if (fields[field] === 0) throw recordError('FMR_FIELD_INVALID', `${field} is 0`, { offset: at, field });
  }
  const viewCount = reader.u8('number of finger views');
  const reserved = reader.u8('reserved byte');
  if (reserved !== 0) throw recordError('FMR_RESERVED_BITS_SET', `the header's reserved byte is 0x${reserved.toString(16)}`, { offset: reader.offset - 1 });
  return { captureEquipment: { compliance: equipment >> 12, id: equipment & 0x0fff }, ...fields, viewCount };
}

function parseIso(bytes: Uint8Array): MinutiaeRecord {
  const reader = new ByteReader(bytes, 8, bytes.length);
  const recordLength = reader.u32('record length');
  checkRecordLength(recordLength, ISO_HEADER_LENGTH, bytes);
  const header = readCommonHeader(reader);
  const views = readViews(bytes, reader, header, 'iso-19794-2-2005');
  const { viewCount: _viewCount, ...rest } = header;
  return { format: 'iso-19794-2-2005', ...rest, views };
}

function parseAnsi(bytes: Uint8Array): MinutiaeRecord {
  const reader = new ByteReader(bytes, 8, bytes.length);
  let recordLength = reader.u16('record length');
  let headerLength = ANSI_HEADER_LENGTH;
  if (recordLength === 0) {
    recordLength = reader.u32('extended record length');
    headerLength = ANSI_LONG_HEADER_LENGTH;
    if (recordLength <= 0xffff) {
      throw recordError('FMR_FIELD_INVALID', `the 6-byte record length form holds ${recordLength}, which fits the 2-byte form (ANSI INCITS 378-2004 §6.4 uses it only above 65535)`, { recordLength });
    }
  }
  checkRecordLength(recordLength, headerLength, bytes);
  const owner = reader.u16('CBEFF product identifier owner');
  const type = reader.u16('CBEFF product identifier type');
  const header = readCommonHeader(reader);
  const views = readViews(bytes, reader, header, 'ansi-378-2004');
  const { viewCount: _viewCount, ...rest } = header;
  return { format: 'ansi-378-2004', productId: { owner, type }, ...rest, views };
}

function readViews(bytes: Uint8Array, reader: ByteReader, header: CommonHeader, format: MinutiaeRecordFormat): FingerView[] {
  const views: FingerView[] = [];
  for (let index = 0; index < header.viewCount; index++) views.push(readView(bytes, reader, header, format, `views[${index}]`));
  if (reader.remaining !== 0) {
    throw recordError('FMR_LENGTH_MISMATCH', `${header.viewCount} finger views end at offset ${reader.offset} but the record length is ${reader.end}`, { offset: reader.offset, recordLength: reader.end });
  }
  return views;
}

function readView(bytes: Uint8Array, reader: ByteReader, header: CommonHeader, format: MinutiaeRecordFormat, where: string): FingerView {
  const start = reader.offset;
  const fingerPosition = reader.u8(`${where} finger position`);
  if (fingerPosition > MAX_FINGER_POSITION) throw recordError('FMR_FIELD_INVALID', `${where}: finger position ${fingerPosition} is not 0–10`, { offset: start, value: fingerPosition });
  const viewAndImpression = reader.u8(`${where} view number and impression type`);
  const impressionType = requireImpressionType(format, viewAndImpression & 0x0f, `${where} impression type`);
  const fingerQuality = reader.u8(`${where} finger quality`);
  if (fingerQuality > MAX_QUALITY) throw recordError('FMR_FIELD_INVALID', `${where}: finger quality ${fingerQuality} exceeds 100`, { offset: start + 2, value: fingerQuality });
  const count = reader.u8(`${where} number of minutiae`);
  if (reader.remaining < count * 6) {
    throw recordError('FMR_TRUNCATED', `${where} announces ${count} minutiae (${count * 6} bytes) but ${reader.remaining} bytes are left`, { offset: reader.offset, minutiae: count, available: reader.remaining });
  }
  const maxAngle = maxAngleCode(format);
  const minutiae: Minutia[] = [];
  for (let index = 0; index < count; index++) {
    const at = reader.offset;
    const xWord = reader.u16('minutia');
    const yWord = reader.u16('minutia');
    const angle = reader.u8('minutia');
    const quality = reader.u8('minutia');
    const type = MINUTIA_TYPE_BY_CODE[xWord >> 14];
    if (type === undefined) throw recordError('FMR_FIELD_INVALID', `${where}.minutiae[${index}]: minutia type 11 is reserved`, { offset: at });
    if (yWord >> 14 !== 0) throw recordError('FMR_RESERVED_BITS_SET', `${where}.minutiae[${index}]: the reserved bits of y are set`, { offset: at + 2 });
    const x = xWord & MAX_COORDINATE;
    const y = yWord & MAX_COORDINATE;
    requireInImage(x, y, header.imageWidth, header.imageHeight, `${where}.minutiae[${index}]`);
    if (angle > maxAngle) throw recordError('FMR_FIELD_INVALID', `${where}.minutiae[${index}]: angle ${angle} exceeds ${maxAngle} (2° units)`, { offset: at + 4, value: angle });
    if (quality > MAX_QUALITY) throw recordError('FMR_FIELD_INVALID', `${where}.minutiae[${index}]: quality ${quality} exceeds 100`, { offset: at + 5, value: quality });
    minutiae.push({ type, x, y, angle, quality });
  }
  const blockLength = reader.u16(`${where} extended data block length`);
  reader.need(blockLength, `${where} extended data block`);
  const extendedData = decodeExtendedDataBlock(bytes, reader.offset, blockLength, {
    format,
    imageWidth: header.imageWidth,
    imageHeight: header.imageHeight,
    minutiaCount: count,
    where,
  });
  reader.offset += blockLength;
  return { fingerPosition, viewNumber: viewAndImpression >> 4, impressionType, fingerQuality, minutiae, extendedData };
}
