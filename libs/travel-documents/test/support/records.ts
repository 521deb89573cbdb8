import { syntheticPortraitJpeg } from '@citizen-zero/test-harness';
import type { BirthCertificateRecord, NationalIdCardRecord, PassportRecord } from '@citizen-zero/travel-documents';

/** The ICAO specimen holder (Doc 9303 Part 4 and 5 appendices): synthetic data only. */
const ANNA = {
  primaryIdentifier: 'Eriksson',
  secondaryIdentifier: 'Anna Maria',
  dateOfBirth: '1974-08-12',
  sex: 'F',
  nationality: 'UTO',
  placeOfBirth: 'Zenith',
} as const;

const ISSUED_AT = new Date('2026-03-02T09:30:00Z');

/** Gives the TD1 specimen MRZ of Doc 9303 Part 5 on the back of the card. */
export const SPECIMEN_ID_CARD: NationalIdCardRecord = {
  holder: ANNA,
  portraitJpeg: syntheticPortraitJpeg(3),
  documentNumber: 'D23145890',
  issuingState: 'UTO',
  issuingStateName: 'UTOPIA',
  issuingAuthority: 'Ministry of the Interior, Zenith',
  dateOfIssue: '2002-04-16',
  dateOfExpiry: '2012-04-15',
  issuedAt: ISSUED_AT,
};

/** Gives the TD3 specimen MRZ of Doc 9303 Part 4 at the foot of the data page. */
export const SPECIMEN_PASSPORT: PassportRecord = {
  holder: ANNA,
  portraitJpeg: syntheticPortraitJpeg(3),
  documentCode: 'P<',
  documentNumber: 'L898902C3',
  personalNumber: 'ZE184226B',
  issuingState: 'UTO',
  issuingStateName: 'UTOPIA',
  issuingAuthority: 'Passport Office, Zenith',
  dateOfIssue: '2002-04-16',
  dateOfExpiry: '2012-04-15',
  issuedAt: ISSUED_AT,
};

export const SPECIMEN_BIRTH_CERTIFICATE: BirthCertificateRecord = {
  certificateNumber: 'BC-2026-000417',
  registrationNumber: 'ZEN-1974-08812',
  registrationDate: '1974-08-14',
  registryOffice: 'Civil Registry Office of Zenith',
  issuingState: 'UTO',
  issuingStateName: 'UTOPIA',
  child: { primaryIdentifier: 'Eriksson', secondaryIdentifier: 'Anna Maria', dateOfBirth: '1974-08-12', timeOfBirth: '06:40', placeOfBirth: 'Zenith', sex: 'F', nationality: 'UTO' },
  parents: [
    { role: 'Mother', primaryIdentifier: 'Eriksson', secondaryIdentifier: 'Karin Åsa', dateOfBirth: '1948-02-03', placeOfBirth: 'Zenith', nationality: 'UTO' },
    { role: 'Father', primaryIdentifier: 'Eriksson', secondaryIdentifier: 'Lars Øyvind', dateOfBirth: '1946-11-21', placeOfBirth: 'Nadir', nationality: 'UTO' },
  ],
  dateOfIssue: '2026-03-02',
  issuedAt: ISSUED_AT,
};
