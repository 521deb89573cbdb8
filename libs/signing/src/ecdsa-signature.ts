import { CitizenZeroError } from '@citizen-zero/errors';

/**
 * Conversion between the two encodings of an ECDSA signature:
 * IEEE P1363 (r‖s, fixed length; COSE, Web Crypto, PKCS#11 CKM_ECDSA) and
 * DER `Ecdsa-Sig-Value ::= SEQUENCE { r INTEGER, s INTEGER }` (X.509, RFC 3279 §2.2.3).
 */
export class EcdsaSignatureFormatError extends CitizenZeroError<'ECDSA_SIGNATURE_MALFORMED'> {
  readonly code = 'ECDSA_SIGNATURE_MALFORMED';
  constructor(message: string) {
    super(message);
  }
}

export function ecdsaRawToDer(raw: Uint8Array): Uint8Array {
  if (raw.length === 0 || raw.length % 2 !== 0) throw new EcdsaSignatureFormatError(`raw ECDSA signature has odd length ${raw.length}`);
  const half = raw.length / 2;
  const r = derInteger(raw.subarray(0, half));
  const s = derInteger(raw.subarray(half));
  const body = concat([r, s]);
  return concat([Uint8Array.of(0x30), derLength(body.length), body]);
}

export function ecdsaDerToRaw(der: Uint8Array, coordinateLength: number): Uint8Array {
  let offset = 0;
  const expect = (condition: boolean, what: string): void => {
    if (!condition) throw new EcdsaSignatureFormatError(`DER ECDSA signature: ${what}`);
  };
  expect(der[offset++] === 0x30, 'expected SEQUENCE');
  const [seqLength, afterSeqLength] = readDerLength(der, offset);
  offset = afterSeqLength;
  expect(offset + seqLength === der.length, 'SEQUENCE length does not match');
  const out = new Uint8Array(coordinateLength * 2);
  for (let index = 0; index < 2; index++) {
    expect(der[offset++] === 0x02, 'expected INTEGER');
    const [intLength, afterIntLength] = readDerLength(der, offset);
    offset = afterIntLength;
    expect(intLength > 0 && offset + intLength <= der.length, 'INTEGER out of bounds');
    let value = der.subarray(offset, offset + intLength);
    offset += intLength;
    while (value.length > 1 && value[0] === 0) value = value.subarray(1);
    expect(value.length <= coordinateLength, 'INTEGER longer than the curve order');
    out.set(value, index * coordinateLength + (coordinateLength - value.length));
  }
  expect(offset === der.length, 'trailing bytes');
  return out;
}

function derInteger(unsignedBigEndian: Uint8Array): Uint8Array {
  let start = 0;
  while (start < unsignedBigEndian.length - 1 && unsignedBigEndian[start] === 0) start++;
  let value = unsignedBigEndian.subarray(start);
  if ((value[0] ?? 0) & 0x80) value = concat([Uint8Array.of(0), value]);
  return concat([Uint8Array.of(0x02), derLength(value.length), value]);
}

function derLength(length: number): Uint8Array {
  if (length < 0x80) return Uint8Array.of(length);
  if (length < 0x100) return Uint8Array.of(0x81, length);
  return Uint8Array.of(0x82, length >> 8, length & 0xff);
}

function readDerLength(der: Uint8Array, offset: number): [number, number] {
  const first = der[offset];
  if (first === undefined) throw new EcdsaSignatureFormatError('DER ECDSA signature: truncated length');
  if (first < 0x80) return [first, offset + 1];
  const count = first & 0x7f;
  if (count < 1 || count > 2) throw new EcdsaSignatureFormatError('DER ECDSA signature: unsupported length form');
  let length = 0;
  for (let index = 1; index <= count; index++) {
    const byte = der[offset + index];
    if (byte === undefined) throw new EcdsaSignatureFormatError('DER ECDSA signature: truncated length');
    length = (length << 8) | byte;
  }
  return [length, offset + 1 + count];
}

function concat(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}
