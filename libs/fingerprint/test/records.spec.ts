import { describe, expect, it } from 'vitest';
import {
  convertMinutiaeRecord,
  detectMinutiaeRecordFormat,
  encodeAnsi378,
  encodeIso19794_2,
  encodeMinutiaeRecord,
  minutiaAngleDegrees,
  parseMinutiaeRecord,
  type AnsiMinutiaeRecord,
  type IsoMinutiaeRecord,
  type Minutia,
} from '@citizen-zero/fingerprint';
import { ANSI_RECORD_TWO_VIEWS, FINGERJET_ISO_RECORD, ISO_RECORD_WITH_EXTENDED_DATA, SIMTEMPLATE_ISO_RECORD } from './support/records';

const iso = (bytes: Uint8Array): IsoMinutiaeRecord => {
  const record = parseMinutiaeRecord(bytes);
  if (record.format !== 'iso-19794-2-2005') throw new Error(`expected ISO, got ${record.format}`);
  return record;
};
const ansi = (bytes: Uint8Array): AnsiMinutiaeRecord => {
  const record = parseMinutiaeRecord(bytes);
  if (record.format !== 'ansi-378-2004') throw new Error(`expected ANSI, got ${record.format}`);
  return record;
};

describe('ISO/IEC 19794-2:2005 records written by other implementations', () => {
  it('reads the FingerJetFX OSE feature set: 24-byte header, 197 px/cm, one view of 68 minutiae, and writes it back byte for byte', () => {
    expect(detectMinutiaeRecordFormat(FINGERJET_ISO_RECORD)).toBe('iso-19794-2-2005');
    const record = iso(FINGERJET_ISO_RECORD);
    expect(record).toMatchObject({ captureEquipment: { compliance: 0, id: 0 }, imageWidth: 192, imageHeight: 350, resolutionX: 197, resolutionY: 197 });
    expect(record.views).toHaveLength(1);
    const [view] = record.views;
    expect(view).toMatchObject({ fingerPosition: 0, viewNumber: 0, impressionType: 0, fingerQuality: 57, extendedData: [] });
    expect(view!.minutiae).toHaveLength(68);
    // The first minutia: 80 5c | 01 4f | 3d | 5e — a bifurcation at (92, 335), 61 × 1.40625° = 85.78°, quality 94.
    expect(view!.minutiae[0]).toEqual<Minutia>({ type: 'bifurcation', x: 92, y: 335, angle: 61, quality: 94 });
    expect(minutiaAngleDegrees('iso-19794-2-2005', view!.minutiae[0]!.angle)).toBeCloseTo(85.78125, 5);
    expect(view!.minutiae.every((minutia) => minutia.x < 192 && minutia.y < 350)).toBe(true);
    expect(encodeIso19794_2(record)).toEqual(FINGERJET_ISO_RECORD);
  });

  it('reads the SimTemplate test template (view number 1, quality 0 minutiae) and writes it back', () => {
    const record = iso(SIMTEMPLATE_ISO_RECORD);
    expect(record).toMatchObject({ imageWidth: 300, imageHeight: 400 });
    expect(record.views[0]).toMatchObject({ fingerPosition: 0, viewNumber: 1, impressionType: 0, fingerQuality: 91 });
    expect(record.views[0]!.minutiae.map((minutia) => [minutia.type, minutia.x, minutia.y, minutia.angle])).toEqual([
      ['ridge-ending', 135, 11, 0x66],
      ['bifurcation', 181, 59, 0x67],
      ['ridge-ending', 113, 23, 0x6c],
      ['ridge-ending', 118, 52, 0x6d],
      ['bifurcation', 160, 75, 0xe2],
    ]);
    expect(encodeMinutiaeRecord(record)).toEqual(SIMTEMPLATE_ISO_RECORD);
  });
});

describe('ISO/IEC 19794-2:2005 extended data (§7.5)', () => {
  const record = iso(ISO_RECORD_WITH_EXTENDED_DATA);

  it('reads the header and the finger view header', () => {
    expect(record).toMatchObject({ captureEquipment: { compliance: 8, id: 0x123 }, imageWidth: 256, imageHeight: 384 });
    expect(record.views[0]).toMatchObject({ fingerPosition: 2, viewNumber: 0, impressionType: 8, fingerQuality: 80 });
    expect(record.views[0]!.minutiae).toEqual<Minutia[]>([
      { type: 'ridge-ending', x: 100, y: 200, angle: 64, quality: 60 },
      { type: 'bifurcation', x: 255, y: 383, angle: 255, quality: 100 },
      { type: 'other', x: 0, y: 0, angle: 0, quality: 0 },
    ]);
  });

  it('decodes ridge counts and per-point core and delta angles, keeps the vendor area as received', () => {
    expect(record.views[0]!.extendedData).toEqual([
      { kind: 'ridge-counts', method: 1, counts: [{ first: 1, second: 2, count: 5 }, { first: 2, second: 3, count: 7 }] },
      { kind: 'cores-deltas', cores: [{ x: 120, y: 150, angle: 0x80 }, { x: 130, y: 160 }], deltas: [{ x: 50, y: 300, angles: [0x10, 0x20, 0x30] }] },
      { kind: 'opaque', typeId: 0x0f01, data: Uint8Array.of(0xde, 0xad, 0xbe, 0xef) },
    ]);
  });

  it('writes it back byte for byte', () => {
    expect(encodeIso19794_2(record)).toEqual(ISO_RECORD_WITH_EXTENDED_DATA);
  });
});

describe('ANSI INCITS 378-2004 records (clause 6)', () => {
  it('tells ANSI from ISO by the 2-byte record length and reads the CBEFF product identifier', () => {
    expect(detectMinutiaeRecordFormat(ANSI_RECORD_TWO_VIEWS)).toBe('ansi-378-2004');
    const record = ansi(ANSI_RECORD_TWO_VIEWS);
    expect(record).toMatchObject({ productId: { owner: 0x33, type: 1 }, captureEquipment: { compliance: 8, id: 1 }, imageWidth: 512, imageHeight: 512, resolutionX: 197 });
    expect(record.views.map((view) => [view.fingerPosition, view.viewNumber, view.impressionType, view.fingerQuality, view.minutiae.length])).toEqual([
      [1, 0, 1, 70, 2],
      [1, 1, 1, 80, 0],
    ]);
  });

  it('reads angles in 2° units (0–179) and cores with the block-level angle flag', () => {
    const record = ansi(ANSI_RECORD_TWO_VIEWS);
    const [first, second] = record.views[0]!.minutiae;
    expect(first).toEqual<Minutia>({ type: 'ridge-ending', x: 10, y: 20, angle: 179, quality: 50 });
    expect(minutiaAngleDegrees('ansi-378-2004', first!.angle)).toBe(358);
    expect(minutiaAngleDegrees('ansi-378-2004', second!.angle)).toBe(90);
    expect(record.views[0]!.extendedData).toEqual([
      { kind: 'cores-deltas', cores: [{ x: 256, y: 128, angle: 90 }], deltas: [{ x: 16, y: 32 }, { x: 48, y: 64 }] },
    ]);
  });

  it('writes it back byte for byte', () => {
    expect(encodeAnsi378(ansi(ANSI_RECORD_TWO_VIEWS))).toEqual(ANSI_RECORD_TWO_VIEWS);
  });

  it('switches to the 6-byte record length (0x0000 + 4 bytes) above 65535 bytes, and reads it back', () => {
    const minutiae: Minutia[] = Array.from({ length: 255 }, (_, index) => ({ type: 'ridge-ending', x: index, y: index, angle: index % 180, quality: 50 }));
    const record: AnsiMinutiaeRecord = {
      format: 'ansi-378-2004',
      productId: { owner: 0x33, type: 2 },
      captureEquipment: { compliance: 0, id: 0 },
      imageWidth: 300,
      imageHeight: 300,
      resolutionX: 197,
      resolutionY: 197,
      views: Array.from({ length: 50 }, (_, index) => ({ fingerPosition: 1 + (index % 10), viewNumber: Math.floor(index / 10), impressionType: 0, fingerQuality: 60, minutiae, extendedData: [] })),
    };
    const bytes = encodeAnsi378(record);
    expect(bytes.length).toBe(30 + 50 * (4 + 255 * 6 + 2));
    expect([...bytes.subarray(8, 14)]).toEqual([0, 0, bytes.length >>> 24, (bytes.length >>> 16) & 0xff, (bytes.length >>> 8) & 0xff, bytes.length & 0xff]);
    expect(detectMinutiaeRecordFormat(bytes)).toBe('ansi-378-2004');
    expect(parseMinutiaeRecord(bytes)).toEqual(record);
    // The same record in ISO keeps its 24-byte header with a 4-byte length.
    const isoBytes = encodeIso19794_2(convertMinutiaeRecord(record, 'iso-19794-2-2005'));
    expect(isoBytes.length).toBe(bytes.length - 6);
    expect(detectMinutiaeRecordFormat(isoBytes)).toBe('iso-19794-2-2005');
  });
});

describe('converting between the standards', () => {
  it('ISO → ANSI rounds angles to 2° units and adds a product identifier; the header shrinks by 2 bytes net', () => {
    const record = iso(ISO_RECORD_WITH_EXTENDED_DATA);
    const converted = convertMinutiaeRecord(record, 'ansi-378-2004', { productId: { owner: 0x1234, type: 7 } });
    expect(converted.productId).toEqual({ owner: 0x1234, type: 7 });
    // 64 × 1.40625° = 90° → 45; 255 × 1.40625° = 358.59° → 179.
    expect(converted.views[0]!.minutiae.map((minutia) => minutia.angle)).toEqual([45, 179, 0]);
    const cores = converted.views[0]!.extendedData[1];
    expect(cores).toEqual({ kind: 'cores-deltas', cores: [{ x: 120, y: 150, angle: 90 }, { x: 130, y: 160 }], deltas: [{ x: 50, y: 300, angles: [11, 23, 34] }] });
    expect(encodeAnsi378({ ...converted, views: [{ ...converted.views[0]!, extendedData: converted.views[0]!.extendedData.filter((area) => area.kind !== 'cores-deltas') }] }).length).toBe(
      ISO_RECORD_WITH_EXTENDED_DATA.length + 2 - 22,
    );
  });

  it('ANSI → ISO → ANSI gives the original angles back (2° units are exactly representable to ±1 ISO unit)', () => {
    const record = ansi(ANSI_RECORD_TWO_VIEWS);
    const back = convertMinutiaeRecord(convertMinutiaeRecord(record, 'iso-19794-2-2005'), 'ansi-378-2004');
    expect(back.productId).toEqual({ owner: 0, type: 0 });
    expect(back.views).toEqual(record.views);
  });
});
