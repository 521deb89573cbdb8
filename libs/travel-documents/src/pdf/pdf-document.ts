/// <reference types="pdfkit" />
import { TravelDocumentError } from '../travel-document-error';

/** A pdfkit document (the type only; pdfkit itself is loaded lazily by {@link createPdfDocument}). */
export type PdfDocument = PDFKit.PDFDocument;

/** Millimetres to PDF points (1 pt = 1/72 in). */
export function mm(millimetres: number): number {
  return (millimetres * 72) / 25.4;
}

export interface RenderOptions {
  /** Deflate content streams (default true). Tests may turn it off to read the content as text. */
  readonly compress?: boolean;
}

export interface PdfMetadata {
  readonly title: string;
  readonly subject: string;
  /** The issuance timestamp: the PDF's CreationDate and ModDate, and through them its file identifier. */
  readonly issuedAt: Date;
}

/**
 * A pdfkit document set up to be byte-reproducible: CreationDate and ModDate are the issuance time
 * (pdfkit would use the current time), Producer and Creator are fixed, and the trailer /ID, which pdfkit
 * derives as an MD5 of the info dictionary, therefore depends only on the input. Nothing else in what
 * these renderers draw (standard fonts, JPEG pass-through, vector QR codes) is random or time-dependent.
 *
 * pdfkit is loaded on first use, so importing this library into a browser bundle (for seal verification)
 * does not pull it in.
 */
export async function createPdfDocument(size: readonly [number, number], metadata: PdfMetadata, options: RenderOptions = {}): Promise<{ doc: PdfDocument; bytes: Promise<Uint8Array> }> {
  if (!(metadata.issuedAt instanceof Date) || Number.isNaN(metadata.issuedAt.getTime())) {
    throw new TravelDocumentError('DOCUMENT_RECORD_INVALID', 'issuedAt must be a valid Date (it fixes the PDF dates and identifier)', { field: 'issuedAt' });
  }
  const { default: PDFDocument } = await import('pdfkit');
  const doc = new PDFDocument({
    size: [...size],
    margin: 0,
    autoFirstPage: false,
    compress: options.compress ?? true,
    pdfVersion: '1.7',
    info: {
      Title: metadata.title,
      Subject: metadata.subject,
      Creator: 'Citizen Zero travel-documents',
      Producer: 'Citizen Zero',
      CreationDate: metadata.issuedAt,
      ModDate: metadata.issuedAt,
    },
  });
  const chunks: Uint8Array[] = [];
  const bytes = new Promise<Uint8Array>((resolve, reject) => {
    doc.on('data', (chunk: Uint8Array) => chunks.push(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength)));
    doc.on('error', reject);
    doc.on('end', () => {
      const out = new Uint8Array(chunks.reduce((sum, chunk) => sum + chunk.length, 0));
      let offset = 0;
      for (const chunk of chunks) {
        out.set(chunk, offset);
        offset += chunk.length;
      }
      resolve(out);
    });
  });
  return { doc, bytes };
}

/** Image bytes as pdfkit's typings want them (it reads a fresh ArrayBuffer copy; the caller's bytes are untouched). */
export function imageSource(bytes: Uint8Array): ArrayBuffer {
  return Uint8Array.from(bytes).buffer;
}

/** JPEG SOI marker check, so a wrong image fails with a coded error rather than inside pdfkit. */
export function assertJpeg(bytes: Uint8Array, field: string): void {
  if (!(bytes instanceof Uint8Array) || bytes.length < 4 || bytes[0] !== 0xff || bytes[1] !== 0xd8) {
    throw new TravelDocumentError('DOCUMENT_RECORD_INVALID', `${field} must be JPEG bytes`, { field });
  }
}
