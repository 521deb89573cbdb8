/**
 * The few DER (ITU-T X.690) encodings this library writes or reads by hand; everything else
 * goes through @peculiar/asn1-schema.
 */

/** DER INTEGER (X.690 §8.3) of a non-negative integer: minimal two's-complement, big-endian. */
export function derUnsignedInteger(value: bigint): Uint8Array {
  if (value < 0n) throw new RangeError('negative INTEGER');
  const content = unsignedIntegerContent(value);
  return Uint8Array.of(0x02, ...derLength(content.length), ...content);
}

/** The content octets of a non-negative DER INTEGER (a leading 0x00 when the top bit is set). */
export function unsignedIntegerContent(value: bigint): Uint8Array {
  let hex = value.toString(16);
  if (hex.length % 2) hex = `0${hex}`;
  const bytes: number[] = [];
  for (let index = 0; index < hex.length; index += 2) bytes.push(parseInt(hex.slice(index, index + 2), 16));
  if ((bytes[0] ?? 0) & 0x80) bytes.unshift(0);
  return Uint8Array.from(bytes);
}

/** Reads the content of a DER INTEGER (without tag and length) as a signed big integer. */
export function integerContentToBigInt(content: Uint8Array): bigint {
  if (content.length === 0) throw new RangeError('empty INTEGER');
  let value = 0n;
  for (const byte of content) value = (value << 8n) | BigInt(byte);
  if ((content[0] ?? 0) & 0x80) value -= 1n << BigInt(content.length * 8);
  return value;
}

/** Decodes a complete DER OBJECT IDENTIFIER TLV (X.690 §8.19) to dotted form. */
export function decodeDerOid(der: Uint8Array): string {
  if (der[0] !== 0x06) throw new RangeError('not an OBJECT IDENTIFIER');
  const length = der[1];
  if (length === undefined || length > 0x7f || der.length !== 2 + length || length === 0) throw new RangeError('unsupported OBJECT IDENTIFIER length');
  const arcs: bigint[] = [];
  let current = 0n;
  for (let index = 2; index < der.length; index++) {
    const byte = der[index]!;
    current = (current << 7n) | BigInt(byte & 0x7f);
    if (!(byte & 0x80)) {
      arcs.push(current);
      current = 0n;
    } else if (index === der.length - 1) {
      throw new RangeError('truncated OBJECT IDENTIFIER');
    }
  }
  const first = arcs.shift()!;
  const head = first < 40n ? [0n, first] : first < 80n ? [1n, first - 40n] : [2n, first - 80n];
  return [...head, ...arcs].join('.');
}

function derLength(length: number): number[] {
  if (length < 0x80) return [length];
  if (length < 0x100) return [0x81, length];
  return [0x82, length >> 8, length & 0xff];
}
