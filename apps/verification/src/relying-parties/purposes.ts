/**
 * What a relying party may ask for, by purpose (data minimisation, GDPR art. 5(1)(c); ISO/IEC
 * 18013-5 §7.2 lets the holder see the reader's intent). A relying party is registered for one
 * or more purposes; each verification names the purpose it serves, and asks only for element
 * identifiers of that purpose (in any namespace: the mDL's `org.iso.18013.5.1` and the national
 * ID's `eu.europa.ec.eudi.pid.1` use the same names for these).
 */
export const PURPOSES = {
  /** A bar, a shop, an online age gate: is the holder old enough (and is it their credential). */
  'age-verification': { description: 'prove an age threshold', elements: ['age_over_16', 'age_over_18', 'age_over_21', 'age_over_25', 'age_over_65', 'portrait'] },
  /** Banks and telecoms (KYC): who the holder is. */
  'identity-verification': {
    description: 'identify the holder (know your customer)',
    elements: ['family_name', 'given_name', 'birth_date', 'birth_place', 'place_of_birth', 'nationality', 'portrait', 'document_number', 'issuing_country', 'issuing_authority', 'issue_date', 'expiry_date', 'resident_address', 'resident_city', 'resident_country', 'sex'],
  },
  /** Police, rental companies: may the holder drive this vehicle. */
  'driving-privileges': { description: 'check driving privileges', elements: ['driving_privileges', 'portrait', 'family_name', 'given_name', 'birth_date', 'document_number', 'issue_date', 'expiry_date', 'issuing_country'] },
  /** Border and public services: citizenship. */
  nationality: { description: 'prove nationality', elements: ['nationality', 'portrait', 'issuing_country'] },
} as const satisfies Record<string, { description: string; elements: readonly string[] }>;

export type Purpose = keyof typeof PURPOSES;
export const PURPOSE_NAMES = Object.keys(PURPOSES) as Purpose[];

export function isPurpose(value: string): value is Purpose {
  return Object.hasOwn(PURPOSES, value);
}

/** The requested elements the purpose does not cover (empty: the request is within the purpose). */
export function elementsOutside(purpose: Purpose, requested: readonly string[]): string[] {
  const allowed = new Set<string>(PURPOSES[purpose].elements);
  return requested.filter((element) => !allowed.has(element));
}
