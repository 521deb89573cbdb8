import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeCbor, encodeCbor } from '@citizen-zero/mdoc';
import {
  DEFAULT_MAX_STATUS_LIST_BYTES,
  StatusList,
  StatusType,
  decodeStatusListCbor,
  decodeStatusListJson,
  encodeStatusListCbor,
  encodeStatusListJson,
  statusTypeName,
  type StatusBits,
} from '@citizen-zero/status-list';
import { zlibSync, deflateSync, gzipSync } from 'fflate';
import { adler32 } from '../src/zlib';
import { APPENDIX_C_SIZE, EXAMPLE_1BIT, EXAMPLE_2BIT, VECTOR_C1, VECTOR_C2, VECTOR_C3 } from './fixtures/draft-examples';
import { hex, unhex } from './support';

const code = (code: string) => expect.objectContaining({ code });

describe('Status List byte array (§4.1)', () => {
  it('packs the 1-bit example of §4.1 into 0xB9 0xA3 and compresses it byte for byte as the draft does', () => {
    const list = StatusList.fromStatuses(EXAMPLE_1BIT.statuses, 1);
    expect(hex(list.toBytes())).toBe(EXAMPLE_1BIT.bytes);
    expect(list.size).toBe(16);
    expect(hex(list.compress())).toBe(EXAMPLE_1BIT.compressed);
    expect(encodeStatusListJson(list)).toEqual({ bits: 1, lst: EXAMPLE_1BIT.lst });
    expect(hex(encodeCbor(encodeStatusListCbor(list)))).toBe(EXAMPLE_1BIT.cbor);
  });

  it('packs the 2-bit example of §4.1 into 0xC9 0x44 0xF9 and compresses it byte for byte as the draft does', () => {
    const list = StatusList.fromStatuses(EXAMPLE_2BIT.statuses, 2);
    expect(hex(list.toBytes())).toBe(EXAMPLE_2BIT.bytes);
    expect(hex(list.compress())).toBe(EXAMPLE_2BIT.compressed);
    expect(encodeStatusListJson(list)).toEqual({ bits: 2, lst: EXAMPLE_2BIT.lst });
  });

  it('reads the §4.2 and §4.3 examples back to the same statuses', () => {
    expect(decodeStatusListJson({ bits: 1, lst: EXAMPLE_1BIT.lst }).statusList.statuses()).toEqual(EXAMPLE_1BIT.statuses);
    expect(decodeStatusListJson({ bits: 2, lst: EXAMPLE_2BIT.lst }).statusList.statuses()).toEqual(EXAMPLE_2BIT.statuses);
    expect(decodeStatusListCbor(decodeCbor(unhex(EXAMPLE_1BIT.cbor))).statusList.statuses()).toEqual(EXAMPLE_1BIT.statuses);
  });

  it('numbers bits from the least significant one within a byte, bytes in order (§11.1), for every bit size', () => {
    const four = StatusList.create(4, 4);
    four.set(1, 0xa);
    four.set(2, 0x3);
    expect(hex(four.toBytes())).toBe('a003');
    const eight = StatusList.create(3, 8);
    eight.set(2, 0xfe);
    expect(hex(eight.toBytes())).toBe('0000fe');
    const two = StatusList.create(8, 2);
    two.set(3, StatusType.SUSPENDED);
    two.set(4, StatusType.INVALID);
    expect(hex(two.toBytes())).toBe('8001');
  });

  it('has the capacity of its byte array: size entries rounded up to whole bytes, all VALID', () => {
    expect(StatusList.create(10, 1).size).toBe(16);
    expect(StatusList.create(3, 2).size).toBe(4);
    expect(StatusList.create(1, 8).size).toBe(1);
    expect(StatusList.create(10, 1).statuses().every((status) => status === StatusType.VALID)).toBe(true);
  });

  it('refuses indices outside the list and values that do not fit in bits', () => {
    const list = StatusList.create(16, 1);
    for (const index of [-1, 16, 1.5, Number.NaN, 2 ** 53]) {
      expect(() => list.get(index), String(index)).toThrow(code('STATUS_INDEX_OUT_OF_RANGE'));
      expect(() => list.set(index, 0), String(index)).toThrow(code('STATUS_INDEX_OUT_OF_RANGE'));
    }
    expect(() => list.set(0, 2)).toThrow(code('STATUS_VALUE_INVALID'));
    expect(() => list.set(0, -1)).toThrow(code('STATUS_VALUE_INVALID'));
    expect(() => list.set(0, 0.5)).toThrow(code('STATUS_VALUE_INVALID'));
    expect(() => StatusList.create(4, 8).set(0, 256)).toThrow(code('STATUS_VALUE_INVALID'));
    expect(() => StatusList.create(4, 2).set(0, StatusType.SUSPENDED)).not.toThrow();
    expect(() => StatusList.create(8, 3 as StatusBits)).toThrow(code('STATUS_LIST_BITS_INVALID'));
    expect(() => StatusList.create(0, 1)).toThrow(code('STATUS_LIST_MALFORMED'));
    expect(() => StatusList.fromBytes(new Uint8Array(0), 1)).toThrow(code('STATUS_LIST_MALFORMED'));
  });

  it('sets one entry without touching its neighbours (model check)', () => {
    fc.assert(
      fc.property(
        fc.constantFrom<StatusBits>(1, 2, 4, 8).chain((bits) =>
          fc.tuple(fc.constant(bits), fc.array(fc.tuple(fc.nat(199), fc.integer({ min: 0, max: 2 ** bits - 1 })), { maxLength: 300 })),
        ),
        ([bits, writes]) => {
          const list = StatusList.create(200, bits);
          const model = new Array<number>(list.size).fill(0);
          for (const [index, value] of writes) {
            list.set(index, value);
            model[index] = value;
          }
          expect(list.statuses()).toEqual(model);
          expect(StatusList.decompress(list.compress(), bits).statuses()).toEqual(model);
        },
      ),
    );
  });
});

describe('Appendix C test vectors (lists of 2^20 entries)', () => {
  for (const vector of [VECTOR_C1, VECTOR_C2, VECTOR_C3]) {
    it(`decodes the ${vector.bits}-bit vector to exactly the listed statuses and round-trips through our compressor`, () => {
      const { statusList } = decodeStatusListCbor(decodeCbor(unhex(vector.cbor)));
      expect(statusList.bits).toBe(vector.bits);
      expect(statusList.size).toBe(APPENDIX_C_SIZE);
      const nonZero = statusList.statuses().flatMap((value, index) => (value === 0 ? [] : [[index, value]]));
      expect(nonZero).toEqual([...vector.statuses].filter(([, value]) => value !== 0).sort((a, b) => a[0]! - b[0]!));
      // The draft's compressor is not zlib's or fflate's: the same bytes compress differently (the
      // draft requires the ZLIB format, not one output), so the round trip is compared decompressed.
      expect(StatusList.decompress(statusList.compress(), statusList.bits).equals(statusList)).toBe(true);
      if ('lst' in vector) expect(decodeStatusListJson({ bits: vector.bits, lst: vector.lst }).statusList.equals(statusList)).toBe(true);
    });
  }
});

describe('Status List JSON (§4.2) and CBOR (§4.3) representations', () => {
  it('carries aggregation_uri (§9.2) in both', () => {
    const list = StatusList.fromStatuses([1, 0, 1], 1);
    const json = encodeStatusListJson(list, { aggregationUri: 'https://example.com/statuslists' });
    expect(json.aggregation_uri).toBe('https://example.com/statuslists');
    expect(decodeStatusListJson(json).aggregationUri).toBe('https://example.com/statuslists');
    const cbor = decodeCbor(encodeCbor(encodeStatusListCbor(list, { aggregationUri: 'https://example.com/statuslists' })));
    expect(decodeStatusListCbor(cbor).aggregationUri).toBe('https://example.com/statuslists');
    expect(() => encodeStatusListJson(list, { aggregationUri: 'statuslists' })).toThrow(code('STATUS_LIST_ISSUANCE_INVALID'));
  });

  it('rejects malformed JSON Status Lists with stable codes', () => {
    const cases: Array<[unknown, string]> = [
      [null, 'STATUS_LIST_MALFORMED'],
      [[], 'STATUS_LIST_MALFORMED'],
      [{ lst: EXAMPLE_1BIT.lst }, 'STATUS_LIST_BITS_INVALID'],
      [{ bits: 3, lst: EXAMPLE_1BIT.lst }, 'STATUS_LIST_BITS_INVALID'],
      [{ bits: '1', lst: EXAMPLE_1BIT.lst }, 'STATUS_LIST_BITS_INVALID'],
      [{ bits: 1 }, 'STATUS_LIST_MALFORMED'],
      [{ bits: 1, lst: '' }, 'STATUS_LIST_MALFORMED'],
      [{ bits: 1, lst: `${EXAMPLE_1BIT.lst}==` }, 'STATUS_LIST_MALFORMED'],
      [{ bits: 1, lst: 'eNrbuRgAAhcBXR' }, 'STATUS_LIST_MALFORMED'], // non-canonical last character
      [{ bits: 1, lst: Buffer.from(unhex(EXAMPLE_1BIT.compressed)).toString('base64').replace(/=+$/, '') + '+' }, 'STATUS_LIST_MALFORMED'],
      [{ bits: 1, lst: EXAMPLE_1BIT.lst, aggregation_uri: 42 }, 'STATUS_LIST_MALFORMED'],
    ];
    for (const [value, expected] of cases) expect(() => decodeStatusListJson(value), JSON.stringify(value)).toThrow(code(expected));
  });

  it('rejects malformed CBOR Status Lists with stable codes', () => {
    expect(() => decodeStatusListCbor({ bits: 1 })).toThrow(code('STATUS_LIST_MALFORMED'));
    expect(() => decodeStatusListCbor(new Map<string, unknown>([['bits', 1], ['lst', EXAMPLE_1BIT.lst]]))).toThrow(code('STATUS_LIST_MALFORMED'));
    expect(() => decodeStatusListCbor(new Map<string, unknown>([['bits', 5], ['lst', unhex(EXAMPLE_1BIT.compressed)]]))).toThrow(code('STATUS_LIST_BITS_INVALID'));
  });
});

describe('ZLIB decompression (RFC 1950) is strict and bounded (§11.1)', () => {
  const bytes = new Uint8Array([0xb9, 0xa3, 0x00, 0x01]);

  it('accepts any compression level, since the draft requires the format, not one encoder', () => {
    for (const level of [0, 1, 6, 9] as const) expect(StatusList.decompress(zlibSync(bytes, { level }), 1).toBytes()).toEqual(bytes);
  });

  it('refuses what is not a ZLIB stream, a preset dictionary, a bad header check, a truncated stream or a wrong Adler-32', () => {
    const good = zlibSync(bytes, { level: 9 });
    const withDictionary = zlibSync(bytes, { level: 9, dictionary: new Uint8Array([1, 2, 3]) });
    const badAdler = new Uint8Array(good);
    badAdler[badAdler.length - 1]! ^= 1;
    const badCheck = new Uint8Array(good);
    badCheck[1] = 0xdb;
    const cases: Array<[string, Uint8Array]> = [
      ['raw DEFLATE', deflateSync(bytes)],
      ['gzip', gzipSync(bytes)],
      ['preset dictionary', withDictionary],
      ['FCHECK', badCheck],
      ['Adler-32', badAdler],
      ['truncated', good.subarray(0, good.length - 5)],
      ['too short', good.subarray(0, 4)],
      ['garbage', new TextEncoder().encode('not a zlib stream')],
    ];
    for (const [what, compressed] of cases) expect(() => StatusList.decompress(compressed, 1), what).toThrow(code('STATUS_LIST_MALFORMED'));
  });

  it('stops a decompression bomb at the limit instead of inflating it', () => {
    const bomb = zlibSync(new Uint8Array(1024 * 1024), { level: 9 });
    expect(bomb.length).toBeLessThan(2048);
    expect(() => StatusList.decompress(bomb, 1, { maxBytes: 64 * 1024 })).toThrow(code('STATUS_LIST_TOO_LARGE'));
    expect(StatusList.decompress(bomb, 1, { maxBytes: 1024 * 1024 }).size).toBe(8 * 1024 * 1024);
    const overDefault = zlibSync(new Uint8Array(DEFAULT_MAX_STATUS_LIST_BYTES + 1), { level: 9 });
    expect(() => StatusList.decompress(overDefault, 1)).toThrow(code('STATUS_LIST_TOO_LARGE'));
  });

  it('computes Adler-32 as RFC 1950 §8.2 does', () => {
    expect(adler32(new TextEncoder().encode('Wikipedia'))).toBe(0x11e60398);
    expect(adler32(new Uint8Array(0))).toBe(1);
    const large = new Uint8Array(100_000).fill(0xff);
    const trailer = zlibSync(large).subarray(-4);
    expect(adler32(large)).toBe(((trailer[0]! << 24) | (trailer[1]! << 16) | (trailer[2]! << 8) | trailer[3]!) >>> 0);
  });
});

describe('Status Types (§7.1)', () => {
  it('names the registered and application-specific values', () => {
    expect([0x00, 0x01, 0x02].map(statusTypeName)).toEqual(['VALID', 'INVALID', 'SUSPENDED']);
    expect([0x03, 0x0c, 0x0d, 0x0e, 0x0f].map(statusTypeName)).toEqual(Array(5).fill('APPLICATION_SPECIFIC'));
    expect([0x04, 0x0b, 0x10, 0xff].map(statusTypeName)).toEqual(Array(4).fill('UNASSIGNED'));
  });
});
