import type { DataElementDefinition, DocTypeDefinition } from '../data-element';
import { deriveAgeAttestations } from '../mdl/mdl-namespace';

/**
 * The national identity credential uses the EU Person Identification Data doctype and
 * namespace, `eu.europa.ec.eudi.pid.1`, with the element set of the EUDI Architecture and
 * Reference Framework PID Rulebook (Annex 3.01, version 1.x, ISO/IEC 18013-5 encoding).
 * Sticking to it lets EU wallets and verifiers read Citizen Zero national IDs.
 */
export const PID_DOCTYPE = 'eu.europa.ec.eudi.pid.1';
export const PID_NAMESPACE = 'eu.europa.ec.eudi.pid.1';

const M = true;
const O = false;

export const PID_ELEMENTS: readonly DataElementDefinition[] = [
  { identifier: 'family_name', type: 'tstr', mandatory: M, description: 'Current last name(s) or surname(s)' },
  { identifier: 'given_name', type: 'tstr', mandatory: M, description: 'Current first name(s), including middle name(s)' },
  { identifier: 'birth_date', type: 'full-date', mandatory: M, description: 'Day, month and year on which the person was born' },
  { identifier: 'birth_place', type: 'tstr', mandatory: M, description: 'Country, and optionally region and locality, of birth' },
  { identifier: 'nationality', type: 'country-list', mandatory: M, description: 'Nationalities (ISO 3166-1 alpha-2)' },
  { identifier: 'expiry_date', type: 'tdate-or-full-date', mandatory: M, description: 'Date (and possibly time) when the PID will expire' },
  { identifier: 'issuing_authority', type: 'tstr', mandatory: M, description: 'Name of the administrative authority that issued the PID' },
  { identifier: 'issuing_country', type: 'country', mandatory: M, description: 'Alpha-2 country code of the PID provider’s country' },
  { identifier: 'resident_address', type: 'tstr', mandatory: O, description: 'Full address of the place where the person resides' },
  { identifier: 'resident_country', type: 'country', mandatory: O, description: 'Country where the person resides' },
  { identifier: 'resident_state', type: 'tstr', mandatory: O, description: 'State, province or district where the person resides' },
  { identifier: 'resident_city', type: 'tstr', mandatory: O, description: 'Municipality, city or town where the person resides' },
  { identifier: 'resident_postal_code', type: 'tstr', mandatory: O, description: 'Postal code of the place where the person resides' },
  { identifier: 'resident_street', type: 'tstr', mandatory: O, description: 'Name of the street where the person resides' },
  { identifier: 'resident_house_number', type: 'tstr', mandatory: O, description: 'House number where the person resides' },
  { identifier: 'personal_administrative_number', type: 'tstr', mandatory: O, description: 'The national identification number' },
  { identifier: 'portrait', type: 'bstr', mandatory: O, description: 'Facial image (ISO 19794-5 / ICAO 9303 portrait, JPEG)' },
  { identifier: 'family_name_birth', type: 'tstr', mandatory: O, description: 'Last name(s) at the time of birth' },
  { identifier: 'given_name_birth', type: 'tstr', mandatory: O, description: 'First name(s) at the time of birth' },
  { identifier: 'sex', type: 'uint', mandatory: O, description: 'Sex, ISO/IEC 5218 values (0 not known, 1 male, 2 female, 9 not applicable)' },
  { identifier: 'email_address', type: 'tstr', mandatory: O, description: 'Electronic mail address' },
  { identifier: 'mobile_phone_number', type: 'tstr', mandatory: O, description: 'Mobile telephone number, with country code' },
  { identifier: 'issuance_date', type: 'tdate-or-full-date', mandatory: O, description: 'Date (and possibly time) when the PID was issued' },
  { identifier: 'document_number', type: 'tstr', mandatory: O, description: 'Number of the identity document' },
  { identifier: 'issuing_jurisdiction', type: 'tstr', mandatory: O, description: 'ISO 3166-2 subdivision of the issuing jurisdiction' },
  { identifier: 'age_in_years', type: 'uint', mandatory: O, description: 'Current age in years' },
  { identifier: 'age_birth_year', type: 'uint', mandatory: O, description: 'Year of birth' },
];

export const PID_DOCTYPE_DEFINITION: DocTypeDefinition = {
  docType: PID_DOCTYPE,
  title: 'National identity card (EU PID, eu.europa.ec.eudi.pid.1)',
  namespaces: [
    {
      namespace: PID_NAMESPACE,
      elements: PID_ELEMENTS,
      patterns: [{ pattern: /^age_over_\d{2}$/, type: 'bool', description: 'Whether the person is at least NN years old' }],
    },
  ],
  derive: (claims, issuedAt) => deriveAgeAttestations(claims.get(PID_NAMESPACE), PID_NAMESPACE, issuedAt),
};
