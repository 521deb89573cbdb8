import { OID_ATTR } from './oids';
import { PkiError } from './pki-error';
import { Name, type JsonNameParams } from './x509';

/**
 * Subject of an IACA or document signer certificate (ISO/IEC 18013-5:2021 Annex B.1.2 Table B.1,
 * B.1.4 Table B.3): countryName is mandatory, commonName shall be present, stateOrProvinceName and
 * organizationName are optional.
 */
export interface DistinguishedNameInput {
  /** ISO 3166-1 alpha-2 code of the issuing country, upper case (e.g. "NL"); encoded as PrintableString. */
  readonly country: string;
  readonly commonName: string;
  readonly organization?: string;
  /** ISO 3166-2 subdivision or state name of the issuing authority, when it issues for a subdivision. */
  readonly stateOrProvince?: string;
  readonly locality?: string;
}

/** X.520 upper bounds (RFC 5280 Appendix A.1): ub-common-name 64, ub-organization-name 64, ub-state-name 128, ub-locality-name 128. */
const UPPER_BOUNDS = { commonName: 64, organization: 64, stateOrProvince: 128, locality: 128 } as const;

/**
 * Builds the Name: countryName as PrintableString (X.520 restricts it to PrintableString SIZE(2)),
 * the others as UTF8String (RFC 5280 §4.1.2.4), in the order C, ST, L, O, CN.
 * Throws {@link PkiError} `CERT_PROFILE_INVALID` for a value the profile does not allow.
 */
export function buildDistinguishedName(input: DistinguishedNameInput, what = 'subject'): Name {
  if (!isCountryCode(input.country)) {
    throw new PkiError('CERT_PROFILE_INVALID', `${what} country "${printable(input.country)}" is not an upper-case ISO 3166-1 alpha-2 code (Annex B Table B.1 countryName)`);
  }
  if (input.commonName === undefined) throw new PkiError('CERT_PROFILE_INVALID', `${what} commonName is required (Annex B Table B.1)`);
  const json: JsonNameParams = [{ C: [{ printableString: input.country }] }];
  const optional: Array<[keyof typeof UPPER_BOUNDS, string, string | undefined]> = [
    ['stateOrProvince', 'ST', input.stateOrProvince],
    ['locality', 'L', input.locality],
    ['organization', 'O', input.organization],
    ['commonName', 'CN', input.commonName],
  ];
  for (const [field, type, value] of optional) {
    if (value === undefined) continue;
    checkAttribute(what, field, value);
    json.push({ [type]: [{ utf8String: value }] });
  }
  return new Name(json);
}

export function isCountryCode(value: unknown): value is string {
  return typeof value === 'string' && /^[A-Z]{2}$/.test(value);
}

/** The first countryName value of a Name, if any. */
export function countryOf(name: Name): string | undefined {
  return name.getField(OID_ATTR.countryName)[0];
}

/**
 * Whether two distinguished names match (RFC 5280 §7.1): identical DER, or the same attribute
 * types in the same RDN order with values equal after case folding and insignificant-space
 * removal (a simplification of the LDAP StringPrep profile of RFC 4518).
 */
export function distinguishedNamesMatch(a: Name, b: Name): boolean {
  const left = nameDer(a);
  const right = nameDer(b);
  if (left.length === right.length && left.every((byte, index) => byte === right[index])) return true;
  return canonicalName(a) === canonicalName(b);
}

/**
 * A name's DER encoding. @peculiar/x509 re-serialises the ASN.1 on every `toArrayBuffer()` call;
 * names of the (memoised) certificates are the same objects on every path validation, so their
 * encodings are kept.
 */
const encodedNames = new WeakMap<Name, Uint8Array>();

function nameDer(name: Name): Uint8Array {
  let der = encodedNames.get(name);
  if (!der) encodedNames.set(name, (der = new Uint8Array(name.toArrayBuffer())));
  return der;
}

function canonicalName(name: Name): string {
  return JSON.stringify(
    name.toJSON().map((rdn) =>
      Object.entries(rdn)
        .map(([type, values]) => [type, values.map((value) => value.normalize('NFKC').trim().replace(/\s+/g, ' ').toLowerCase()).sort()] as const)
        .sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0)),
    ),
  );
}

function checkAttribute(what: string, field: keyof typeof UPPER_BOUNDS, value: string): void {
  if (typeof value !== 'string' || value.trim().length === 0) throw new PkiError('CERT_PROFILE_INVALID', `${what} ${field} must be a non-empty string`);
  if (value.length > UPPER_BOUNDS[field]) throw new PkiError('CERT_PROFILE_INVALID', `${what} ${field} is longer than ${UPPER_BOUNDS[field]} characters (RFC 5280 Appendix A.1)`);
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(value)) throw new PkiError('CERT_PROFILE_INVALID', `${what} ${field} contains control characters`);
}

function printable(value: unknown): string {
  return String(value).replace(/[^\x20-\x7e]/g, '?').slice(0, 16);
}
