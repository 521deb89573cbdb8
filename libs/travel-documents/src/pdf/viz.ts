import { TravelDocumentError } from '../travel-document-error';
import { mm, type PdfDocument } from './pdf-document';

const MONTHS = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'] as const;

/**
 * A date for the visual inspection zone: day, three-letter month, four-digit year (`12 AUG 1974`), with
 * unknown parts of a date of birth shown as `XX` (ICAO Doc 9303 Part 3 §3.8).
 */
export function vizDate(date: string, field = 'date'): string {
  const match = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/.exec(date);
  const month = match?.[2] === undefined ? undefined : MONTHS[Number(match[2]) - 1];
  if (!match || (match[2] !== undefined && month === undefined)) throw new TravelDocumentError('DOCUMENT_RECORD_INVALID', `${field} must be YYYY-MM-DD`, { field });
  return `${match[3] ?? 'XX'} ${month ?? 'XXX'} ${match[1]}`;
}

/** Text for the standard PDF fonts (WinAnsi): characters they cannot show are replaced by `?` rather than dropped silently. */
export function printable(text: string): string {
  return text.normalize('NFC').replace(/[^\u0020-\u007e\u00a0-\u00ff\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u2013\u2014\u2018\u2019\u201c\u201d]/g, '?');
}

export interface FieldStyle {
  readonly labelSize: number;
  readonly valueSize: number;
}

/**
 * A captioned field: caption in small type (1.0–1.8 mm, ICAO Doc 9303 Part 3 §3.3), value below in bold.
 * Positions in millimetres from the top-left corner. Neither line is wrapped: the layouts give each field
 * its room, and a wrapped caption would overprint the value.
 */
export function drawField(doc: PdfDocument, caption: string, value: string, xMm: number, yMm: number, style: FieldStyle): void {
  doc.font('Helvetica').fontSize(style.labelSize).fillColor('#3c4a5c').text(printable(caption), mm(xMm), mm(yMm), { lineBreak: false });
  doc
    .font('Helvetica-Bold')
    .fontSize(style.valueSize)
    .fillColor('#000000')
    .text(printable(value), mm(xMm), mm(yMm) + style.labelSize * 1.2, { lineBreak: false });
}

/**
 * MRZ lines in Courier 12 pt: Courier's advance of 600/1000 em gives exactly the 2.54 mm character pitch
 * of ICAO Doc 9303 Part 3 §4.4 (10 characters per 25.4 mm). OCR-B (ISO 1073-2), which §4.4 requires, is
 * not shipped with pdfkit; a production layout embeds a licensed OCR-B font here.
 */
export function drawMrz(doc: PdfDocument, lines: readonly string[], leftMm: number, firstLineTopMm: number, linePitchMm: number): void {
  doc.font('Courier').fontSize(12).fillColor('#000000');
  lines.forEach((line, index) => doc.text(line, mm(leftMm), mm(firstLineTopMm + index * linePitchMm), { lineBreak: false, characterSpacing: 0 }));
}
