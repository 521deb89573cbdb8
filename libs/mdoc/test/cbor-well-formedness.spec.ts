import { describe, expect, it } from 'vitest';
import { checkCborWellFormed, decodeCbor, encodeCbor, fromHex, MdocError } from '@citizen-zero/mdoc';

const codeOf = (hex: string): string | undefined => {
  try {
    checkCborWellFormed(fromHex(hex));
    return undefined;
  } catch (error) {
    return (error as MdocError).code;
  }
};

describe('CBOR well-formedness (RFC 8949 §3, Appendix C) checked before decoding untrusted input', () => {
  it('accepts the well-formed examples of RFC 8949 Appendix A', () => {
    // Integers, floats, simple values, strings, arrays, maps, tags, indefinite lengths.
    for (const hex of ['00', '17', '1818', '190100', '1a000f4240', '1b000000e8d4a51000', '20', '3863', 'f90000', 'f97bff', 'fa7f7fffff', 'fb3ff199999999999a', 'f4', 'f5', 'f6', 'f7', 'f0', 'f8ff', 'c074323031332d30332d32315432303a30343a30305a', 'c11a514b67b0', 'c249010000000000000000', 'd818456449455446', '40', '4401020304', '60', '6161', '6449455446', '62c3bc', '80', '83010203', '8301820203820405', 'a0', 'a201020304', 'a26161016162820203', '5f42010243030405ff', '7f657374726561646d696e67ff', '9fff', '9f018202039f0405ffff', 'bf61610161629f0203ffff', 'd903ec6a323032302d30312d3031']) {
      expect(codeOf(hex), hex).toBeUndefined();
    }
  });

  it('refuses the not-well-formed examples of RFC 8949 Appendix F.1, each with its code', () => {
    const cases: Record<string, string> = {
      // End of input in a head.
      '18': 'CBOR_TRUNCATED', '19': 'CBOR_TRUNCATED', '1a': 'CBOR_TRUNCATED', '1b': 'CBOR_TRUNCATED', '1901': 'CBOR_TRUNCATED', '1a0102': 'CBOR_TRUNCATED', '62': 'CBOR_TRUNCATED', '9a': 'CBOR_TRUNCATED',
      // Definite-length strings and containers with short data.
      '4201': 'CBOR_TRUNCATED', '636161': 'CBOR_TRUNCATED', '81': 'CBOR_TRUNCATED', '818181818181818181': 'CBOR_TRUNCATED', '8200': 'CBOR_TRUNCATED', 'a1': 'CBOR_TRUNCATED', 'a20102': 'CBOR_TRUNCATED', 'a100': 'CBOR_TRUNCATED', 'a2000000': 'CBOR_TRUNCATED',
      // Tag with no content; indefinite-length items without their break.
      'c0': 'CBOR_TRUNCATED', '5f4100': 'CBOR_TRUNCATED', '7f6161': 'CBOR_TRUNCATED', '9f': 'CBOR_TRUNCATED', '9f0102': 'CBOR_TRUNCATED', 'bf': 'CBOR_TRUNCATED', 'bf01020102': 'CBOR_TRUNCATED', '819f': 'CBOR_TRUNCATED', '9f8000': 'CBOR_TRUNCATED',
      // Reserved additional information values.
      '1c': 'CBOR_RESERVED_VALUE', '1d': 'CBOR_RESERVED_VALUE', '1e': 'CBOR_RESERVED_VALUE', '3c': 'CBOR_RESERVED_VALUE', '5c': 'CBOR_RESERVED_VALUE', '7d': 'CBOR_RESERVED_VALUE', '9e': 'CBOR_RESERVED_VALUE', 'bc': 'CBOR_RESERVED_VALUE', 'dd': 'CBOR_RESERVED_VALUE', 'fe': 'CBOR_RESERVED_VALUE',
      // Reserved two-byte simple values; indefinite length where none is allowed.
      'f800': 'CBOR_RESERVED_VALUE', 'f81f': 'CBOR_RESERVED_VALUE', '1f': 'CBOR_RESERVED_VALUE', '3f': 'CBOR_RESERVED_VALUE', 'df': 'CBOR_RESERVED_VALUE',
      // Indefinite-length strings with chunks of the wrong type or themselves indefinite.
      '5f00ff': 'CBOR_DECODING_FAILED', '5f21ff': 'CBOR_DECODING_FAILED', '5f6100ff': 'CBOR_DECODING_FAILED', '5f80ff': 'CBOR_DECODING_FAILED', '5fc000ff': 'CBOR_DECODING_FAILED', '7f4100ff': 'CBOR_DECODING_FAILED', '5f5f4100ffff': 'CBOR_DECODING_FAILED',
      // Break codes where none may be.
      'ff': 'CBOR_DECODING_FAILED', '81ff': 'CBOR_DECODING_FAILED', '8200ff': 'CBOR_DECODING_FAILED', 'a1ff00': 'CBOR_DECODING_FAILED', '9f81ff': 'CBOR_DECODING_FAILED',
    };
    for (const [hex, code] of Object.entries(cases)) expect(codeOf(hex), hex).toBe(code);
  });

  it('refuses invalid UTF-8, unknown tags, trailing bytes, and counts that claim more than the input holds', () => {
    expect(codeOf('62c328')).toBe('CBOR_INVALID_UTF8');
    expect(codeOf('d8ff00')).toBe('CBOR_UNKNOWN_TAG');
    expect(codeOf('c600')).toBe('CBOR_UNKNOWN_TAG');
    expect(codeOf('0000')).toBe('CBOR_TRAILING_BYTES');
    expect(codeOf('9bffffffffffffffff')).toBe('CBOR_TRUNCATED');
    expect(codeOf('5bffffffffffffffff00')).toBe('CBOR_TRUNCATED');
  });

  it('refuses nesting past the limit without exhausting the stack, and too many items', () => {
    const deep = new Uint8Array(200_000).fill(0x81);
    expect(() => checkCborWellFormed(deep)).toThrow(expect.objectContaining({ code: 'CBOR_TOO_DEEP' }));
    expect(() => decodeCbor(deep)).toThrow(expect.objectContaining({ code: 'CBOR_TOO_DEEP' }));
    const atLimit = Uint8Array.from([...new Array<number>(31).fill(0x81), 0x00]);
    expect(() => checkCborWellFormed(atLimit)).not.toThrow();
    const many = encodeCbor(Array.from({ length: 2000 }, () => 0));
    expect(() => checkCborWellFormed(many, 'many', { maxItems: 1000 })).toThrow(expect.objectContaining({ code: 'CBOR_TOO_MANY_ITEMS' }));
  });

  it('agrees with the decoder on what it accepts: everything it passes decodes', () => {
    const samples = [new Map<unknown, unknown>([['a', [1, 2, { b: new Uint8Array([1, 2, 3]) }]], [1, -5]]), 'text ü', [true, false, null, 1.5], new Uint8Array(1000)];
    for (const sample of samples) expect(() => decodeCbor(encodeCbor(sample))).not.toThrow();
  });
});
