import { utf8 } from '../encoding/bytes';
import { ZkCredentialError } from '../zk-error';

/**
 * The claim set of the `citizen-zero-zk-age-nationality` credential, version 1: an ordered list
 * of BBS messages, one per claim, each the UTF-8 bytes of `name=value`. The order is the message
 * index (the draft pairs each message with the same generator in every operation), the version is in the
 * signed BBS `header`, so a verifier that reads the header knows how to rebuild disclosed messages.
 *
 * | index | claim | value | disclosure |
 * | --- | --- | --- | --- |
 * | 0 | `age_over_18` | `true` / `false`, computed at issuance | the holder's choice |
 * | 1 | `age_over_21` | `true` / `false`, computed at issuance | the holder's choice |
 * | 2 | `nationality` | ISO 3166-1 alpha-2, upper case | the holder's choice |
 * | 3 | `valid_until` | `YYYY-MM`, last month of validity (UTC) | always (a verifier must check it) |
 * | 4 | `credential_id` | 32 lower-case hex digits, random per issuance | never |
 *
 * What is deliberately NOT in it: no name, birth date, NIN, document number, device key, status-list
 * index or issuance instant. Anything unique that a holder could be made to disclose would link
 * every presentation; `credential_id` is unique but can never be disclosed (the prover refuses and
 * verifiers reject an envelope that carries it), and `valid_until` is coarse (a month) so that all
 * credentials issued in the same month share it.
 */
export const AGE_NATIONALITY_SCHEMA = 'cz-zk-age-nationality/1';

/** The BBS header (the draft's `header` of Sign), signed and known to every verifier: names the schema and its version. */
export const AGE_NATIONALITY_HEADER: Uint8Array = utf8('citizen-zero:zk-age-nationality:v1');

export const AGE_NATIONALITY_CLAIMS = ['age_over_18', 'age_over_21', 'nationality', 'valid_until', 'credential_id'] as const;
export type AgeNationalityClaimName = (typeof AGE_NATIONALITY_CLAIMS)[number];

/** Claims a holder may choose to disclose. */
export const DISCLOSABLE_CLAIMS = ['age_over_18', 'age_over_21', 'nationality'] as const;
export type DisclosableClaim = (typeof DISCLOSABLE_CLAIMS)[number];

/** Disclosed in every proof: without it a verifier cannot tell an expired credential. */
export const ALWAYS_DISCLOSED_CLAIM = 'valid_until';
/** Never disclosed: unique per credential, it would link every proof. */
export const NEVER_DISCLOSED_CLAIM = 'credential_id';

export interface AgeNationalityClaims {
  readonly age_over_18: boolean;
  readonly age_over_21: boolean;
  readonly nationality: string;
  /** `YYYY-MM`: the credential is valid through the last day (UTC) of this month. */
  readonly valid_until: string;
  readonly credential_id: string;
}

/** What a proof reveals: the chosen claims, and always `valid_until`. */
export type DisclosedClaims = Partial<Pick<AgeNationalityClaims, DisclosableClaim>> & { readonly valid_until: string };

const COUNTRY = /^[A-Z]{2}$/;
const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;
const CREDENTIAL_ID = /^[0-9a-f]{32}$/;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

function invalid(message: string, claim?: string): never {
  throw new ZkCredentialError('ZK_CLAIM_SET_INVALID', message, claim ? { claim } : {});
}

/** Checks one claim value against the schema (types and formats); throws ZK_CLAIM_SET_INVALID. */
export function checkClaimValue(name: AgeNationalityClaimName, value: unknown): boolean | string {
  switch (name) {
    case 'age_over_18':
    case 'age_over_21':
      if (typeof value !== 'boolean') invalid(`${name} must be true or false`, name);
      return value;
    case 'nationality':
      if (typeof value !== 'string' || !COUNTRY.test(value)) invalid('nationality must be an ISO 3166-1 alpha-2 code in upper case', name);
      return value;
    case 'valid_until':
      if (typeof value !== 'string' || !MONTH.test(value)) invalid('valid_until must be a month, YYYY-MM', name);
      return value;
    case 'credential_id':
      if (typeof value !== 'string' || !CREDENTIAL_ID.test(value)) invalid('credential_id must be 32 lower-case hex digits', name);
      return value;
  }
}

/** A complete, well-formed claim set, or ZK_CLAIM_SET_INVALID: no claim missing, none extra. */
export function checkClaims(value: unknown): AgeNationalityClaims {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) invalid('the claims must be an object');
  const record = value as Record<string, unknown>;
  const extra = Object.keys(record).filter((key) => !(AGE_NATIONALITY_CLAIMS as readonly string[]).includes(key));
  if (extra.length > 0) invalid(`claims not in ${AGE_NATIONALITY_SCHEMA}: ${extra.join(', ')}`);
  for (const name of AGE_NATIONALITY_CLAIMS) {
    if (!(name in record)) invalid(`claim ${name} is missing`, name);
    checkClaimValue(name, record[name]);
  }
  return record as unknown as AgeNationalityClaims;
}

/** The BBS message of one claim: UTF-8 `name=value`. The name makes a message meaningless at another index. */
export function claimMessage(name: AgeNationalityClaimName, value: boolean | string): Uint8Array {
  return utf8(`${name}=${String(value)}`);
}

/** All messages, in schema order (the signing order). */
export function claimMessages(claims: AgeNationalityClaims): Uint8Array[] {
  return AGE_NATIONALITY_CLAIMS.map((name) => claimMessage(name, claims[name]));
}

export function claimIndex(name: AgeNationalityClaimName): number {
  return AGE_NATIONALITY_CLAIMS.indexOf(name);
}

/**
 * The message indexes a proof discloses for the holder's choice: the chosen claims plus
 * `valid_until`, ascending. Refuses an empty choice, duplicates and anything not disclosable.
 */
export function disclosureIndexes(disclose: readonly string[]): number[] {
  if (disclose.length === 0) throw new ZkCredentialError('ZK_DISCLOSURE_INVALID', 'choose at least one claim to disclose');
  if (new Set(disclose).size !== disclose.length) throw new ZkCredentialError('ZK_DISCLOSURE_INVALID', 'a claim is chosen twice');
  for (const name of disclose) {
    if (name === NEVER_DISCLOSED_CLAIM) throw new ZkCredentialError('ZK_DISCLOSURE_INVALID', 'credential_id is never disclosed: it would link every proof', { claim: name });
    if (!(DISCLOSABLE_CLAIMS as readonly string[]).includes(name)) throw new ZkCredentialError('ZK_DISCLOSURE_INVALID', `${name} is not a disclosable claim of ${AGE_NATIONALITY_SCHEMA}`, { claim: name });
  }
  return [...disclose, ALWAYS_DISCLOSED_CLAIM].map((name) => claimIndex(name as AgeNationalityClaimName)).sort((a, b) => a - b);
}

/**
 * Whether a person born on `birthDate` (YYYY-MM-DD) is at least `years` old on the UTC date of
 * `at`. Calendar arithmetic on (year, month, day): someone born on 29 February comes of age on
 * 1 March in common years.
 */
export function isAgeAtLeast(birthDate: string, at: Date, years: number): boolean {
  const match = DATE.exec(birthDate);
  if (!match) invalid('the birth date must be YYYY-MM-DD');
  const [birthYear, birthMonth, birthDay] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const [year, month, day] = [at.getUTCFullYear(), at.getUTCMonth() + 1, at.getUTCDate()];
  const age = year - birthYear - (month < birthMonth || (month === birthMonth && day < birthDay) ? 1 : 0);
  return age >= years;
}

/** `YYYY-MM` of `date` (UTC) plus `months`. */
export function monthAfter(date: Date, months: number): string {
  const total = date.getUTCFullYear() * 12 + date.getUTCMonth() + months;
  return `${String(Math.floor(total / 12)).padStart(4, '0')}-${String((total % 12) + 1).padStart(2, '0')}`;
}

/** Whether a credential valid until `validUntil` (YYYY-MM) is still valid at `at` (UTC). */
export function isWithinValidity(validUntil: string, at: Date): boolean {
  return monthAfter(at, 0) <= validUntil;
}

/**
 * The claim set for a person, computed at issuance: the age predicates on the issuance date,
 * the nationality, validity through the month `validityMonths` after the issuance month, and a
 * fresh random credential id.
 */
export function ageNationalityClaims(input: { birthDate: string; nationality: string; issuedAt: Date; validityMonths: number; credentialId: string }): AgeNationalityClaims {
  if (!Number.isInteger(input.validityMonths) || input.validityMonths < 1 || input.validityMonths > 120) invalid('validityMonths must be an integer from 1 to 120');
  return checkClaims({
    age_over_18: isAgeAtLeast(input.birthDate, input.issuedAt, 18),
    age_over_21: isAgeAtLeast(input.birthDate, input.issuedAt, 21),
    nationality: input.nationality,
    valid_until: monthAfter(input.issuedAt, input.validityMonths),
    credential_id: input.credentialId,
  });
}
