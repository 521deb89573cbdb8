import { isTag } from '../../cbor/cbor';
import { ageOn, type DataElementDefinition, type DocTypeDefinition } from '../data-element';

/** The mDL document type and namespace (ISO/IEC 18013-5:2021 §7.1, §7.2.1). */
export const MDL_DOCTYPE = 'org.iso.18013.5.1.mDL';
export const MDL_NAMESPACE = 'org.iso.18013.5.1';

/** The age_over_NN thresholds Citizen Zero issues when birth_date is given (§7.2.5 allows any NN). */
export const ISSUED_AGE_THRESHOLDS = [16, 18, 21, 25, 65] as const;

const M = true;
const O = false;

/** Data elements of namespace org.iso.18013.5.1 (ISO/IEC 18013-5:2021 §7.2.1, table 5). */
export const MDL_ELEMENTS: readonly DataElementDefinition[] = [
  { identifier: 'family_name', type: 'tstr', mandatory: M, maxLength: 150, description: 'Last name, surname, or primary identifier' },
  { identifier: 'given_name', type: 'tstr', mandatory: M, maxLength: 150, description: 'First name(s), other name(s), or secondary identifier' },
  { identifier: 'birth_date', type: 'full-date', mandatory: M, description: 'Day, month and year on which the mDL holder was born' },
  { identifier: 'issue_date', type: 'tdate-or-full-date', mandatory: M, description: 'Date when mDL was issued' },
  { identifier: 'expiry_date', type: 'tdate-or-full-date', mandatory: M, description: 'Date when mDL expires' },
  { identifier: 'issuing_country', type: 'country', mandatory: M, description: 'Alpha-2 country code (ISO 3166-1) of the issuing authority' },
  { identifier: 'issuing_authority', type: 'tstr', mandatory: M, maxLength: 150, description: 'Issuing authority name' },
  { identifier: 'document_number', type: 'tstr', mandatory: M, maxLength: 150, description: 'The number assigned or calculated by the issuing authority' },
  { identifier: 'portrait', type: 'bstr', mandatory: M, description: 'A reproduction of the mDL holder’s portrait (JPEG or JPEG2000, §7.2.2)' },
  { identifier: 'driving_privileges', type: 'driving-privileges', mandatory: M, description: 'Driving privileges of the mDL holder (§7.2.4)' },
  { identifier: 'un_distinguishing_sign', type: 'tstr', mandatory: M, description: 'Distinguishing sign of the issuing country (UN Convention on Road Traffic)' },
  { identifier: 'administrative_number', type: 'tstr', mandatory: O, maxLength: 150, description: 'An audit control number assigned by the issuing authority' },
  { identifier: 'sex', type: 'uint', mandatory: O, description: 'mDL holder’s sex using values as defined in ISO/IEC 5218' },
  { identifier: 'height', type: 'uint', mandatory: O, description: 'mDL holder’s height in centimetres' },
  { identifier: 'weight', type: 'uint', mandatory: O, description: 'mDL holder’s weight in kilograms' },
  { identifier: 'eye_colour', type: 'tstr', mandatory: O, description: 'mDL holder’s eye colour' },
  { identifier: 'hair_colour', type: 'tstr', mandatory: O, description: 'mDL holder’s hair colour' },
  { identifier: 'birth_place', type: 'tstr', mandatory: O, maxLength: 150, description: 'Country and municipality or state/province where the mDL holder was born' },
  { identifier: 'resident_address', type: 'tstr', mandatory: O, maxLength: 150, description: 'The place where the mDL holder resides' },
  { identifier: 'portrait_capture_date', type: 'tdate', mandatory: O, description: 'Date when portrait was taken' },
  { identifier: 'age_in_years', type: 'uint', mandatory: O, description: 'The age of the mDL holder' },
  { identifier: 'age_birth_year', type: 'uint', mandatory: O, description: 'The year when the mDL holder was born' },
  { identifier: 'issuing_jurisdiction', type: 'tstr', mandatory: O, description: 'Country subdivision code (ISO 3166-2) of the issuing jurisdiction' },
  { identifier: 'nationality', type: 'country', mandatory: O, description: 'Nationality of the mDL holder (ISO 3166-1 alpha-2)' },
  { identifier: 'resident_city', type: 'tstr', mandatory: O, maxLength: 150, description: 'The city where the mDL holder lives' },
  { identifier: 'resident_state', type: 'tstr', mandatory: O, maxLength: 150, description: 'The state/province/district where the mDL holder lives' },
  { identifier: 'resident_postal_code', type: 'tstr', mandatory: O, maxLength: 150, description: 'The postal code of the mDL holder' },
  { identifier: 'resident_country', type: 'country', mandatory: O, description: 'The country where the mDL holder lives' },
  { identifier: 'family_name_national_character', type: 'tstr', mandatory: O, description: 'The family name using full UTF-8 character set' },
  { identifier: 'given_name_national_character', type: 'tstr', mandatory: O, description: 'The given name using full UTF-8 character set' },
  { identifier: 'signature_usual_mark', type: 'bstr', mandatory: O, description: 'Image of the signature or usual mark of the mDL holder (§7.2.7)' },
];

export const MDL_DOCTYPE_DEFINITION: DocTypeDefinition = {
  docType: MDL_DOCTYPE,
  title: 'Mobile driving licence (ISO/IEC 18013-5)',
  namespaces: [
    {
      namespace: MDL_NAMESPACE,
      elements: MDL_ELEMENTS,
      patterns: [
        { pattern: /^age_over_\d{2}$/, type: 'bool', description: 'Whether the holder is at least NN years old (§7.2.5)' },
        { pattern: /^biometric_template_[a-z_]+$/, type: 'bstr', description: 'Biometric template (ISO/IEC 19785-3 CBEFF, §7.2.6)' },
      ],
    },
  ],
  derive: (claims, issuedAt) => deriveAgeAttestations(claims.get(MDL_NAMESPACE), MDL_NAMESPACE, issuedAt),
};

/**
 * Adds age_over_NN (§7.2.5) for the issued thresholds and age_birth_year from birth_date,
 * unless the claims already carry them. Ages are computed at issuance time; the MSO validity
 * bounds how long they can be relied on.
 */
export function deriveAgeAttestations(claims: ReadonlyMap<string, unknown> | undefined, namespace: string, issuedAt: Date): Map<string, Map<string, unknown>> {
  const derived = new Map<string, unknown>();
  const birthDate = claims?.get('birth_date');
  const birth = isTag(birthDate, 1004) && typeof birthDate.value === 'string' ? birthDate.value : undefined;
  if (claims && birth) {
    const age = ageOn(birth, issuedAt);
    for (const threshold of ISSUED_AGE_THRESHOLDS) {
      const id = `age_over_${threshold}`;
      if (!claims.has(id)) derived.set(id, age >= threshold);
    }
    if (!claims.has('age_birth_year')) derived.set('age_birth_year', Number(birth.slice(0, 4)));
  }
  return new Map(derived.size > 0 ? [[namespace, derived]] : []);
}
