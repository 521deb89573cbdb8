import { describe, expect, it } from 'vitest';
import { decodeCbor, EncodedCbor, encodeCbor, fullDate, MdocError, tdate, Tag, toHex } from '@citizen-zero/mdoc';

describe('CBOR as ISO/IEC 18013-5 uses it', () => {
  it('encodes maps and byte strings in preferred serialization without cbor-x extensions', () => {
    const bytes = encodeCbor(new Map<unknown, unknown>([['a', 1], [1, new Uint8Array([1, 2])]]));
    expect(toHex(bytes)).toBe('a261610101420102');
  });

  it('encodes tdate as tag 0 without fractional seconds and full-date as tag 1004', () => {
    expect(toHex(encodeCbor(tdate(new Date('2020-10-01T13:30:02.123Z'))))).toBe(toHex(encodeCbor(new Tag('2020-10-01T13:30:02Z', 0))));
    expect(toHex(encodeCbor(fullDate('2020-10-01')))).toBe('d903ec6a323032302d31302d3031');
    expect(() => fullDate('2020-13-45')).toThrow(MdocError);
    expect(() => fullDate('01/10/2020')).toThrow(/full-date/);
  });

  it('rejects trailing bytes and malformed input with precise codes', () => {
    expect(() => decodeCbor(Uint8Array.of(0x01, 0x02))).toThrow(expect.objectContaining({ code: 'CBOR_TRAILING_BYTES' }));
    expect(() => decodeCbor(Uint8Array.of(0x5f))).toThrow(expect.objectContaining({ code: 'CBOR_TRUNCATED' }));
    expect(() => decodeCbor(Uint8Array.of(0xff))).toThrow(expect.objectContaining({ code: 'CBOR_DECODING_FAILED' }));
  });

  it('keeps the item bytes of a tag-24 item and rebuilds the tagged form with the shortest header', () => {
    for (const length of [0, 5, 23, 24, 255, 256, 65535, 65536]) {
      const value = new Uint8Array(length).fill(7);
      const encoded = EncodedCbor.fromValue(value);
      const tagged = encoded.taggedBytes();
      expect(toHex(tagged)).toBe(toHex(encodeCbor(new Tag(encoded.itemBytes, 24))));
      const roundTrip = EncodedCbor.fromTag(decodeCbor(tagged), 'test');
      expect(toHex(roundTrip.itemBytes)).toBe(toHex(encoded.itemBytes));
    }
  });

  it('does not re-encode received item bytes even when another encoder chose a longer form', () => {
    // 0x19 0x00 0x01 is the integer 1 in a non-preferred 2-byte form: valid CBOR, different bytes.
    const received = Uint8Array.of(0x19, 0x00, 0x01);
    const item = EncodedCbor.fromItemBytes<number>(received);
    expect(item.value).toBe(1);
    expect(item.itemBytes).toBe(received);
    expect(toHex(item.taggedBytes())).toBe('d81843190001');
  });
});
