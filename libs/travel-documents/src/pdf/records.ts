import { generateTd1 } from '../mrz/td1';
import { generateTd3 } from '../mrz/td3';
import type { Sex } from '../mrz/mrz-types';
import type { SealPayload } from '../seal/seal-payload';

/** The holder of an identity document, already decrypted and as it is to be printed. */
export interface DocumentHolder {
  /** Primary identifier (surname) as printed in the VIZ (ICAO Doc 9303 Part 3 §3.4). */
  readonly primaryIdentifier: string;
  /** Secondary identifier (given names); absent for a name with one part. */
  readonly secondaryIdentifier?: string;
  /** `YYYY-MM-DD`; a partly unknown date of birth may be `YYYY-MM` or `YYYY` (Part 3 §4.8). */
  readonly dateOfBirth: string;
  readonly sex: Sex;
  /** ICAO three-letter code (Part 3 §5), e.g. `UTO`. */
  readonly nationality: string;
  readonly placeOfBirth?: string;
}

/** What a national ID card (TD1) and a passport data page (TD3) have in common. */
export interface IdentityDocumentRecord {
  readonly holder: DocumentHolder;
  /** The printed portrait, JPEG. */
  readonly portraitJpeg: Uint8Array;
  readonly documentNumber: string;
  /** ICAO three-letter code of the issuing State. */
  readonly issuingState: string;
  /** The State's name as printed in the VIZ, e.g. `UTOPIA`. */
  readonly issuingStateName: string;
  /** Authority or issuing office (Part 4 field 15/III). */
  readonly issuingAuthority: string;
  /** `YYYY-MM-DD`. */
  readonly dateOfIssue: string;
  /** `YYYY-MM-DD`. */
  readonly dateOfExpiry: string;
  /** Personal number: TD3 positions 29–42, or the TD1 upper-line optional data. */
  readonly personalNumber?: string;
  /** MRZ document code (TD1 default `I<`, TD3 default `PP`). */
  readonly documentCode?: string;
  /** The issuance timestamp: it fixes the PDF's dates and identifier, so the same record gives the same bytes. */
  readonly issuedAt: Date;
}

export type NationalIdCardRecord = IdentityDocumentRecord;
export type PassportRecord = IdentityDocumentRecord;

export interface BirthCertificatePerson {
  readonly primaryIdentifier: string;
  readonly secondaryIdentifier?: string;
  /** `YYYY-MM-DD`. */
  readonly dateOfBirth?: string;
  readonly placeOfBirth?: string;
  /** ICAO three-letter code. */
  readonly nationality?: string;
}

export interface BirthCertificateParent extends BirthCertificatePerson {
  /** The caption printed for this parent, e.g. `Mother`, `Father`, `Parent`. */
  readonly role: string;
}

export interface BirthCertificateRecord {
  /** Number of this certificate (the printed document). */
  readonly certificateNumber: string;
  /** Number of the entry in the civil register. */
  readonly registrationNumber: string;
  /** `YYYY-MM-DD`: when the birth was registered. */
  readonly registrationDate: string;
  /** The civil registry office that keeps the entry and issues the certificate. */
  readonly registryOffice: string;
  readonly issuingState: string;
  readonly issuingStateName: string;
  readonly child: BirthCertificatePerson & { readonly dateOfBirth: string; readonly placeOfBirth: string; readonly sex: Sex; /** `HH:MM`, local time. */ readonly timeOfBirth?: string };
  readonly parents: readonly BirthCertificateParent[];
  /** `YYYY-MM-DD`. */
  readonly dateOfIssue: string;
  readonly issuedAt: Date;
}

/** The TD1 MRZ printed on the back of the card (ICAO Doc 9303 Part 5 §4.2.2). */
export function nationalIdCardMrz(record: NationalIdCardRecord): readonly [string, string, string] {
  const { holder } = record;
  return generateTd1({
    ...(record.documentCode !== undefined && { documentCode: record.documentCode }),
    issuingState: record.issuingState,
    documentNumber: record.documentNumber,
    ...(record.personalNumber !== undefined && { optionalData1: record.personalNumber }),
    primaryIdentifier: holder.primaryIdentifier,
    ...(holder.secondaryIdentifier !== undefined && { secondaryIdentifier: holder.secondaryIdentifier }),
    nationality: holder.nationality,
    dateOfBirth: holder.dateOfBirth,
    sex: holder.sex,
    dateOfExpiry: record.dateOfExpiry,
  });
}

/** The TD3 MRZ printed at the foot of the passport data page (ICAO Doc 9303 Part 4 §4.2.2). */
export function passportMrz(record: PassportRecord): readonly [string, string] {
  const { holder } = record;
  return generateTd3({
    ...(record.documentCode !== undefined && { documentCode: record.documentCode }),
    issuingState: record.issuingState,
    documentNumber: record.documentNumber,
    ...(record.personalNumber !== undefined && { personalNumber: record.personalNumber }),
    primaryIdentifier: holder.primaryIdentifier,
    ...(holder.secondaryIdentifier !== undefined && { secondaryIdentifier: holder.secondaryIdentifier }),
    nationality: holder.nationality,
    dateOfBirth: holder.dateOfBirth,
    sex: holder.sex,
    dateOfExpiry: record.dateOfExpiry,
  });
}

/** The seal payload for an ID card or a passport: the printed data a verifier compares. */
export function identityDocumentSealPayload(documentType: 'national-id-card' | 'passport', record: IdentityDocumentRecord): SealPayload {
  const { holder } = record;
  return {
    documentType,
    issuingState: record.issuingState,
    documentNumber: record.documentNumber,
    primaryIdentifier: holder.primaryIdentifier,
    ...(holder.secondaryIdentifier !== undefined && { secondaryIdentifier: holder.secondaryIdentifier }),
    dateOfBirth: holder.dateOfBirth,
    sex: holder.sex,
    nationality: holder.nationality,
    dateOfIssue: record.dateOfIssue,
    dateOfExpiry: record.dateOfExpiry,
    ...(record.personalNumber !== undefined && { personalNumber: record.personalNumber }),
    ...(holder.placeOfBirth !== undefined && { placeOfBirth: holder.placeOfBirth }),
  };
}

/** The seal payload for a birth certificate. */
export function birthCertificateSealPayload(record: BirthCertificateRecord): SealPayload {
  const { child } = record;
  const fullName = (person: BirthCertificatePerson): string => [person.secondaryIdentifier, person.primaryIdentifier].filter((part) => part !== undefined && part.length > 0).join(' ');
  return {
    documentType: 'birth-certificate',
    issuingState: record.issuingState,
    documentNumber: record.certificateNumber,
    registrationNumber: record.registrationNumber,
    primaryIdentifier: child.primaryIdentifier,
    ...(child.secondaryIdentifier !== undefined && { secondaryIdentifier: child.secondaryIdentifier }),
    dateOfBirth: child.dateOfBirth,
    sex: child.sex,
    ...(child.nationality !== undefined && { nationality: child.nationality }),
    dateOfIssue: record.dateOfIssue,
    placeOfBirth: child.placeOfBirth,
    ...(record.parents.length > 0 && { parents: record.parents.map(fullName) }),
  };
}
