import { type BirthCertificateRecord, birthCertificateSealPayload, type IdentityDocumentRecord, identityDocumentSealPayload, renderBirthCertificate, renderNationalIdCard, renderPassportDataPage, type SealPayload } from '@citizen-zero/travel-documents';
import type { IdentityConfig } from '../config/identity-config';
import { IdentityError } from '../identity-error';
import type { Person } from '../persons/person';
import { icaoCountryCode } from './country-codes';
import type { DocumentKind } from './issued-document';

export type PrintedDocument =
  | { readonly kind: 'id-card' | 'passport'; readonly record: IdentityDocumentRecord }
  | { readonly kind: 'birth-certificate'; readonly record: BirthCertificateRecord };

/** What the issuance event fixes: the number and the instant, from which every printed date follows. */
export interface PrintedIssuance {
  readonly documentNumber: string;
  readonly issuedAt: Date;
  readonly validUntil: Date | undefined;
}

/**
 * The printed form of a document, built from the person's record and its issuance event only:
 * the seal is computed from it at issuance and the PDF rendered from it on demand, so the two
 * always agree and a PDF can be reproduced byte for byte.
 */
export function printedDocument(kind: DocumentKind, person: Person, issuance: PrintedIssuance, issuer: IdentityConfig['issuer']): PrintedDocument {
  const issuingState = icaoCountryCode(issuer.country);
  const issuingStateName = issuer.country === 'UT' ? 'UTOPIA' : issuingState;
  const dateOfIssue = issuance.issuedAt.toISOString().slice(0, 10);
  const nationality = icaoCountryCode(person.data.nationalities[0]!);
  if (kind === 'birth-certificate') {
    return {
      kind,
      record: {
        certificateNumber: issuance.documentNumber,
        registrationNumber: person.nationalIdNumber,
        registrationDate: person.createdAt.toISOString().slice(0, 10),
        registryOffice: issuer.authority,
        issuingState,
        issuingStateName,
        child: { primaryIdentifier: person.data.familyName, secondaryIdentifier: person.data.givenNames, dateOfBirth: person.data.birthDate, placeOfBirth: person.data.placeOfBirth, sex: person.data.sex, nationality },
        parents: person.data.parents.map((parent) => ({ role: parent.role === 'mother' ? 'Mother' : parent.role === 'father' ? 'Father' : 'Parent', primaryIdentifier: parent.familyName, secondaryIdentifier: parent.givenNames })),
        dateOfIssue,
        issuedAt: issuance.issuedAt,
      },
    };
  }
  if (kind !== 'id-card' && kind !== 'passport') throw new IdentityError('APPLICATION_CONFLICT', `${kind} is not a printed document`);
  if (!person.data.portrait) throw new IdentityError('PORTRAIT_MISSING', 'the person has no portrait on record: capture one before issuing an identity document');
  if (!issuance.validUntil) throw new IdentityError('APPLICATION_CONFLICT', 'an identity document needs an expiry date');
  return {
    kind,
    record: {
      holder: { primaryIdentifier: person.data.familyName, secondaryIdentifier: person.data.givenNames, dateOfBirth: person.data.birthDate, sex: person.data.sex, nationality, placeOfBirth: person.data.placeOfBirth },
      portraitJpeg: Buffer.from(person.data.portrait, 'base64'),
      documentNumber: issuance.documentNumber,
      issuingState,
      issuingStateName,
      issuingAuthority: issuer.authority,
      dateOfIssue,
      dateOfExpiry: issuance.validUntil.toISOString().slice(0, 10),
      personalNumber: person.nationalIdNumber,
      issuedAt: issuance.issuedAt,
    },
  };
}

export function sealPayloadOf(document: PrintedDocument): SealPayload {
  return document.kind === 'birth-certificate' ? birthCertificateSealPayload(document.record) : identityDocumentSealPayload(document.kind === 'id-card' ? 'national-id-card' : 'passport', document.record);
}

export function renderPrintedDocument(document: PrintedDocument, sealText: string): Promise<Uint8Array> {
  switch (document.kind) {
    case 'id-card':
      return renderNationalIdCard(document.record, sealText);
    case 'passport':
      return renderPassportDataPage(document.record, sealText);
    case 'birth-certificate':
      return renderBirthCertificate(document.record, sealText);
  }
}
