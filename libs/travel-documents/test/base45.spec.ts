import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BASE45_ALPHABET, base45Decode, base45Encode, TravelDocumentError } from '@citizen-zero/travel-documents';

const text = (value: string): Uint8Array => new TextEncoder().encode(value);

/** RFC 9285, The Base45 Data Encoding: §4.3 encoding examples and §4.4 decoding example. */
describe('Base45 (RFC 9285)', () => {
  it.each([
    ['AB', 'BB8'],
    ['Hello!!', '%69 VD92EX0'],
    ['base-45', 'UJCLQE7W581'],
    ['ietf!', 'QED8WEX0'],
  ])('encodes %j as %j and back', (input, encoded) => {
    expect(base45Encode(text(input))).toBe(encoded);
    expect(new TextDecoder().decode(base45Decode(encoded))).toBe(input);
  });

  it('the alphabet is the 45 QR alphanumeric characters (§4.2, Table 1)', () => {
    expect(BASE45_ALPHABET).toHaveLength(45);
    expect(BASE45_ALPHABET).toMatch(/^[0-9A-Z $%*+\-./:]{45}$/);
    expect(base45Encode(new Uint8Array())).toBe('');
    expect(base45Encode(Uint8Array.of(0, 0))).toBe('000');
    expect(base45Encode(Uint8Array.of(0xff, 0xff))).toBe('FGW');
    expect(base45Encode(Uint8Array.of(0xff))).toBe('U5');
  });

  it.each([
    ['GGW', 'a triple above 65535'],
    ['A', 'a single character left over'],
    ['QED8WEX', 'length ≡ 1 mod 3'],
    ['::', 'a final pair above 255'],
    ['qed', 'a lower-case character'],
    ['AB\u00c9', 'a non-ASCII character'],
  ])('rejects %j (%s) with SEAL_MALFORMED', (input) => {
    expect(() => base45Decode(input)).toThrowError(TravelDocumentError);
    expect(() => base45Decode(input)).toThrowError(expect.objectContaining({ code: 'SEAL_MALFORMED' }));
  });

  it('round-trips any bytes (fast-check)', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => {
        const encoded = base45Encode(bytes);
        expect(encoded.length).toBe(Math.floor(bytes.length / 2) * 3 + (bytes.length % 2) * 2);
        expect(base45Decode(encoded)).toEqual(bytes);
      }),
    );
  });
});
