import type { NamedCurve } from '@citizen-zero/signing';
import { MdocError } from '../mdoc-error';
import { asBytes, asMap } from '../cbor/structure';
import type { CborMap } from '../cbor/cbor';

/**
 * COSE_Key for elliptic curve keys, RFC 9052 §7 and RFC 9053 §7.1.1 (EC2):
 * `{ 1 (kty): 2 (EC2), -1 (crv): 1|2|3, -2 (x): bstr, -3 (y): bstr }`.
 * ISO/IEC 18013-5:2021 §9.1.5.2 uses it for DeviceKey, EDeviceKey and EReaderKey.
 */
export type CoseKey = CborMap;

const KTY = 1;
const KTY_EC2 = 2;
const CRV = -1;
const X = -2;
const Y = -3;
const D = -4;

const CURVES: ReadonlyArray<{ crv: number; curve: NamedCurve; size: number }> = [
  { crv: 1, curve: 'P-256', size: 32 },
  { crv: 2, curve: 'P-384', size: 48 },
  { crv: 3, curve: 'P-521', size: 66 },
];

export interface EcPublicJwk {
  kty: 'EC';
  crv: NamedCurve;
  x: string;
  y: string;
}

export function coseKeyFromJwk(jwk: JsonWebKey): CoseKey {
  const curve = CURVES.find((candidate) => candidate.curve === jwk.crv);
  if (jwk.kty !== 'EC' || !curve || !jwk.x || !jwk.y) throw new MdocError('COSE_KEY_INVALID', 'only EC public keys on P-256, P-384 or P-521 can be device keys');
  return new Map<number, unknown>([
    [KTY, KTY_EC2],
    [CRV, curve.crv],
    [X, base64UrlDecode(jwk.x)],
    [Y, base64UrlDecode(jwk.y)],
  ]);
}

export function coseKeyToJwk(value: unknown, what = 'COSE_Key'): EcPublicJwk {
  const { curve, x, y } = ec2Coordinates(value, what);
  return { kty: 'EC', crv: curve, x: base64UrlEncode(x), y: base64UrlEncode(y) };
}

/** The curve and coordinates of a public EC2 COSE_Key (RFC 9053 §7.1.1), checked. */
function ec2Coordinates(value: unknown, what: string): { curve: NamedCurve; x: Uint8Array; y: Uint8Array } {
  const key = asMap(value, what);
  if (key.get(KTY) !== KTY_EC2) throw new MdocError('COSE_KEY_INVALID', `${what}: only EC2 keys (kty 2) are supported`);
  if (key.has(D)) throw new MdocError('COSE_KEY_INVALID', `${what}: a public COSE_Key must not carry the private key`);
  const curve = CURVES.find((candidate) => candidate.crv === key.get(CRV));
  if (!curve) throw new MdocError('COSE_KEY_INVALID', `${what}: unsupported curve ${String(key.get(CRV))}`);
  const x = asBytes(key.get(X), `${what} x`);
  const y = asBytes(key.get(Y), `${what} y`);
  if (x.length !== curve.size || y.length !== curve.size) throw new MdocError('COSE_KEY_INVALID', `${what}: coordinates must be ${curve.size} bytes for ${curve.curve}`);
  return { curve: curve.curve, x, y };
}

export function coseKeyCurve(value: unknown): NamedCurve {
  return coseKeyToJwk(value).crv;
}

/**
 * Imports a public EC2 COSE_Key as the uncompressed point 0x04 ‖ x ‖ y (SEC 1 §2.3.3) — half the
 * cost of a JWK import on Node; the point is checked to lie on the curve either way.
 */
export async function importCoseKey(value: unknown, usage: 'verify' | 'ecdh', what = 'COSE_Key'): Promise<CryptoKey> {
  const { curve, x, y } = ec2Coordinates(value, what);
  const point = new Uint8Array(1 + x.length + y.length);
  point[0] = 0x04;
  point.set(x, 1);
  point.set(y, 1 + x.length);
  try {
    return usage === 'verify'
      ? await crypto.subtle.importKey('raw', point, { name: 'ECDSA', namedCurve: curve }, true, ['verify'])
      : await crypto.subtle.importKey('raw', point, { name: 'ECDH', namedCurve: curve }, true, []);
  } catch (error) {
    throw new MdocError('COSE_KEY_INVALID', `${what}: not a valid point on ${curve}`, {}, { cause: error });
  }
}

/** COSE_Key from a DER SubjectPublicKeyInfo (e.g. `Signer.publicKeySpki()`). */
export async function coseKeyFromSpki(spki: Uint8Array, curve: NamedCurve): Promise<CoseKey> {
  const key = await crypto.subtle.importKey('spki', spki as BufferSource, { name: 'ECDSA', namedCurve: curve }, true, ['verify']);
  return coseKeyFromJwk(await crypto.subtle.exportKey('jwk', key));
}

/** Node's Buffer (native base64; its decoder also accepts the URL-safe alphabet), when running on Node. */
interface NodeBufferLike {
  from(text: string, encoding: 'base64'): Uint8Array;
  from(buffer: ArrayBufferLike, byteOffset: number, length: number): { toString(encoding: 'base64url' | 'base64'): string };
}
const nodeBuffer = () => (globalThis as { Buffer?: NodeBufferLike }).Buffer;

/** base64url without padding (RFC 4648 §5), with Node's native encoder when running on Node. */
export function base64UrlEncode(bytes: Uint8Array): string {
  const native = nodeBuffer();
  if (native) return native.from(bytes.buffer, bytes.byteOffset, bytes.length).toString('base64url');
  let binary = '';
  for (let offset = 0; offset < bytes.length; offset += 0x8000) binary += String.fromCharCode(...bytes.subarray(offset, offset + 0x8000));
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** Standard base64 with padding (RFC 4648 §4), with Node's native encoder when running on Node. */
export function base64Encode(bytes: Uint8Array): string {
  const native = nodeBuffer();
  if (native) return native.from(bytes.buffer, bytes.byteOffset, bytes.length).toString('base64');
  let binary = '';
  for (let offset = 0; offset < bytes.length; offset += 0x8000) binary += String.fromCharCode(...bytes.subarray(offset, offset + 0x8000));
  return btoa(binary);
}

const BASE64_VALUES = (() => {
  const table = new Int16Array(128).fill(-1);
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  for (let index = 0; index < alphabet.length; index++) table[alphabet.charCodeAt(index)] = index;
  table['-'.charCodeAt(0)] = table['+'.charCodeAt(0)] = 62;
  table['_'.charCodeAt(0)] = table['/'.charCodeAt(0)] = 63;
  return table;
})();


/**
 * Decodes base64url (RFC 4648 §5; standard base64 is accepted too), without padding or with it.
 * Anything outside the alphabet is refused rather than skipped.
 */
export function base64UrlDecode(text: string): Uint8Array {
  let length = text.length;
  while (length > 0 && text.charCodeAt(length - 1) === 61 /* = */) length--;
  if (length % 4 === 1 || text.length - length > 2) throw new MdocError('COSE_KEY_INVALID', 'not base64url');
  const expectedLength = Math.floor((length * 3) / 4);
  const native = nodeBuffer();
  if (native) {
    // Node skips characters outside the alphabet and stops at an inner "=": either way fewer
    // bytes come out than the length promises (for lengths that are not 1 mod 4, checked above).
    const decoded = native.from(text, 'base64');
    if (decoded.length !== expectedLength) throw new MdocError('COSE_KEY_INVALID', 'not base64url');
    return new Uint8Array(decoded);
  }
  const out = new Uint8Array(expectedLength);
  let buffer = 0;
  let bits = 0;
  let offset = 0;
  for (let index = 0; index < length; index++) {
    const code = text.charCodeAt(index);
    const value = code < 128 ? BASE64_VALUES[code]! : -1;
    if (value < 0) throw new MdocError('COSE_KEY_INVALID', 'not base64url');
    buffer = (buffer << 6) | value;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[offset++] = (buffer >> bits) & 0xff;
    }
  }
  return out;
}
