import { TravelDocumentError } from '../travel-document-error';
import { assertJpeg, createPdfDocument, imageSource, mm, type PdfDocument, type RenderOptions } from './pdf-document';
import { drawQrCode } from './qr-code';
import { nationalIdCardMrz, type NationalIdCardRecord } from './records';
import { drawField, drawMrz, printable, vizDate } from './viz';

/** ID-1 (ISO/IEC 7810 §5.1): 85.60 × 53.98 mm, the TD1 size of ICAO Doc 9303 Part 5 §2. */
export const ID1_SIZE_MM = [85.6, 53.98] as const;

const FIELD = { labelSize: 4.2, valueSize: 6.8 } as const;

/** Layout of the card in millimetres (exported for tests and print templates). */
export const NATIONAL_ID_CARD_LAYOUT = {
  /** Portrait within Part 5 field 13/V limits: at least 32 × 26, at most 45 × 35 mm (height × width). */
  portrait: { x: 4.5, y: 12, width: 26, height: 33 },
  /** The seal QR code on the back, clear of the MRZ by more than its four-module quiet zone. */
  qr: { x: 51.6, y: 4.5, side: 30 },
  /** First MRZ character 5.0 ± 1.0 mm from the left edge (Part 5 §4.2.1.3); three lines at a 4.2 mm pitch. */
  mrz: { left: 5, firstLineTop: 38.6, linePitch: 4.2 },
} as const;

/**
 * A national identity card as a two-page PDF at ID-1 size (ICAO Doc 9303 Part 5): the front with the
 * issuing State, the portrait (zone V) and the holder's data (zone II); the back with the issuing authority
 * and date of issue, the visible digital seal as a QR code, and the three-line TD1 MRZ (zone VII, §4.2).
 *
 * Byte-reproducible: the same record and seal text give the same PDF (see `createPdfDocument`).
 */
export async function renderNationalIdCard(record: NationalIdCardRecord, sealText: string, options: RenderOptions = {}): Promise<Uint8Array> {
  assertJpeg(record.portraitJpeg, 'portraitJpeg');
  assertSealText(sealText);
  const mrz = nationalIdCardMrz(record);
  const { holder } = record;
  const size = [mm(ID1_SIZE_MM[0]), mm(ID1_SIZE_MM[1])] as const;
  const { doc, bytes } = await createPdfDocument(size, { title: 'National identity card', subject: 'ICAO Doc 9303 TD1 identity card with visible digital seal', issuedAt: record.issuedAt }, options);
  const layout = NATIONAL_ID_CARD_LAYOUT;

  // Front: zones I (State, document), II (holder), V (portrait).
  doc.addPage({ size: [...size], margin: 0 });
  drawCardOutline(doc, size);
  doc.font('Helvetica-Bold').fontSize(8).fillColor('#1d3557').text(printable(record.issuingStateName), mm(4.5), mm(3.2), { lineBreak: false });
  doc.font('Helvetica').fontSize(5).fillColor('#1d3557').text('NATIONAL IDENTITY CARD / CARTE NATIONALE D\u2019IDENTIT\u00c9', mm(4.5), mm(7.2), { lineBreak: false });
  doc.image(imageSource(record.portraitJpeg), mm(layout.portrait.x), mm(layout.portrait.y), { fit: [mm(layout.portrait.width), mm(layout.portrait.height)], align: 'center', valign: 'center' });
  const x = 33.5;
  drawField(doc, 'Surname / Nom', holder.primaryIdentifier, x, 12, FIELD);
  drawField(doc, 'Given names / Pr\u00e9noms', holder.secondaryIdentifier ?? '', x, 18.3, FIELD);
  drawField(doc, 'Sex / Sexe', holder.sex, x, 24.6, FIELD);
  drawField(doc, 'Nationality / Nationalit\u00e9', holder.nationality, x + 14, 24.6, FIELD);
  drawField(doc, 'Date of birth / Date de naissance', vizDate(holder.dateOfBirth, 'dateOfBirth'), x, 30.9, FIELD);
  drawField(doc, 'Document no. / N\u00b0 du document', record.documentNumber, x, 37.2, FIELD);
  drawField(doc, 'Date of expiry / Date d\u2019expiration', vizDate(record.dateOfExpiry, 'dateOfExpiry'), x, 43.5, FIELD);

  // Back: zone VI (optional data), the seal, zone VII (MRZ).
  doc.addPage({ size: [...size], margin: 0 });
  drawCardOutline(doc, size);
  drawField(doc, 'Authority / Autorit\u00e9', record.issuingAuthority, 5, 4, FIELD);
  drawField(doc, 'Date of issue / Date de d\u00e9livrance', vizDate(record.dateOfIssue, 'dateOfIssue'), 5, 10.3, FIELD);
  if (holder.placeOfBirth !== undefined) drawField(doc, 'Place of birth / Lieu de naissance', holder.placeOfBirth, 5, 16.6, FIELD);
  if (record.personalNumber !== undefined) drawField(doc, 'Personal no. / N\u00b0 personnel', record.personalNumber, 5, 22.9, FIELD);
  doc.font('Helvetica').fontSize(3.6).fillColor('#3c4a5c').text('Visible digital seal \u2014 scan to verify', mm(5), mm(31.5), { lineBreak: false });
  drawQrCode(doc, sealText, mm(layout.qr.x), mm(layout.qr.y), mm(layout.qr.side));
  drawMrz(doc, mrz, layout.mrz.left, layout.mrz.firstLineTop, layout.mrz.linePitch);

  doc.end();
  return bytes;
}

/** The card edge with ISO/IEC 7810 rounded corners (radius 3.18 mm), as a thin guide line. */
function drawCardOutline(doc: PdfDocument, size: readonly [number, number]): void {
  doc.save().lineWidth(0.3).strokeColor('#b0b8c4').roundedRect(0.5, 0.5, size[0] - 1, size[1] - 1, mm(3.18)).stroke().restore();
}

export function assertSealText(sealText: string): void {
  if (typeof sealText !== 'string' || sealText.length === 0) throw new TravelDocumentError('DOCUMENT_RECORD_INVALID', 'the seal text is required', { field: 'sealText' });
}
