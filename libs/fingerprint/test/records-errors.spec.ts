import { describe, expect, it } from 'vitest';
import {
  compare,
  convertMinutiaeRecord,
  encodeAnsi378,
  encodeIso19794_2,
  evaluateAccuracy,
  FINGERPRINT_ERROR_CODES,
  FingerprintError,
  generateFinger,
  generateImpression,
  parseMinutiaeRecord,
  prepareTemplate,
  type FingerprintErrorCode,
  type IsoMinutiaeRecord,
} from '@citizen-zero/fingerprint';
import { ANSI_RECORD_TWO_VIEWS, bytesOf, FINGERJET_EMPTY_ANSI_RECORD, ISO_RECORD_WITH_EXTENDED_DATA } from './support/records';

function codeOf(action: () => unknown): FingerprintErrorCode | undefined {
  try {
    action();
  } catch (error) {
    if (error instanceof FingerprintError) return error.code;
    throw error;
  }
  return undefined;
}

/** A copy of `bytes` with `values` written from `offset`. */
function patched(bytes: Uint8Array, offset: number, ...values: number[]): Uint8Array {
  const copy = bytes.slice();
  copy.set(values, offset);
  return copy;
}

/** Offsets in ISO_RECORD_WITH_EXTENDED_DATA: header 0–23, view header 24–27, minutiae 28–45, block length 46, areas from 48. */
const ISO = ISO_RECORD_WITH_EXTENDED_DATA;
const ISO_VIEW = 24;
const ISO_MINUTIAE = 28;
const ISO_AREAS = 48;

/** In ANSI_RECORD_TWO_VIEWS: header 0–25, first view 26–29, minutiae 30–41, block length 42, area header 44–47, core byte 48. */
const ANSI_CORE_BYTE = 48;

const isoRecord = (): IsoMinutiaeRecord => parseMinutiaeRecord(ISO) as IsoMinutiaeRecord;

describe('malformed records fail with stable codes', () => {
  it('FMR_FORMAT_UNKNOWN: wrong format identifier or version (19794-2:2011 is " 30\\0")', () => {
    expect(codeOf(() => parseMinutiaeRecord(patched(ISO, 0, 0x46, 0x49, 0x52)))).toBe('FMR_FORMAT_UNKNOWN');
    expect(codeOf(() => parseMinutiaeRecord(patched(ISO, 4, 0x20, 0x33, 0x30, 0x00)))).toBe('FMR_FORMAT_UNKNOWN');
    expect(codeOf(() => parseMinutiaeRecord(new TextEncoder().encode('%PDF-1.7 not a record')))).toBe('FMR_FORMAT_UNKNOWN');
  });

  it('FMR_TRUNCATED: bytes end inside the identifier, before the record length, or before the announced minutiae', () => {
    expect(codeOf(() => parseMinutiaeRecord(ISO.subarray(0, 6)))).toBe('FMR_TRUNCATED');
    expect(codeOf(() => parseMinutiaeRecord(ISO.subarray(0, 10)))).toBe('FMR_TRUNCATED');
    expect(codeOf(() => parseMinutiaeRecord(ISO.subarray(0, 60), { format: 'iso-19794-2-2005' }))).toBe('FMR_TRUNCATED');
    // The view announces 200 minutiae (1200 bytes) in a record whose length field agrees with its bytes.
    expect(codeOf(() => parseMinutiaeRecord(patched(ISO, ISO_VIEW + 3, 200)))).toBe('FMR_TRUNCATED');
    // The extended data block announces more bytes than the record holds.
    expect(codeOf(() => parseMinutiaeRecord(patched(ISO, ISO_MINUTIAE + 18, 0x01, 0x00)))).toBe('FMR_TRUNCATED');
  });

  it('FMR_LENGTH_MISMATCH: record length vs bytes, views vs record length, areas vs their block', () => {
    const longer = new Uint8Array(ISO.length + 3);
    longer.set(ISO);
    expect(codeOf(() => parseMinutiaeRecord(longer, { format: 'iso-19794-2-2005' }))).toBe('FMR_LENGTH_MISMATCH');
    // Two views announced, one present: the second one is cut off (truncated, not a length mismatch).
    expect(codeOf(() => parseMinutiaeRecord(patched(ISO, 22, 2)))).toBe('FMR_TRUNCATED');
    // Zero views: 65 bytes of the record are left over.
    expect(codeOf(() => parseMinutiaeRecord(patched(ISO, 22, 0)))).toBe('FMR_LENGTH_MISMATCH');
    // The ridge count area claims 46 bytes: more than its 41-byte block holds.
    expect(codeOf(() => parseMinutiaeRecord(patched(ISO, ISO_AREAS + 2, 0x00, 0x2e)))).toBe('FMR_LENGTH_MISMATCH');
    // An area shorter than its own header.
    expect(codeOf(() => parseMinutiaeRecord(patched(ISO, ISO_AREAS + 2, 0x00, 0x02)))).toBe('FMR_LENGTH_MISMATCH');
    // ANSI: the record length field says 68 but there are 69 bytes.
    expect(codeOf(() => parseMinutiaeRecord(patched(ANSI_RECORD_TWO_VIEWS, 9, 0x44), { format: 'ansi-378-2004' }))).toBe('FMR_LENGTH_MISMATCH');
  });

  it('FMR_FIELD_INVALID: finger position, impression type, quality, minutia type 11, ANSI angle > 179, zero size, reserved area type', () => {
    expect(codeOf(() => parseMinutiaeRecord(patched(ISO, ISO_VIEW, 11)))).toBe('FMR_FIELD_INVALID');
    expect(codeOf(() => parseMinutiaeRecord(patched(ISO, ISO_VIEW + 1, 0x04)))).toBe('FMR_FIELD_INVALID');
    expect(codeOf(() => parseMinutiaeRecord(patched(ISO, ISO_VIEW + 2, 101)))).toBe('FMR_FIELD_INVALID');
    expect(codeOf(() => parseMinutiaeRecord(patched(ISO, ISO_MINUTIAE, 0xc0)))).toBe('FMR_FIELD_INVALID');
    expect(codeOf(() => parseMinutiaeRecord(patched(ISO, ISO_MINUTIAE + 5, 101)))).toBe('FMR_FIELD_INVALID');
    expect(codeOf(() => parseMinutiaeRecord(patched(ISO, 14, 0, 0)))).toBe('FMR_FIELD_INVALID');
    expect(codeOf(() => parseMinutiaeRecord(patched(ISO, ISO_AREAS, 0, 0)))).toBe('FMR_FIELD_INVALID');
    expect(codeOf(() => parseMinutiaeRecord(patched(ISO, ISO_AREAS + 4, 3)))).toBe('FMR_FIELD_INVALID'); // ridge count method 3
    // ANSI: 180 × 2° = 360° is not an angle code; swipe (8) is an impression type, 10 is not.
    expect(codeOf(() => parseMinutiaeRecord(patched(ANSI_RECORD_TWO_VIEWS, 34, 180)))).toBe('FMR_FIELD_INVALID');
    expect(codeOf(() => parseMinutiaeRecord(patched(ANSI_RECORD_TWO_VIEWS, 27, 0x0a)))).toBe('FMR_FIELD_INVALID');
    // The FingerJetFX OSE "empty" ANSI record has a finger quality of 255.
    expect(codeOf(() => parseMinutiaeRecord(FINGERJET_EMPTY_ANSI_RECORD))).toBe('FMR_FIELD_INVALID');
  });

  it('FMR_COORDINATE_OUT_OF_IMAGE: a minutia, core or delta outside the image', () => {
    expect(codeOf(() => parseMinutiaeRecord(patched(ISO, ISO_MINUTIAE + 6, 0x81, 0x00)))).toBe('FMR_COORDINATE_OUT_OF_IMAGE'); // x 256 of 256
    expect(codeOf(() => parseMinutiaeRecord(patched(ISO, ISO_MINUTIAE + 8, 0x01, 0x80)))).toBe('FMR_COORDINATE_OUT_OF_IMAGE'); // y 384 of 384
    expect(codeOf(() => parseMinutiaeRecord(patched(ISO, ISO_AREAS + 11 + 4 + 3, 0x02, 0x00)))).toBe('FMR_COORDINATE_OUT_OF_IMAGE'); // core y 512
  });

  it('FMR_RESERVED_BITS_SET: the header reserved byte, the high bits of y, reserved bits of core and delta data', () => {
    expect(codeOf(() => parseMinutiaeRecord(patched(ISO, 23, 1)))).toBe('FMR_RESERVED_BITS_SET');
    expect(codeOf(() => parseMinutiaeRecord(patched(ISO, ISO_MINUTIAE + 2, 0x40)))).toBe('FMR_RESERVED_BITS_SET');
    expect(codeOf(() => parseMinutiaeRecord(patched(ISO, ISO_AREAS + 11 + 4, 0x82)))).toBe('FMR_RESERVED_BITS_SET'); // ISO core count byte
    expect(codeOf(() => parseMinutiaeRecord(patched(ANSI_RECORD_TWO_VIEWS, ANSI_CORE_BYTE, 0x51)))).toBe('FMR_RESERVED_BITS_SET'); // ANSI core byte bits 5–4
  });

  it('FMR_EXTENDED_DATA_INVALID: ridge counts beyond the minutiae, misaligned or overrunning areas, angle flags ANSI cannot keep', () => {
    expect(codeOf(() => parseMinutiaeRecord(patched(ISO, ISO_AREAS + 5, 4)))).toBe('FMR_EXTENDED_DATA_INVALID'); // minutia 4 of 3
    // The core and delta area says 2 deltas but holds one.
    expect(codeOf(() => parseMinutiaeRecord(patched(ISO, ISO_AREAS + 11 + 4 + 1 + 5 + 4, 2)))).toBe('FMR_EXTENDED_DATA_INVALID');
    // ANSI: core type "with angles" and no cores.
    expect(codeOf(() => parseMinutiaeRecord(patched(ANSI_RECORD_TWO_VIEWS, ANSI_CORE_BYTE, 0x40)))).toBe('FMR_EXTENDED_DATA_INVALID');
    // Encoding ANSI cores of which some have angles and some do not.
    const converted = convertMinutiaeRecord(isoRecord(), 'ansi-378-2004');
    expect(codeOf(() => encodeAnsi378(converted))).toBe('FMR_EXTENDED_DATA_INVALID');
  });

  it('encoding checks every field, and the format', () => {
    const record = isoRecord();
    const view = record.views[0]!;
    const withMinutia = (minutia: object): IsoMinutiaeRecord => ({ ...record, views: [{ ...view, minutiae: [{ ...view.minutiae[0]!, ...minutia }] , extendedData: [] }] });
    expect(codeOf(() => encodeIso19794_2(withMinutia({ x: 256 })))).toBe('FMR_COORDINATE_OUT_OF_IMAGE');
    expect(codeOf(() => encodeIso19794_2(withMinutia({ angle: 256 })))).toBe('FMR_FIELD_INVALID');
    expect(codeOf(() => encodeIso19794_2(withMinutia({ quality: 1.5 })))).toBe('FMR_FIELD_INVALID');
    expect(codeOf(() => encodeIso19794_2(withMinutia({ type: 'delta' })))).toBe('FMR_FIELD_INVALID');
    expect(codeOf(() => encodeIso19794_2({ ...record, imageWidth: 0 }))).toBe('FMR_FIELD_INVALID');
    expect(codeOf(() => encodeIso19794_2({ ...record, views: [{ ...view, minutiae: Array.from({ length: 256 }, () => view.minutiae[0]!), extendedData: [] }] }))).toBe('FMR_FIELD_INVALID');
    expect(codeOf(() => encodeIso19794_2({ ...record, views: [{ ...view, extendedData: [{ kind: 'opaque', typeId: 1, data: new Uint8Array(1) }] }] }))).toBe('FMR_FIELD_INVALID');
    expect(codeOf(() => encodeIso19794_2(convertMinutiaeRecord(record, 'ansi-378-2004') as unknown as IsoMinutiaeRecord))).toBe('FMR_FIELD_INVALID');
    expect(codeOf(() => encodeAnsi378(parseMinutiaeRecord(ANSI_RECORD_TWO_VIEWS) as never))).toBeUndefined();
  });

  it('TEMPLATE_INVALID: no such finger view, or a template of another version', () => {
    expect(codeOf(() => prepareTemplate(isoRecord(), { view: 1 }))).toBe('TEMPLATE_INVALID');
    const template = prepareTemplate(isoRecord());
    expect(codeOf(() => compare(template, { ...template, version: 'cz-mcc-bit-0' } as never))).toBe('TEMPLATE_INVALID');
  });

  it('PARAMETER_INVALID: generator and evaluation parameters out of range', () => {
    expect(codeOf(() => generateFinger(1, { minutiaCount: 0 }))).toBe('PARAMETER_INVALID');
    expect(codeOf(() => generateFinger(1, { fingerClass: 'spiral' as never }))).toBe('PARAMETER_INVALID');
    expect(codeOf(() => generateImpression(generateFinger(1), 1, { parameters: 'extreme' as never }))).toBe('PARAMETER_INVALID');
    expect(codeOf(() => evaluateAccuracy({ fingers: 1, impressions: 2 }))).toBe('PARAMETER_INVALID');
  });

  it('every code is tested above and errors carry no minutiae in their details', () => {
    expect(FINGERPRINT_ERROR_CODES).toEqual([
      'FMR_FORMAT_UNKNOWN',
      'FMR_TRUNCATED',
      'FMR_LENGTH_MISMATCH',
      'FMR_FIELD_INVALID',
      'FMR_COORDINATE_OUT_OF_IMAGE',
      'FMR_RESERVED_BITS_SET',
      'FMR_EXTENDED_DATA_INVALID',
      'TEMPLATE_INVALID',
      'PARAMETER_INVALID',
    ]);
    try {
      parseMinutiaeRecord(bytesOf('464d5200 20323000 0000001c 0000 0010 0010 00c5 00c5 01 00', '00 00 00 00 0001'));
    } catch (error) {
      expect(error).toBeInstanceOf(FingerprintError);
      expect(JSON.stringify((error as FingerprintError).toJSON())).not.toMatch(/minutiae"?:\s*\[/);
    }
  });
});
