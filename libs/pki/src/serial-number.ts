import { ANNEX_B } from './annex-b';
import { toHex } from './bytes';
import { PkiError } from './pki-error';

/**
 * Certificate serial numbers per ISO/IEC 18013-5:2021 Annex B (Tables B.1 and B.3) and
 * RFC 5280 §4.1.2.2: a positive, non-sequential integer with at least 63 bits of CSPRNG
 * output (71 recommended), at most 20 octets.
 */

/**
 * A fresh serial number: 16 octets from the CSPRNG with the top bit cleared, i.e. 127 random
 * bits, positive, and at most 17 octets once DER-encoded. Returned as unsigned big-endian bytes.
 */
export function generateSerialNumber(): Uint8Array {
  const serial = globalThis.crypto.getRandomValues(new Uint8Array(ANNEX_B.serialNumberRandomOctets));
  serial[0] = serial[0]! & 0x7f;
  // A zero first octet would be dropped by minimal DER encoding; keep the length (and randomness) visible.
  if (serial[0] === 0) serial[0] = 0x01;
  return serial;
}

/**
 * Checks a caller-supplied serial number (unsigned big-endian) and returns it as the hex string
 * the @peculiar/x509 generators take. Throws {@link PkiError} `CERT_PROFILE_INVALID` if it is zero,
 * shorter than 8 octets (cannot carry 63 random bits) or longer than 20 octets DER-encoded.
 */
export function serialNumberHex(serial: Uint8Array): string {
  let start = 0;
  while (start < serial.length - 1 && serial[start] === 0) start++;
  const value = serial.subarray(start);
  if (value.length === 0 || value.every((byte) => byte === 0)) throw new PkiError('CERT_PROFILE_INVALID', 'serial number must be a positive integer (RFC 5280 §4.1.2.2)');
  const encodedLength = value.length + ((value[0]! & 0x80) !== 0 ? 1 : 0);
  if (encodedLength > ANNEX_B.serialNumberMaxOctets) {
    throw new PkiError('CERT_PROFILE_INVALID', `serial number is ${encodedLength} octets DER-encoded; Annex B and RFC 5280 §4.1.2.2 allow at most ${ANNEX_B.serialNumberMaxOctets}`);
  }
  if (value.length < ANNEX_B.serialNumberMinOctets) {
    throw new PkiError('CERT_PROFILE_INVALID', `serial number has ${value.length} octets; Annex B requires at least 63 bits of CSPRNG output (at least ${ANNEX_B.serialNumberMinOctets} octets)`);
  }
  return toHex(value);
}

/** Canonical form of a hex serial number for comparisons: lower case, no leading zero octets. */
export function normalizeSerialHex(hex: string): string {
  let value = hex.toLowerCase().replace(/^(00)+/, '');
  if (value.length % 2) value = `0${value}`;
  return value === '' ? '00' : value;
}
