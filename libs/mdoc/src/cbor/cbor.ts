import { Decoder, Encoder, Tag } from 'cbor-x';
import { MdocError } from '../mdoc-error';
import { checkCborWellFormed } from './well-formedness';

/**
 * CBOR (RFC 8949) as ISO/IEC 18013-5 uses it.
 *
 * - Maps decode to `Map` so integer keys (COSE) and text keys (mdoc) keep their type.
 * - Encoding uses preferred serialization (RFC 8949 §4.1): shortest-form lengths,
 *   definite-length maps sized to their content, byte strings untagged, no cbor-x
 *   record extensions — what 18013-5 §8.1 and independent implementations expect.
 */
const encoder = new Encoder({
  useRecords: false,
  mapsAsObjects: false,
  tagUint8Array: false,
  variableMapSize: true,
  pack: false,
});

const decoder = new Decoder({ useRecords: false, mapsAsObjects: false });

export { Tag };

export type CborMap = Map<unknown, unknown>;

export function encodeCbor(value: unknown): Uint8Array {
  const encoded = encoder.encode(value);
  return new Uint8Array(encoded.buffer, encoded.byteOffset, encoded.byteLength);
}

/**
 * Decodes exactly one CBOR data item. The bytes are checked first (`checkCborWellFormed`: no
 * truncation, reserved values, invalid UTF-8, unknown tags, nesting deeper than 32 or trailing
 * bytes), so untrusted input fails with a precise code before the decoder sees it.
 */
export function decodeCbor(bytes: Uint8Array, what = 'CBOR data'): unknown {
  checkCborWellFormed(bytes, what);
  try {
    return decoder.decode(bytes);
  } catch (error) {
    throw new MdocError('CBOR_DECODING_FAILED', `${what} is not well-formed CBOR: ${(error as Error).message}`, {}, { cause: error });
  }
}

/** `tdate = #6.0(tstr)` with no fractional seconds and `Z` offset (ISO/IEC 18013-5:2021 §9.1.2.4). */
export function tdate(date: Date): Tag {
  if (Number.isNaN(date.getTime())) throw new MdocError('ELEMENT_INVALID', 'invalid date for tdate');
  return new Tag(date.toISOString().replace(/\.\d{3}Z$/, 'Z'), 0);
}

/** `full-date = #6.1004(tstr)` (RFC 8943), used for birth_date, issue_date, expiry_date (ISO/IEC 18013-5:2021 §7.2.1). */
export function fullDate(isoDate: string): Tag {
  if (!isFullDate(isoDate)) {
    throw new MdocError('ELEMENT_INVALID', `"${isoDate}" is not a full-date (YYYY-MM-DD)`);
  }
  return new Tag(isoDate, 1004);
}

/** Whether `text` is a real calendar date written YYYY-MM-DD (RFC 3339 full-date). */
export function isFullDate(text: string): boolean {
  const parsed = new Date(`${text}T00:00:00Z`);
  return /^\d{4}-\d{2}-\d{2}$/.test(text) && !Number.isNaN(parsed.getTime()) && parsed.toISOString().startsWith(text);
}

export function isTag(value: unknown, tag?: number): value is Tag {
  return value instanceof Tag && (tag === undefined || value.tag === tag);
}

export function concatBytes(...parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

export function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let difference = 0;
  for (let index = 0; index < a.length; index++) difference |= a[index]! ^ b[index]!;
  return difference === 0;
}

export function toHex(bytes: Uint8Array): string {
  return Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('');
}

export function fromHex(hex: string): Uint8Array {
  const clean = hex.replace(/\s+/g, '');
  if (clean.length % 2 !== 0 || /[^0-9a-fA-F]/.test(clean)) throw new MdocError('CBOR_DECODING_FAILED', 'not a hex string');
  const out = new Uint8Array(clean.length / 2);
  for (let index = 0; index < out.length; index++) out[index] = parseInt(clean.slice(index * 2, index * 2 + 2), 16);
  return out;
}
