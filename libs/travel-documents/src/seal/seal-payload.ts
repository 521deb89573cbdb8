import { bytesEqual, decodeCbor, encodeCbor, Tag } from '@citizen-zero/mdoc';
import type { Sex } from '../mrz/mrz-types';
import { TravelDocumentError } from '../travel-document-error';

/** The documents a seal can be printed on, with their CBOR codes. */
export const SEAL_DOCUMENT_TYPES = { 'national-id-card': 1, passport: 2, 'birth-certificate': 3 } as const;
export type SealDocumentType = keyof typeof SEAL_DOCUMENT_TYPES;

/** Version of the payload layout below; a verifier rejects versions it does not know. */
export const SEAL_PAYLOAD_VERSION = 1;

/**
 * The printed data a seal authenticates: the few fields a person at a counter or border compares with
 * the document in hand. Names are as printed in the VIZ (not the MRZ form); dates are RFC 3339 full-dates.
 * No portrait and no biometric data: a seal is read by anyone who can photograph the document.
 */
export interface SealPayload {
  readonly documentType: SealDocumentType;
  /** ICAO three-letter code of the issuing State (ICAO Doc 9303 Part 3 §5), e.g. `UTO`. */
  readonly issuingState: string;
  readonly documentNumber: string;
  readonly primaryIdentifier: string;
  readonly secondaryIdentifier?: string;
  /** `YYYY-MM-DD`. */
  readonly dateOfBirth: string;
  readonly sex?: Sex;
  /** ICAO three-letter code. */
  readonly nationality?: string;
  /** `YYYY-MM-DD`. */
  readonly dateOfIssue: string;
  /** `YYYY-MM-DD`; absent for documents that do not expire (a birth certificate). */
  readonly dateOfExpiry?: string;
  readonly personalNumber?: string;
  readonly placeOfBirth?: string;
  /** Full names of the parents, for a birth certificate. */
  readonly parents?: readonly string[];
  /** Number of the entry in the civil register, for a birth certificate. */
  readonly registrationNumber?: string;
}

/**
 * CBOR map keys (small unsigned integers, one byte each). Keys are written in ascending order and values
 * in preferred serialization, so the encoding is deterministic (RFC 8949 §4.2.1).
 */
export const SEAL_PAYLOAD_KEYS = {
  version: 0,
  documentType: 1,
  issuingState: 2,
  documentNumber: 3,
  primaryIdentifier: 4,
  secondaryIdentifier: 5,
  dateOfBirth: 6,
  sex: 7,
  nationality: 8,
  dateOfIssue: 9,
  dateOfExpiry: 10,
  personalNumber: 11,
  placeOfBirth: 12,
  parents: 13,
  signedAt: 14,
  registrationNumber: 15,
} as const;

/** RFC 8943 §2.1: tag 100, a date as the number of days since 1970-01-01 (three to five bytes instead of twelve). */
const DAYS_SINCE_EPOCH_TAG = 100;
const DAY_MS = 86_400_000;
const MAX_TEXT_LENGTH = 200;
const MAX_PARENTS = 4;
const DOCUMENT_TYPE_BY_CODE = new Map<number, SealDocumentType>(Object.entries(SEAL_DOCUMENT_TYPES).map(([name, code]) => [code, name as SealDocumentType]));
const KNOWN_KEYS = new Set<number>(Object.values(SEAL_PAYLOAD_KEYS));

/** The payload and the seal's signing time (whole seconds), as deterministic CBOR. */
export function encodeSealPayload(payload: SealPayload, signedAt: Date): Uint8Array {
  validateSealPayload(payload);
  if (Number.isNaN(signedAt.getTime()) || signedAt.getTime() < 0) throw invalid('signedAt is not a valid time');
  const K = SEAL_PAYLOAD_KEYS;
  const entries: Array<[number, unknown]> = [
    [K.version, SEAL_PAYLOAD_VERSION],
    [K.documentType, SEAL_DOCUMENT_TYPES[payload.documentType]],
    [K.issuingState, payload.issuingState],
    [K.documentNumber, payload.documentNumber],
    [K.primaryIdentifier, payload.primaryIdentifier],
    [K.secondaryIdentifier, payload.secondaryIdentifier],
    [K.dateOfBirth, daysTag(payload.dateOfBirth)],
    [K.sex, payload.sex],
    [K.nationality, payload.nationality],
    [K.dateOfIssue, daysTag(payload.dateOfIssue)],
    [K.dateOfExpiry, payload.dateOfExpiry === undefined ? undefined : daysTag(payload.dateOfExpiry)],
    [K.personalNumber, payload.personalNumber],
    [K.placeOfBirth, payload.placeOfBirth],
    [K.parents, payload.parents === undefined ? undefined : [...payload.parents]],
    [K.signedAt, Math.floor(signedAt.getTime() / 1000)],
    [K.registrationNumber, payload.registrationNumber],
  ];
  return encodeCbor(new Map(entries.filter(([, value]) => value !== undefined)));
}

/**
 * Reads a payload from the received bytes. Strict: the bytes must be the deterministic encoding
 * (RFC 8949 §4.2.1) of a version-1 map with only known keys and well-typed values — compared with
 * their re-encoding, which is never used in place of the received bytes.
 */
export function decodeSealPayload(bytes: Uint8Array): { payload: SealPayload; signedAt: Date } {
  let value: unknown;
  try {
    value = decodeCbor(bytes, 'seal payload');
  } catch (error) {
    throw new TravelDocumentError('SEAL_PAYLOAD_INVALID', (error as Error).message, {}, { cause: error });
  }
  if (!(value instanceof Map)) throw invalid('the payload is not a CBOR map');
  for (const key of value.keys()) if (typeof key !== 'number' || !KNOWN_KEYS.has(key)) throw invalid(`unknown payload key ${String(key)}`);
  if (!bytesEqual(encodeCbor(value), bytes)) throw invalid('the payload is not in deterministic CBOR encoding (RFC 8949 §4.2.1)');
  const K = SEAL_PAYLOAD_KEYS;
  if (value.get(K.version) !== SEAL_PAYLOAD_VERSION) throw invalid(`unsupported payload version ${String(value.get(K.version))}`);
  const documentType = DOCUMENT_TYPE_BY_CODE.get(value.get(K.documentType) as number);
  if (!documentType) throw invalid('unknown document type');
  const text = (key: number, name: string): string | undefined => {
    const item = value.get(key);
    if (item !== undefined && typeof item !== 'string') throw invalid(`${name} must be a text string`);
    return item;
  };
  const date = (key: number, name: string): string | undefined => {
    const item = value.get(key);
    if (item === undefined) return undefined;
    if (!(item instanceof Tag) || item.tag !== DAYS_SINCE_EPOCH_TAG || !Number.isSafeInteger(item.value)) throw invalid(`${name} must be a tag 100 date (RFC 8943)`);
    return new Date((item.value as number) * DAY_MS).toISOString().slice(0, 10);
  };
  const parents = value.get(K.parents);
  if (parents !== undefined && !(Array.isArray(parents) && parents.every((parent) => typeof parent === 'string'))) throw invalid('parents must be an array of text strings');
  const signedAtSeconds = value.get(K.signedAt);
  if (typeof signedAtSeconds !== 'number' || !Number.isSafeInteger(signedAtSeconds) || signedAtSeconds < 0) throw invalid('signedAt must be an unsigned integer');
  const payload: SealPayload = {
    documentType,
    issuingState: text(K.issuingState, 'issuingState')!,
    documentNumber: text(K.documentNumber, 'documentNumber')!,
    primaryIdentifier: text(K.primaryIdentifier, 'primaryIdentifier')!,
    dateOfBirth: date(K.dateOfBirth, 'dateOfBirth')!,
    dateOfIssue: date(K.dateOfIssue, 'dateOfIssue')!,
    ...optional('secondaryIdentifier', text(K.secondaryIdentifier, 'secondaryIdentifier')),
    ...optional('sex', text(K.sex, 'sex') as SealPayload['sex']),
    ...optional('nationality', text(K.nationality, 'nationality')),
    ...optional('dateOfExpiry', date(K.dateOfExpiry, 'dateOfExpiry')),
    ...optional('personalNumber', text(K.personalNumber, 'personalNumber')),
    ...optional('placeOfBirth', text(K.placeOfBirth, 'placeOfBirth')),
    ...optional('parents', parents as string[] | undefined),
    ...optional('registrationNumber', text(K.registrationNumber, 'registrationNumber')),
  };
  validateSealPayload(payload);
  return { payload, signedAt: new Date(signedAtSeconds * 1000) };
}

function optional<Key extends string, Value>(key: Key, value: Value | undefined): { [K in Key]?: Value } {
  return (value === undefined ? {} : { [key]: value }) as { [K in Key]?: Value };
}

/** Checks a payload's shape and values; throws `SEAL_PAYLOAD_INVALID` naming the field, never its value. */
export function validateSealPayload(payload: SealPayload): void {
  if (!(payload.documentType in SEAL_DOCUMENT_TYPES)) throw invalid('documentType must be one of ' + Object.keys(SEAL_DOCUMENT_TYPES).join(', '));
  for (const field of ['issuingState', 'documentNumber', 'primaryIdentifier'] as const) requiredText(payload[field], field);
  for (const field of ['secondaryIdentifier', 'personalNumber', 'placeOfBirth', 'registrationNumber'] as const) if (payload[field] !== undefined) requiredText(payload[field], field);
  if (!/^[A-Z]{1,3}$/.test(payload.issuingState)) throw invalid('issuingState must be an ICAO code of 1 to 3 letters (ICAO Doc 9303 Part 3 §5)');
  if (payload.nationality !== undefined && !/^[A-Z]{1,3}$/.test(payload.nationality)) throw invalid('nationality must be an ICAO code of 1 to 3 letters');
  if (payload.sex !== undefined && payload.sex !== 'M' && payload.sex !== 'F' && payload.sex !== 'X') throw invalid('sex must be M, F or X');
  for (const field of ['dateOfBirth', 'dateOfIssue'] as const) fullDateDays(payload[field], field);
  if (payload.dateOfExpiry !== undefined) fullDateDays(payload.dateOfExpiry, 'dateOfExpiry');
  if (payload.parents !== undefined) {
    if (!Array.isArray(payload.parents) || payload.parents.length > MAX_PARENTS) throw invalid(`parents must be a list of at most ${MAX_PARENTS} names`);
    payload.parents.forEach((parent, index) => requiredText(parent, `parents[${index}]`));
  }
}

function requiredText(value: unknown, field: string): void {
  if (typeof value !== 'string' || value.trim().length === 0 || value.length > MAX_TEXT_LENGTH) throw invalid(`${field} must be a non-blank text of at most ${MAX_TEXT_LENGTH} characters`);
}

function daysTag(date: string): Tag {
  return new Tag(fullDateDays(date, 'date'), DAYS_SINCE_EPOCH_TAG);
}

/** Days since 1970-01-01 of an RFC 3339 full-date (RFC 8943 §2.1). */
function fullDateDays(date: string, field: string): number {
  const time = Date.parse(`${date}T00:00:00Z`);
  if (typeof date !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(date) || Number.isNaN(time) || new Date(time).toISOString().slice(0, 10) !== date) {
    throw invalid(`${field} must be a full-date YYYY-MM-DD`);
  }
  return time / DAY_MS;
}

function invalid(message: string): TravelDocumentError {
  return new TravelDocumentError('SEAL_PAYLOAD_INVALID', message);
}
