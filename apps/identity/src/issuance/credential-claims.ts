import { MDL_DOCTYPE, MDL_NAMESPACE, PID_DOCTYPE, PID_NAMESPACE } from '@citizen-zero/mdoc';
import type { DrivingPrivilege } from '../applications/application';
import type { IdentityConfig } from '../config/identity-config';
import { IdentityError } from '../identity-error';
import type { Person } from '../persons/person';

export interface CredentialIssuance {
  readonly documentNumber: string;
  readonly issuedAt: Date;
  readonly validUntil: Date;
}

/** ISO/IEC 5218 codes, as ISO/IEC 18013-5 §7.2.1 `sex` wants them. */
const ISO_5218 = { M: 1, F: 2, X: 0 } as const;

/**
 * The mDL's data elements (ISO/IEC 18013-5 §7.2.1, namespace org.iso.18013.5.1) from the
 * registry record, as JSON claims for `prepareClaims`, which validates them against the doctype.
 */
export function mdlClaims(person: Pick<Person, 'nationalIdNumber' | 'data'>, drivingPrivileges: readonly DrivingPrivilege[], issuance: CredentialIssuance, issuer: IdentityConfig['issuer'] & { unDistinguishingSign: string }): { docType: string; claims: Record<string, Record<string, unknown>> } {
  const residence = person.data.addresses.find((address) => address.kind === 'residence');
  return {
    docType: MDL_DOCTYPE,
    claims: {
      [MDL_NAMESPACE]: {
        family_name: person.data.familyName,
        given_name: person.data.givenNames,
        birth_date: person.data.birthDate,
        issue_date: isoDate(issuance.issuedAt),
        expiry_date: isoDate(issuance.validUntil),
        issuing_country: issuer.country,
        issuing_authority: issuer.authority,
        document_number: issuance.documentNumber,
        portrait: requirePortrait(person),
        driving_privileges: drivingPrivileges.map((privilege) => ({ vehicle_category_code: privilege.vehicleCategoryCode, ...(privilege.issueDate && { issue_date: privilege.issueDate }), ...(privilege.expiryDate && { expiry_date: privilege.expiryDate }) })),
        un_distinguishing_sign: issuer.unDistinguishingSign,
        sex: ISO_5218[person.data.sex],
        birth_place: person.data.placeOfBirth,
        nationality: person.data.nationalities[0],
        ...(residence && { resident_address: residence.lines.join(', '), resident_city: residence.locality, resident_country: residence.country, ...(residence.postalCode && { resident_postal_code: residence.postalCode }) }),
      },
    },
  };
}

/** The national ID as an mdoc of the EU PID doctype (eu.europa.ec.eudi.pid.1). */
export function nationalIdClaims(person: Pick<Person, 'nationalIdNumber' | 'data'>, issuance: CredentialIssuance, issuer: IdentityConfig['issuer']): { docType: string; claims: Record<string, Record<string, unknown>> } {
  const residence = person.data.addresses.find((address) => address.kind === 'residence');
  return {
    docType: PID_DOCTYPE,
    claims: {
      [PID_NAMESPACE]: {
        family_name: person.data.familyName,
        given_name: person.data.givenNames,
        birth_date: person.data.birthDate,
        birth_place: person.data.placeOfBirth,
        nationality: [...person.data.nationalities],
        expiry_date: isoDate(issuance.validUntil),
        issuing_authority: issuer.authority,
        issuing_country: issuer.country,
        personal_administrative_number: person.nationalIdNumber,
        document_number: issuance.documentNumber,
        portrait: requirePortrait(person),
        ...(residence && { resident_address: [...residence.lines, [residence.postalCode, residence.locality].filter(Boolean).join(' ')].join(', ') }),
      },
    },
  };
}

function requirePortrait(person: Pick<Person, 'data'>): string {
  if (!person.data.portrait) throw new IdentityError('PORTRAIT_MISSING', 'the person has no portrait on record: capture one before issuing a credential');
  return person.data.portrait;
}

function isoDate(date: Date): string {
  return date.toISOString().slice(0, 10);
}
