import { assertJpeg, createPdfDocument, imageSource, mm, type RenderOptions } from './pdf-document';
import { assertSealText } from './national-id-card';
import { drawQrCode } from './qr-code';
import { passportMrz, type PassportRecord } from './records';
import { drawField, drawMrz, printable, vizDate } from './viz';

/** The TD3 size data page: 125.0 × 88.0 mm (ICAO Doc 9303 Part 4 §2), drawn landscape. */
export const TD3_SIZE_MM = [125, 88] as const;

const FIELD = { labelSize: 4, valueSize: 7.6 } as const;

/** Layout of the data page in millimetres (exported for tests and print templates). */
export const PASSPORT_DATA_PAGE_LAYOUT = {
  /** Portrait within Part 4 field 19/V limits: at least 32 × 26, at most 45 × 35 mm (height × width). */
  portrait: { x: 6, y: 15, width: 32, height: 42 },
  qr: { x: 94, y: 15, side: 26 },
  /** First MRZ character 6.0 ± 1.0 mm from the left edge (Part 4 §4.2.1.3); two lines at a 4.6 mm pitch. */
  mrz: { left: 6, firstLineTop: 74.5, linePitch: 4.6 },
} as const;

/**
 * A passport data page (ICAO Doc 9303 Part 4, TD3) as a one-page PDF: zone I (State, document, type,
 * code, number), the portrait (zone V), the holder's data (zone II), the issuing data (zone III), the
 * visible digital seal as a QR code, and the two-line MRZ at the foot (zone VII, §4.2).
 *
 * Byte-reproducible: the same record and seal text give the same PDF (see `createPdfDocument`).
 */
export async function renderPassportDataPage(record: PassportRecord, sealText: string, options: RenderOptions = {}): Promise<Uint8Array> {
  assertJpeg(record.portraitJpeg, 'portraitJpeg');
  assertSealText(sealText);
  const mrz = passportMrz(record);
  const { holder } = record;
  const size = [mm(TD3_SIZE_MM[0]), mm(TD3_SIZE_MM[1])] as const;
  const { doc, bytes } = await createPdfDocument(size, { title: 'Passport data page', subject: 'ICAO Doc 9303 TD3 passport data page with visible digital seal', issuedAt: record.issuedAt }, options);
  const layout = PASSPORT_DATA_PAGE_LAYOUT;
  const documentCode = mrz[0].slice(0, 2).replace(/</g, '');

  doc.addPage({ size: [...size], margin: 0 });
  doc.save().lineWidth(0.3).strokeColor('#b0b8c4').rect(0.5, 0.5, size[0] - 1, size[1] - 1).stroke().restore();
  doc.font('Helvetica-Bold').fontSize(10).fillColor('#1d3557').text(printable(record.issuingStateName), mm(6), mm(4.5), { lineBreak: false });
  doc.font('Helvetica').fontSize(6.5).fillColor('#1d3557').text('PASSPORT / PASSEPORT', mm(6), mm(9.5), { lineBreak: false });
  doc.image(imageSource(record.portraitJpeg), mm(layout.portrait.x), mm(layout.portrait.y), { fit: [mm(layout.portrait.width), mm(layout.portrait.height)], align: 'center', valign: 'center' });

  const x = 42;
  drawField(doc, 'Type', documentCode, x, 15, FIELD);
  drawField(doc, 'Code', record.issuingState, x + 11, 15, FIELD);
  drawField(doc, 'Passport no. / N\u00b0 du passeport', record.documentNumber, x + 24, 15, FIELD);
  drawField(doc, 'Surname / Nom', holder.primaryIdentifier, x, 21.5, FIELD);
  drawField(doc, 'Given names / Pr\u00e9noms', holder.secondaryIdentifier ?? '', x, 28, FIELD);
  drawField(doc, 'Nationality / Nationalit\u00e9', holder.nationality, x, 34.5, FIELD);
  drawField(doc, 'Sex / Sexe', holder.sex, x + 26, 34.5, FIELD);
  drawField(doc, 'Date of birth / Date de naissance', vizDate(holder.dateOfBirth, 'dateOfBirth'), x, 41, FIELD);
  drawField(doc, 'Place of birth / Lieu de naissance', holder.placeOfBirth ?? '', x + 26, 41, FIELD);
  drawField(doc, 'Date of issue / Date de d\u00e9livrance', vizDate(record.dateOfIssue, 'dateOfIssue'), x, 47.5, FIELD);
  drawField(doc, 'Date of expiry / Date d\u2019expiration', vizDate(record.dateOfExpiry, 'dateOfExpiry'), x + 26, 47.5, FIELD);
  drawField(doc, 'Authority / Autorit\u00e9', record.issuingAuthority, x, 54, FIELD);
  if (record.personalNumber !== undefined) drawField(doc, 'Personal no. / N\u00b0 personnel', record.personalNumber, x, 60.5, FIELD);

  drawQrCode(doc, sealText, mm(layout.qr.x), mm(layout.qr.y), mm(layout.qr.side));
  doc.font('Helvetica').fontSize(4).fillColor('#3c4a5c').text('Visible digital seal \u2014 scan to verify', mm(layout.qr.x), mm(layout.qr.y + layout.qr.side + 2), { width: mm(layout.qr.side), align: 'center', lineBreak: false });
  drawMrz(doc, mrz, layout.mrz.left, layout.mrz.firstLineTop, layout.mrz.linePitch);

  doc.end();
  return bytes;
}
