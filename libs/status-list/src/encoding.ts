import { base64UrlDecode, base64UrlEncode } from '@citizen-zero/mdoc';
import { StatusListError, type StatusListErrorCode } from './status-list-error';

export { base64UrlEncode };

const BASE64URL = /^[A-Za-z0-9_-]*$/;
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/**
 * Decodes base64url as JWS uses it (RFC 7515 §2: URL-safe alphabet, no padding), strictly: the
 * encoding must be the canonical one for the bytes it carries (RFC 4648 §3.5: the unused low bits of
 * the last character are zero), so a token has exactly one textual form and no bit of it can change
 * without changing what it says.
 */
export function decodeBase64Url(text: string, what: string, code: StatusListErrorCode = 'STATUS_LIST_MALFORMED'): Uint8Array {
  if (!BASE64URL.test(text)) throw new StatusListError(code, `${what} is not base64url (RFC 7515 §2)`);
  let bytes: Uint8Array;
  try {
    bytes = base64UrlDecode(text);
  } catch (error) {
    throw new StatusListError(code, `${what} is not base64url (RFC 7515 §2)`, {}, { cause: error });
  }
  if (base64UrlEncode(bytes) !== text) throw new StatusListError(code, `${what} is not canonical base64url (RFC 4648 §3.5)`);
  return bytes;
}

/** Standard, padded base64 (RFC 4648 §4), as the JWS `x5c` header uses it (RFC 7515 §4.1.6). */
export function encodeBase64(bytes: Uint8Array): string {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary);
}

export function decodeBase64(text: string, what: string): Uint8Array {
  if (!BASE64.test(text)) throw new StatusListError('STATUS_LIST_MALFORMED', `${what} is not padded base64 (RFC 7515 §4.1.6)`);
  const binary = atob(text);
  const out = new Uint8Array(binary.length);
  for (let index = 0; index < binary.length; index++) out[index] = binary.charCodeAt(index);
  return out;
}

const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8', { fatal: true });

export function utf8(text: string): Uint8Array {
  return encoder.encode(text);
}

export function fromUtf8(bytes: Uint8Array, what: string): string {
  try {
    return decoder.decode(bytes);
  } catch (error) {
    throw new StatusListError('STATUS_LIST_MALFORMED', `${what} is not UTF-8`, {}, { cause: error });
  }
}

/** Whether `uri` is an absolute URI (RFC 3986 §4.3), as `sub` and the reference's `uri` must be (§5.1, §6.2). */
export function isAbsoluteUri(uri: unknown): uri is string {
  if (typeof uri !== 'string' || uri.length === 0 || uri.trim() !== uri) return false;
  try {
    new URL(uri);
    return /^[A-Za-z][A-Za-z0-9+.-]*:/.test(uri);
  } catch {
    return false;
  }
}
