import { TravelDocumentError } from '../travel-document-error';

/**
 * The 45 characters of RFC 9285 §4.2 (Table 1), values 0–44. All of them are in the QR code alphanumeric
 * mode set (ISO/IEC 18004 §7.4.4), which is why EU Digital COVID Certificates and ICAO VDS-NC barcodes
 * use Base45: 5.5 bits per character instead of 8 in byte mode.
 */
export const BASE45_ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:';

const VALUES: Int8Array = (() => {
  const table = new Int8Array(128).fill(-1);
  for (let index = 0; index < BASE45_ALPHABET.length; index++) table[BASE45_ALPHABET.charCodeAt(index)] = index;
  return table;
})();

/**
 * Base45 encoding (RFC 9285 §4): every two bytes `[a, b]` are `n = a × 256 + b` written as three
 * characters `c d e` with `n = c + d × 45 + e × 45²`; a final single byte `a` as two characters `c d`
 * with `a = c + d × 45`.
 */
export function base45Encode(bytes: Uint8Array): string {
  let text = '';
  let index = 0;
  for (; index + 1 < bytes.length; index += 2) {
    let value = bytes[index]! * 256 + bytes[index + 1]!;
    const c = value % 45;
    value = (value - c) / 45;
    const d = value % 45;
    const e = (value - d) / 45;
    text += BASE45_ALPHABET[c]! + BASE45_ALPHABET[d]! + BASE45_ALPHABET[e]!;
  }
  if (index < bytes.length) {
    const value = bytes[index]!;
    text += BASE45_ALPHABET[value % 45]! + BASE45_ALPHABET[Math.floor(value / 45)]!;
  }
  return text;
}

/**
 * Base45 decoding (RFC 9285 §4; example in §4.4). Rejects, as §4 and §6 require, characters outside the alphabet, a length
 * that leaves one character over (length mod 3 = 1), triples above 65535 and a final pair above 255
 * (`SEAL_MALFORMED`).
 */
export function base45Decode(text: string): Uint8Array {
  if (text.length % 3 === 1) throw malformed(`Base45 text of length ${text.length} leaves a single character over (RFC 9285 §4)`);
  const out = new Uint8Array(Math.floor(text.length / 3) * 2 + (text.length % 3 === 2 ? 1 : 0));
  const value = (position: number): number => {
    const code = text.charCodeAt(position);
    const result = code < 128 ? VALUES[code]! : -1;
    if (result < 0) throw malformed(`character ${position + 1} is not in the Base45 alphabet (RFC 9285 §4.2)`);
    return result;
  };
  let offset = 0;
  let position = 0;
  for (; position + 2 < text.length; position += 3) {
    const n = value(position) + value(position + 1) * 45 + value(position + 2) * 2025;
    if (n > 0xffff) throw malformed(`characters ${position + 1}–${position + 3} encode ${n} > 65535 (RFC 9285 §4)`);
    out[offset++] = n >> 8;
    out[offset++] = n & 0xff;
  }
  if (position < text.length) {
    const n = value(position) + value(position + 1) * 45;
    if (n > 0xff) throw malformed(`the final two characters encode ${n} > 255 (RFC 9285 §4)`);
    out[offset] = n;
  }
  return out;
}

function malformed(message: string): TravelDocumentError {
  return new TravelDocumentError('SEAL_MALFORMED', message);
}
