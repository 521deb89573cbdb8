import { MdocError, type MdocErrorCode } from '../mdoc-error';
import { isTag, type CborMap } from './cbor';

/**
 * Narrowing helpers for decoded, untrusted CBOR. Each names the structure and field
 * it is reading so a malformed input yields an error a person can act on.
 */
export function invalid(what: string, problem: string, code: MdocErrorCode = 'CBOR_STRUCTURE_INVALID'): MdocError {
  return new MdocError(code, `${what}: ${problem}`);
}

export function asMap(value: unknown, what: string): CborMap {
  if (!(value instanceof Map)) throw invalid(what, 'expected a CBOR map');
  return value;
}

export function asArray(value: unknown, what: string): unknown[] {
  if (!Array.isArray(value)) throw invalid(what, 'expected a CBOR array');
  return value;
}

export function asText(value: unknown, what: string): string {
  if (typeof value !== 'string') throw invalid(what, 'expected a text string');
  return value;
}

export function asBytes(value: unknown, what: string): Uint8Array {
  if (!(value instanceof Uint8Array)) throw invalid(what, 'expected a byte string');
  return value;
}

export function asUint(value: unknown, what: string): number {
  if (typeof value === 'bigint' && value >= 0n && value <= BigInt(Number.MAX_SAFE_INTEGER)) return Number(value);
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) throw invalid(what, 'expected an unsigned integer');
  return value;
}

export function asInt(value: unknown, what: string): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value)) throw invalid(what, 'expected an integer');
  return value;
}

export function asBoolean(value: unknown, what: string): boolean {
  if (typeof value !== 'boolean') throw invalid(what, 'expected a boolean');
  return value;
}

/** `tdate` (#6.0) or, leniently, an epoch `#6.1`; both decode to Date. */
export function asDate(value: unknown, what: string): Date {
  if (value instanceof Date && !Number.isNaN(value.getTime())) return value;
  if (isTag(value, 0) && typeof value.value === 'string') {
    const parsed = new Date(value.value);
    if (!Number.isNaN(parsed.getTime())) return parsed;
  }
  throw invalid(what, 'expected a tdate');
}

export function required(map: CborMap, key: string | number, what: string): unknown {
  if (!map.has(key)) throw invalid(what, `missing "${String(key)}"`);
  return map.get(key);
}
