import { ByteReader, type ByteWriter } from './byte-io';
import type { CorePoint, DeltaPoint, ExtendedDataArea, MinutiaeRecordFormat, RidgeCount, RidgeCountMethod } from './minutiae-record';
import { EXTENDED_DATA_CORES_DELTAS, EXTENDED_DATA_RIDGE_COUNTS, MAX_COORDINATE, maxAngleCode, recordError, requireInImage, requireInteger } from './record-fields';

/**
 * Extended data of a finger view (ISO/IEC 19794-2:2005 §7.5, ANSI INCITS 378-2004 §6.6): a 2-byte
 * block length (0: no extended data), then areas of `type id (2) | area length (2, including these
 * 4 bytes) | data`. The block length must be the sum of the area lengths.
 *
 * Ridge count data (type 0x0001), the same in both standards: 1 byte extraction method, then
 * `index | index | count` triples.
 *
 * Core and delta data (type 0x0002) differ:
 * - ISO/IEC 19794-2:2005: a count byte (2 reserved bits, 6 bits count) for the cores, each core
 *   `type (2 bits: 00 no angle, 01 angle) | x (14) | reserved (2) | y (14) [| angle (1 byte)]`;
 *   then the same for deltas with three angles. The angle flag is per point; angles in 1.40625° units.
 * - ANSI INCITS 378-2004: a byte `type (2 bits) | reserved (2) | core count (4)` where the type says
 *   for all cores whether they carry an angle; cores `reserved (2) | x (14) | reserved (2) | y (14)
 *   [| angle]`; then `type (2) | delta count (6)` and the deltas with three angles. Angles in 2° units.
 */
export interface ExtendedDataContext {
  readonly format: MinutiaeRecordFormat;
  readonly imageWidth: number;
  readonly imageHeight: number;
  readonly minutiaCount: number;
  /** Where the view is, for messages: e.g. `views[0]`. */
  readonly where: string;
}

/** Decodes the extended data block whose areas fill `[offset, offset + blockLength)` of `bytes`. */
export function decodeExtendedDataBlock(bytes: Uint8Array, offset: number, blockLength: number, context: ExtendedDataContext): ExtendedDataArea[] {
  const areas: ExtendedDataArea[] = [];
  const block = new ByteReader(bytes, offset, offset + blockLength, 'FMR_LENGTH_MISMATCH');
  while (block.remaining > 0) {
    const at = block.offset;
    const typeId = block.u16(`${context.where} extended data area type (block length ${blockLength})`);
    const length = block.u16(`${context.where} extended data area length (block length ${blockLength})`);
    if (length < 4) throw recordError('FMR_LENGTH_MISMATCH', `${context.where}: extended data area at offset ${at} has length ${length}, less than its own 4-byte header`, { offset: at, length });
    if (length - 4 > block.remaining) {
      throw recordError('FMR_LENGTH_MISMATCH', `${context.where}: extended data area at offset ${at} of length ${length} overruns its block (${block.remaining + 4} bytes left)`, { offset: at, length, blockLength });
    }
    if (typeId === 0) throw recordError('FMR_FIELD_INVALID', `${context.where}: extended data type 0x0000 is reserved`, { offset: at });
    const dataOffset = block.offset;
    block.offset += length - 4;
    const where = `${context.where} extended data area at offset ${at}`;
    if (typeId === EXTENDED_DATA_RIDGE_COUNTS) areas.push(decodeRidgeCounts(bytes, dataOffset, length - 4, context, where));
    else if (typeId === EXTENDED_DATA_CORES_DELTAS) areas.push(decodeCoresDeltas(bytes, dataOffset, length - 4, context, where));
    else areas.push({ kind: 'opaque', typeId, data: bytes.slice(dataOffset, dataOffset + length - 4) });
  }
  return areas;
}

function areaReader(bytes: Uint8Array, offset: number, length: number): ByteReader {
  return new ByteReader(bytes, offset, offset + length, 'FMR_EXTENDED_DATA_INVALID');
}

function decodeRidgeCounts(bytes: Uint8Array, offset: number, length: number, context: ExtendedDataContext, where: string): ExtendedDataArea {
  const data = areaReader(bytes, offset, length);
  const method = data.u8(`${where}: ridge count extraction method`);
  if (method > 2) throw recordError('FMR_FIELD_INVALID', `${where}: ridge count extraction method ${method} is not 0, 1 or 2`, { offset, method });
  if ((length - 1) % 3 !== 0) throw recordError('FMR_EXTENDED_DATA_INVALID', `${where}: ridge count data of ${length - 1} bytes is not a whole number of 3-byte entries`, { offset, length });
  const counts: RidgeCount[] = [];
  while (data.remaining > 0) {
    const first = data.u8(`${where}: ridge count`);
    const second = data.u8(`${where}: ridge count`);
    const count = data.u8(`${where}: ridge count`);
    if (first > context.minutiaCount || second > context.minutiaCount) {
      throw recordError('FMR_EXTENDED_DATA_INVALID', `${where}: ridge count between minutiae ${first} and ${second} of a view with ${context.minutiaCount}`, { offset, first, second, minutiae: context.minutiaCount });
    }
    counts.push({ first, second, count });
  }
  return { kind: 'ridge-counts', method: method as RidgeCountMethod, counts };
}

function decodeCoresDeltas(bytes: Uint8Array, offset: number, length: number, context: ExtendedDataContext, where: string): ExtendedDataArea {
  const data = areaReader(bytes, offset, length);
  const iso = context.format === 'iso-19794-2-2005';
  const maxAngle = maxAngleCode(context.format);

  const countByte = (kind: 'core' | 'delta'): { angular: boolean; count: number } => {
    const value = data.u8(`${where}: ${kind} count`);
    if (iso) {
      if (value >> 6 !== 0) throw recordError('FMR_RESERVED_BITS_SET', `${where}: reserved bits of the ${kind} count byte are set (0x${value.toString(16)})`, { offset, value });
      return { angular: false, count: value & 0x3f };
    }
    const type = value >> 6;
    if (type > 1) throw recordError('FMR_FIELD_INVALID', `${where}: ${kind} information type ${type} is not 0 (no angle) or 1 (angle)`, { offset, value });
    if (kind === 'core' && (value & 0x30) !== 0) throw recordError('FMR_RESERVED_BITS_SET', `${where}: reserved bits of the core count byte are set (0x${value.toString(16)})`, { offset, value });
    const count = kind === 'core' ? value & 0x0f : value & 0x3f;
    if (count === 0 && type !== 0) throw recordError('FMR_EXTENDED_DATA_INVALID', `${where}: ${kind} information type says "with angles" but there are no ${kind}s; the flag could not be kept`, { offset, value });
    return { angular: type === 1, count };
  };

  const position = (kind: 'core' | 'delta'): { x: number; y: number; angular: boolean | undefined } => {
    const xWord = data.u16(`${where}: ${kind} x`);
    const yWord = data.u16(`${where}: ${kind} y`);
    let angular: boolean | undefined;
    if (iso) {
      const type = xWord >> 14;
      if (type > 1) throw recordError('FMR_FIELD_INVALID', `${where}: ${kind} type ${type} is not 0 (no angle) or 1 (angle)`, { offset, value: type });
      angular = type === 1;
    } else if (xWord >> 14 !== 0) {
      throw recordError('FMR_RESERVED_BITS_SET', `${where}: reserved bits of a ${kind} x coordinate are set`, { offset });
    }
    if (yWord >> 14 !== 0) throw recordError('FMR_RESERVED_BITS_SET', `${where}: reserved bits of a ${kind} y coordinate are set`, { offset });
    const x = xWord & MAX_COORDINATE;
    const y = yWord & MAX_COORDINATE;
    requireInImage(x, y, context.imageWidth, context.imageHeight, `${where} ${kind}`);
    return { x, y, angular };
  };

  const angle = (kind: string): number => {
    const value = data.u8(`${where}: ${kind} angle`);
    if (value > maxAngle) throw recordError('FMR_FIELD_INVALID', `${where}: ${kind} angle ${value} exceeds ${maxAngle}`, { offset, value });
    return value;
  };

  const coreHeader = countByte('core');
  const cores: CorePoint[] = [];
  for (let index = 0; index < coreHeader.count; index++) {
    const { x, y, angular } = position('core');
    cores.push((angular ?? coreHeader.angular) ? { x, y, angle: angle('core') } : { x, y });
  }
  const deltaHeader = countByte('delta');
  const deltas: DeltaPoint[] = [];
  for (let index = 0; index < deltaHeader.count; index++) {
    const { x, y, angular } = position('delta');
    deltas.push((angular ?? deltaHeader.angular) ? { x, y, angles: [angle('delta'), angle('delta'), angle('delta')] } : { x, y });
  }
  if (data.remaining !== 0) throw recordError('FMR_EXTENDED_DATA_INVALID', `${where}: ${data.remaining} bytes left after the cores and deltas`, { offset, left: data.remaining });
  return { kind: 'cores-deltas', cores, deltas };
}

/** Validates an area for encoding and returns its encoded length including the 4-byte area header. */
export function measureExtendedDataArea(area: ExtendedDataArea, context: ExtendedDataContext): number {
  const where = context.where;
  switch (area.kind) {
    case 'ridge-counts': {
      requireInteger(area.method, 0, 2, `${where} ridge count method`);
      for (const entry of area.counts) {
        requireInteger(entry.first, 0, 255, `${where} ridge count index`);
        requireInteger(entry.second, 0, 255, `${where} ridge count index`);
        requireInteger(entry.count, 0, 255, `${where} ridge count`);
        if (entry.first > context.minutiaCount || entry.second > context.minutiaCount) {
          throw recordError('FMR_EXTENDED_DATA_INVALID', `${where}: ridge count between minutiae ${entry.first} and ${entry.second} of a view with ${context.minutiaCount}`, { first: entry.first, second: entry.second });
        }
      }
      return checkAreaLength(4 + 1 + 3 * area.counts.length, where);
    }
    case 'cores-deltas': {
      const iso = context.format === 'iso-19794-2-2005';
      const maxAngle = maxAngleCode(context.format);
      requireInteger(area.cores.length, 0, iso ? 0x3f : 0x0f, `${where} core count`);
      requireInteger(area.deltas.length, 0, 0x3f, `${where} delta count`);
      const point = (x: number, y: number, kind: string): void => {
        requireInteger(x, 0, MAX_COORDINATE, `${where} ${kind} x`);
        requireInteger(y, 0, MAX_COORDINATE, `${where} ${kind} y`);
        requireInImage(x, y, context.imageWidth, context.imageHeight, `${where} ${kind}`);
      };
      let length = 4 + 2;
      for (const core of area.cores) {
        point(core.x, core.y, 'core');
        if (core.angle !== undefined) requireInteger(core.angle, 0, maxAngle, `${where} core angle`);
        length += core.angle === undefined ? 4 : 5;
      }
      for (const delta of area.deltas) {
        point(delta.x, delta.y, 'delta');
        if (delta.angles !== undefined) for (const value of delta.angles) requireInteger(value, 0, maxAngle, `${where} delta angle`);
        length += delta.angles === undefined ? 4 : 7;
      }
      if (!iso) {
        const coreAngles = new Set(area.cores.map((core) => core.angle !== undefined));
        const deltaAngles = new Set(area.deltas.map((delta) => delta.angles !== undefined));
        if (coreAngles.size > 1 || deltaAngles.size > 1) {
          throw recordError('FMR_EXTENDED_DATA_INVALID', `${where}: ANSI INCITS 378-2004 records angles for all cores (deltas) of an area or for none`);
        }
      }
      return checkAreaLength(length, where);
    }
    case 'opaque':
      requireInteger(area.typeId, 1, 0xffff, `${where} extended data type`);
      if (area.typeId === EXTENDED_DATA_RIDGE_COUNTS || area.typeId === EXTENDED_DATA_CORES_DELTAS) {
        throw recordError('FMR_FIELD_INVALID', `${where}: type 0x000${area.typeId} has a decoded form; give it as such`, { typeId: area.typeId });
      }
      return checkAreaLength(4 + area.data.length, where);
  }
}

function checkAreaLength(length: number, where: string): number {
  if (length > 0xffff) throw recordError('FMR_LENGTH_MISMATCH', `${where}: extended data area of ${length} bytes exceeds 65535`, { length });
  return length;
}

/** Writes an area measured by {@link measureExtendedDataArea}. */
export function writeExtendedDataArea(out: ByteWriter, area: ExtendedDataArea, length: number, format: MinutiaeRecordFormat): void {
  const iso = format === 'iso-19794-2-2005';
  switch (area.kind) {
    case 'ridge-counts':
      out.u16(EXTENDED_DATA_RIDGE_COUNTS);
      out.u16(length);
      out.u8(area.method);
      for (const entry of area.counts) {
        out.u8(entry.first);
        out.u8(entry.second);
        out.u8(entry.count);
      }
      return;
    case 'cores-deltas': {
      out.u16(EXTENDED_DATA_CORES_DELTAS);
      out.u16(length);
      const coreAngles = area.cores.length > 0 && area.cores[0]!.angle !== undefined;
      out.u8(iso ? area.cores.length : ((coreAngles ? 1 : 0) << 6) | area.cores.length);
      for (const core of area.cores) {
        out.u16(iso && core.angle !== undefined ? 0x4000 | core.x : core.x);
        out.u16(core.y);
        if (core.angle !== undefined) out.u8(core.angle);
      }
      const deltaAngles = area.deltas.length > 0 && area.deltas[0]!.angles !== undefined;
      out.u8(iso ? area.deltas.length : ((deltaAngles ? 1 : 0) << 6) | area.deltas.length);
      for (const delta of area.deltas) {
        out.u16(iso && delta.angles !== undefined ? 0x4000 | delta.x : delta.x);
        out.u16(delta.y);
        if (delta.angles !== undefined) for (const value of delta.angles) out.u8(value);
      }
      return;
    }
    case 'opaque':
      out.u16(area.typeId);
      out.u16(length);
      out.write(area.data);
      return;
  }
}
