import { TravelDocumentError } from '../travel-document-error';
import { createPdfDocument, mm, type PdfDocument, type RenderOptions } from './pdf-document';
import { assertSealText } from './national-id-card';
import { drawQrCode } from './qr-code';
import type { BirthCertificatePerson, BirthCertificateRecord } from './records';
import { printable, vizDate } from './viz';

/** ISO 216 A4, 210 × 297 mm. */
export const A4_SIZE_MM = [210, 297] as const;

export const BIRTH_CERTIFICATE_LAYOUT = {
  qr: { x: 150, y: 222, side: 40 },
} as const;

const LEFT = 20;
const LABEL_WIDTH = 55;
const VALUE_X = LEFT + LABEL_WIDTH;
const VALUE_WIDTH = 190 - VALUE_X;

/**
 * A birth certificate (a certified extract of the civil register entry) on A4: registration details, the
 * child, the parents, the issuing office and date, and the visible digital seal as a QR code.
 *
 * Byte-reproducible: the same record and seal text give the same PDF (see `createPdfDocument`).
 */
export async function renderBirthCertificate(record: BirthCertificateRecord, sealText: string, options: RenderOptions = {}): Promise<Uint8Array> {
  assertSealText(sealText);
  if (!record.child || record.child.primaryIdentifier.trim().length === 0) {
    throw new TravelDocumentError('DOCUMENT_RECORD_INVALID', 'the child\u2019s primary identifier is required', { field: 'child.primaryIdentifier' });
  }
  const size = [mm(A4_SIZE_MM[0]), mm(A4_SIZE_MM[1])] as const;
  const { doc, bytes } = await createPdfDocument(size, { title: 'Birth certificate', subject: 'Certified extract of a birth registration with visible digital seal', issuedAt: record.issuedAt }, options);
  doc.addPage({ size: [...size], margin: 0 });
  const { child } = record;

  doc.font('Helvetica-Bold').fontSize(14).fillColor('#1d3557').text(printable(record.issuingStateName), mm(LEFT), mm(20), { width: mm(170), align: 'center' });
  doc.font('Helvetica-Bold').fontSize(20).fillColor('#000000').text('CERTIFICATE OF BIRTH', mm(LEFT), mm(30), { width: mm(170), align: 'center' });
  doc.font('Helvetica').fontSize(9).fillColor('#3c4a5c').text('Certified extract of the civil register / Extrait certifi\u00e9 du registre de l\u2019\u00e9tat civil', mm(LEFT), mm(40), { width: mm(170), align: 'center' });

  let y = 55;
  y = section(doc, 'Registration', y);
  y = row(doc, 'Registration number', record.registrationNumber, y);
  y = row(doc, 'Date of registration', vizDate(record.registrationDate, 'registrationDate'), y);
  y = row(doc, 'Registry office', record.registryOffice, y);

  y = section(doc, 'Child', y + 4);
  y = row(doc, 'Surname', child.primaryIdentifier, y);
  y = row(doc, 'Given names', child.secondaryIdentifier ?? '', y);
  y = row(doc, 'Sex', child.sex, y);
  y = row(doc, 'Date of birth', vizDate(child.dateOfBirth, 'child.dateOfBirth') + (child.timeOfBirth ? `, ${child.timeOfBirth}` : ''), y);
  y = row(doc, 'Place of birth', child.placeOfBirth, y);
  if (child.nationality !== undefined) y = row(doc, 'Nationality', child.nationality, y);

  for (const parent of record.parents) {
    y = section(doc, parent.role, y + 4);
    y = person(doc, parent, y);
  }

  const footerTop = BIRTH_CERTIFICATE_LAYOUT.qr.y;
  if (y > footerTop - 2) throw new TravelDocumentError('DOCUMENT_RECORD_INVALID', 'the registration details do not fit on one A4 page', { field: 'parents' });
  doc.font('Helvetica').fontSize(9).fillColor('#000000');
  doc.text(printable(`Certificate no. ${record.certificateNumber}`), mm(LEFT), mm(footerTop), { width: mm(120) });
  doc.text(printable(`Issued by ${record.registryOffice} on ${vizDate(record.dateOfIssue, 'dateOfIssue')}`), mm(LEFT), mm(footerTop + 6), { width: mm(120) });
  doc.fontSize(7.5).fillColor('#3c4a5c').text('The visible digital seal (QR code) authenticates the data printed above. Scan it with a verifier that trusts the document signer of the issuing State.', mm(LEFT), mm(footerTop + 16), { width: mm(120) });
  const qr = BIRTH_CERTIFICATE_LAYOUT.qr;
  drawQrCode(doc, sealText, mm(qr.x), mm(qr.y), mm(qr.side));

  doc.end();
  return bytes;
}

function section(doc: PdfDocument, title: string, yMm: number): number {
  doc.font('Helvetica-Bold').fontSize(11).fillColor('#1d3557').text(printable(title.toUpperCase()), mm(LEFT), mm(yMm), { width: mm(170), lineBreak: false });
  doc.save().lineWidth(0.5).strokeColor('#1d3557').moveTo(mm(LEFT), mm(yMm + 5.5)).lineTo(mm(190), mm(yMm + 5.5)).stroke().restore();
  return yMm + 8;
}

function row(doc: PdfDocument, label: string, value: string, yMm: number): number {
  doc.font('Helvetica').fontSize(9).fillColor('#3c4a5c').text(printable(label), mm(LEFT), mm(yMm), { width: mm(LABEL_WIDTH - 2), lineBreak: false });
  doc.font('Helvetica-Bold').fontSize(10).fillColor('#000000').text(printable(value), mm(VALUE_X), mm(yMm), { width: mm(VALUE_WIDTH) });
  return Math.max(yMm + 6, (doc.y * 25.4) / 72 + 1);
}

function person(doc: PdfDocument, person: BirthCertificatePerson, yMm: number): number {
  let y = row(doc, 'Surname', person.primaryIdentifier, yMm);
  y = row(doc, 'Given names', person.secondaryIdentifier ?? '', y);
  if (person.dateOfBirth !== undefined) y = row(doc, 'Date of birth', vizDate(person.dateOfBirth, 'parent.dateOfBirth'), y);
  if (person.placeOfBirth !== undefined) y = row(doc, 'Place of birth', person.placeOfBirth, y);
  if (person.nationality !== undefined) y = row(doc, 'Nationality', person.nationality, y);
  return y;
}
