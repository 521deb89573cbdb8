import { fullDate, isFullDate, isTag, Tag, tdate } from '../cbor/cbor';
import { base64Encode, base64UrlDecode } from '../cose/cose-key';
import { MdocError } from '../mdoc-error';

/**
 * The CBOR types data elements take in ISO/IEC 18013-5:2021 §7.2.1 (table 5) and the
 * EU PID rulebook. `date` is full-date (#6.1004); `tdate-or-full-date` accepts either.
 */
export type DataElementType =
  | 'tstr'
  | 'uint'
  | 'bool'
  | 'bstr'
  | 'full-date'
  | 'tdate'
  | 'tdate-or-full-date'
  | 'country'
  | 'country-list'
  | 'driving-privileges'
  | 'any';

export interface DataElementDefinition {
  readonly identifier: string;
  readonly type: DataElementType;
  readonly mandatory: boolean;
  readonly description: string;
  /** Maximum length for text elements, where the standard sets one. */
  readonly maxLength?: number;
}

export interface NamespaceDefinition {
  readonly namespace: string;
  readonly elements: readonly DataElementDefinition[];
  /** Elements matching these patterns are accepted even though they are not listed (age_over_NN, biometric_template_xx). */
  readonly patterns?: ReadonlyArray<{ readonly pattern: RegExp; readonly type: DataElementType; readonly description: string }>;
}

export interface DocTypeDefinition {
  readonly docType: string;
  readonly title: string;
  readonly namespaces: readonly NamespaceDefinition[];
  /** Adds elements derived from the given ones (e.g. age_over_NN from birth_date) at issuance time. */
  readonly derive?: (claims: ReadonlyMap<string, ReadonlyMap<string, unknown>>, issuedAt: Date) => Map<string, Map<string, unknown>>;
}

export function findElementType(namespace: NamespaceDefinition, identifier: string): DataElementType | undefined {
  return namespace.elements.find((element) => element.identifier === identifier)?.type ?? namespace.patterns?.find((entry) => entry.pattern.test(identifier))?.type;
}

/**
 * Converts a JSON claim value to the element's CBOR value: dates to tags 1004/0,
 * byte strings from base64/base64url, country codes checked as ISO 3166-1 alpha-2.
 */
export function toElementValue(type: DataElementType, value: unknown, where: string): unknown {
  const fail = (expected: string): never => {
    throw new MdocError('ELEMENT_INVALID', `${where}: expected ${expected}`, { element: where });
  };
  switch (type) {
    case 'tstr':
      return typeof value === 'string' ? value : fail('a string');
    case 'uint':
      return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0 ? value : fail('a non-negative integer');
    case 'bool':
      return typeof value === 'boolean' ? value : fail('true or false');
    case 'bstr':
      if (value instanceof Uint8Array) return value;
      return typeof value === 'string' ? decodeBase64Any(value, where) : fail('bytes as a base64 string');
    case 'full-date':
      if (isTag(value, 1004)) return value;
      return typeof value === 'string' && isFullDate(value) ? fullDate(value) : fail('a date YYYY-MM-DD');
    case 'tdate':
      if (value instanceof Date) return tdate(value);
      return typeof value === 'string' && !Number.isNaN(Date.parse(value)) ? tdate(new Date(value)) : fail('a date-time');
    case 'tdate-or-full-date':
      if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value)) return isFullDate(value) ? fullDate(value) : fail('a date YYYY-MM-DD');
      return toElementValue('tdate', value, where);
    case 'country':
      return typeof value === 'string' && /^[A-Z]{2}$/.test(value) ? value : fail('an ISO 3166-1 alpha-2 country code');
    case 'country-list':
      if (Array.isArray(value) && value.length > 0) return value.map((entry, index) => toElementValue('country', entry, `${where}[${index}]`));
      return typeof value === 'string' ? [toElementValue('country', value, where)] : fail('a list of ISO 3166-1 alpha-2 country codes');
    case 'driving-privileges':
      return toDrivingPrivileges(value, where);
    case 'any':
      return value;
  }
}

/**
 * DrivingPrivileges (ISO/IEC 18013-5:2021 §7.2.4):
 * `[* { "vehicle_category_code": tstr, ? "issue_date": full-date, ? "expiry_date": full-date, ? "codes": [+ { "code": tstr, ? "sign": tstr, ? "value": tstr }] }]`.
 */
function toDrivingPrivileges(value: unknown, where: string): unknown {
  if (!Array.isArray(value)) throw new MdocError('ELEMENT_INVALID', `${where}: expected a list of driving privileges`, { element: where });
  return value.map((entry: unknown, index) => {
    const at = `${where}[${index}]`;
    if (typeof entry !== 'object' || entry === null) throw new MdocError('ELEMENT_INVALID', `${at}: expected an object`, { element: at });
    const privilege = entry as Record<string, unknown>;
    const map = new Map<string, unknown>([['vehicle_category_code', toElementValue('tstr', privilege['vehicle_category_code'], `${at}.vehicle_category_code`)]]);
    if (privilege['issue_date'] !== undefined) map.set('issue_date', toElementValue('full-date', privilege['issue_date'], `${at}.issue_date`));
    if (privilege['expiry_date'] !== undefined) map.set('expiry_date', toElementValue('full-date', privilege['expiry_date'], `${at}.expiry_date`));
    if (privilege['codes'] !== undefined) {
      if (!Array.isArray(privilege['codes']) || privilege['codes'].length === 0) throw new MdocError('ELEMENT_INVALID', `${at}.codes: expected a non-empty list`, { element: `${at}.codes` });
      map.set(
        'codes',
        privilege['codes'].map((code: unknown, codeIndex) => {
          const c = (code ?? {}) as Record<string, unknown>;
          const codeMap = new Map<string, unknown>([['code', toElementValue('tstr', c['code'], `${at}.codes[${codeIndex}].code`)]]);
          if (c['sign'] !== undefined) codeMap.set('sign', toElementValue('tstr', c['sign'], `${at}.codes[${codeIndex}].sign`));
          if (c['value'] !== undefined) codeMap.set('value', toElementValue('tstr', c['value'], `${at}.codes[${codeIndex}].value`));
          return codeMap;
        }),
      );
    }
    return map;
  });
}

/** Base64 or base64url bytes, also as a data: URL or wrapped over lines (normalised only when the plain form fails). */
function decodeBase64Any(text: string, where: string): Uint8Array {
  try {
    return base64UrlDecode(text);
  } catch {
    try {
      return base64UrlDecode(text.replace(/^data:[^;,]+;base64,/, '').replace(/\s+/g, ''));
    } catch {
      throw new MdocError('ELEMENT_INVALID', `${where}: expected bytes as a base64 string`, { element: where });
    }
  }
}

/** Turns decoded CBOR element values into JSON for display and APIs. */
export function elementValueToJson(value: unknown): unknown {
  if (value instanceof Uint8Array) return { $bytes: value.length, base64: base64Encode(value) };
  if (value instanceof Date) return value.toISOString().replace(/\.000Z$/, 'Z');
  if (value instanceof Tag) return elementValueToJson(value.value);
  if (value instanceof Map) return Object.fromEntries([...value].map(([key, entry]) => [String(key), elementValueToJson(entry)]));
  if (Array.isArray(value)) return value.map(elementValueToJson);
  if (typeof value === 'bigint') return value.toString();
  return value;
}

/** Years completed at `on` for someone born on the full-date `birthDate`. */
export function ageOn(birthDate: string, on: Date): number {
  const [year, month, day] = birthDate.split('-').map(Number) as [number, number, number];
  let age = on.getUTCFullYear() - year;
  if (on.getUTCMonth() + 1 < month || (on.getUTCMonth() + 1 === month && on.getUTCDate() < day)) age--;
  return age;
}
