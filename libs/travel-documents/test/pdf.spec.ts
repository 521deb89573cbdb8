import { beforeAll, describe, expect, it } from 'vitest';
import { create as createQrCode } from 'qrcode';
import {
  birthCertificateSealPayload,
  createDocumentSeal,
  identityDocumentSealPayload,
  nationalIdCardMrz,
  passportMrz,
  qrMatrix,
  renderBirthCertificate,
  renderNationalIdCard,
  renderPassportDataPage,
  verifyDocumentSeal,
} from '@citizen-zero/travel-documents';
import { longestRectRun, matrixFromRects, readPdf } from './support/pdf-content';
import { SPECIMEN_BIRTH_CERTIFICATE, SPECIMEN_ID_CARD, SPECIMEN_PASSPORT } from './support/records';
import { TD1_SPECIMEN, TD3_SPECIMEN } from './support/specimens';
import { createTestPki, T, type TestPki } from './support/test-pki';

/** The matrix `qrcode.create` computes for the text, independently of the renderer's drawing code. */
function expectedModules(text: string): boolean[][] {
  const { modules } = createQrCode(text, { errorCorrectionLevel: 'M' });
  return Array.from({ length: modules.size }, (_, row) => Array.from({ length: modules.size }, (_, column) => modules.get(row, column) === 1));
}

describe('PDF renderings', () => {
  let pki: TestPki;
  let idSeal: string;
  let passportSeal: string;
  let birthSeal: string;

  beforeAll(async () => {
    pki = await createTestPki();
    const sign = async (payload: Parameters<typeof createDocumentSeal>[0]['payload']): Promise<string> =>
      (await createDocumentSeal({ payload, signer: pki.dsSigner, certificateChain: [pki.dsDer], signedAt: T })).text;
    idSeal = await sign(identityDocumentSealPayload('national-id-card', SPECIMEN_ID_CARD));
    passportSeal = await sign(identityDocumentSealPayload('passport', SPECIMEN_PASSPORT));
    birthSeal = await sign(birthCertificateSealPayload(SPECIMEN_BIRTH_CERTIFICATE));
  });

  it('the records give the ICAO specimen MRZs', () => {
    expect(nationalIdCardMrz(SPECIMEN_ID_CARD)).toEqual(TD1_SPECIMEN);
    expect(passportMrz(SPECIMEN_PASSPORT)).toEqual(TD3_SPECIMEN);
  });

  describe('national ID card (ID-1, TD1)', () => {
    it('two ID-1 pages; the back carries the three MRZ lines in Courier', async () => {
      const pdf = readPdf(await renderNationalIdCard(SPECIMEN_ID_CARD, idSeal));
      expect(pdf.raw.startsWith('%PDF-1.7')).toBe(true);
      expect(pdf.raw.trimEnd().endsWith('%%EOF')).toBe(true);
      expect(pdf.raw.match(/\/Type \/Page\b/g)).toHaveLength(2);
      expect(pdf.raw).toContain('/MediaBox [0 0 242.645669 153.014173]');
      for (const line of TD1_SPECIMEN) expect(pdf.texts).toContain(line);
      expect(pdf.raw).toMatch(/\/BaseFont \/Courier\b/);
      expect(pdf.texts).toContain('Eriksson');
      expect(pdf.raw).toContain('/Subtype /Image');
    });

    it('the QR code drawn is the module matrix of the seal text', async () => {
      const pdf = readPdf(await renderNationalIdCard(SPECIMEN_ID_CARD, idSeal));
      const drawn = matrixFromRects(longestRectRun(pdf));
      expect(drawn.size).toBe(qrMatrix(idSeal).size);
      expect(drawn.dark).toEqual(expectedModules(idSeal));
    });

    it('is byte-reproducible, and the issuance time is its only clock', async () => {
      const first = await renderNationalIdCard(SPECIMEN_ID_CARD, idSeal);
      const second = await renderNationalIdCard({ ...SPECIMEN_ID_CARD, portraitJpeg: Uint8Array.from(SPECIMEN_ID_CARD.portraitJpeg) }, idSeal);
      expect(Buffer.from(second).equals(Buffer.from(first))).toBe(true);
      const raw = readPdf(first).raw;
      expect(raw).toContain('(D:20260302093000Z)'); // CreationDate and ModDate = issuedAt
      expect(raw).not.toContain('PDFKit');
      const later = await renderNationalIdCard({ ...SPECIMEN_ID_CARD, issuedAt: new Date('2026-03-03T09:30:00Z') }, idSeal);
      expect(Buffer.from(later).equals(Buffer.from(first))).toBe(false);
      const id = (bytes: Uint8Array): string | undefined => /\/ID \[<([0-9a-f]+)> <\1>\]/.exec(readPdf(bytes).raw)?.[1];
      expect(id(first)).toMatch(/^[0-9a-f]{32}$/);
      expect(id(later)).not.toBe(id(first));
    });

    it('the seal printed on the card verifies and matches the printed data', async () => {
      const verdict = await verifyDocumentSeal(idSeal, { trustAnchors: [pki.iacaDer], at: T });
      // The ICAO specimen card expired in 2012: authentic, but expired.
      expect(verdict.payload).toMatchObject({ documentNumber: 'D23145890', primaryIdentifier: 'Eriksson', dateOfBirth: '1974-08-12' });
      expect(verdict.checks.filter((check) => !check.passed).map((check) => check.code)).toEqual(['SEAL_DOCUMENT_EXPIRED']);
    });

    it('a portrait that is not a JPEG is refused with DOCUMENT_RECORD_INVALID', async () => {
      await expect(renderNationalIdCard({ ...SPECIMEN_ID_CARD, portraitJpeg: Uint8Array.of(0x89, 0x50, 0x4e, 0x47) }, idSeal)).rejects.toMatchObject({ code: 'DOCUMENT_RECORD_INVALID' });
      await expect(renderNationalIdCard(SPECIMEN_ID_CARD, '')).rejects.toMatchObject({ code: 'DOCUMENT_RECORD_INVALID' });
    });
  });

  describe('passport data page (TD3)', () => {
    it('125 × 88 mm with the two MRZ lines and the seal QR code', async () => {
      const bytes = await renderPassportDataPage(SPECIMEN_PASSPORT, passportSeal);
      const pdf = readPdf(bytes);
      expect(pdf.raw).toContain('/MediaBox [0 0 354.330709 249.448819]');
      for (const line of TD3_SPECIMEN) expect(pdf.texts).toContain(line);
      expect(matrixFromRects(longestRectRun(pdf)).dark).toEqual(expectedModules(passportSeal));
      expect(Buffer.from(await renderPassportDataPage(SPECIMEN_PASSPORT, passportSeal)).equals(Buffer.from(bytes))).toBe(true);
    });

    it('without compression the MRZ is plain in the content stream', async () => {
      const raw = Buffer.from(await renderPassportDataPage(SPECIMEN_PASSPORT, passportSeal, { compress: false })).toString('latin1');
      expect(raw).not.toContain('/FlateDecode'); // nothing deflated: the portrait is DCT, the fonts are the standard 14
      expect(raw).toContain(`<${Buffer.from(TD3_SPECIMEN[1], 'latin1').toString('hex')}>`);
    });
  });

  it('an invalid issuance time is refused (it fixes the PDF dates and identifier)', async () => {
    await expect(renderPassportDataPage({ ...SPECIMEN_PASSPORT, issuedAt: new Date(Number.NaN) }, passportSeal)).rejects.toMatchObject({ code: 'DOCUMENT_RECORD_INVALID' });
  });

  describe('birth certificate (A4)', () => {
    it('registration details, parents and the seal QR code; byte-reproducible', async () => {
      const bytes = await renderBirthCertificate(SPECIMEN_BIRTH_CERTIFICATE, birthSeal);
      const pdf = readPdf(bytes);
      expect(pdf.raw).toContain('/MediaBox [0 0 595.275591 841.889764]');
      for (const text of ['CERTIFICATE OF BIRTH', 'ZEN-1974-08812', '14 AUG 1974', '12 AUG 1974, 06:40', 'MOTHER', 'FATHER', 'Karin \u00c5sa', 'Lars \u00d8yvind']) expect(pdf.texts).toContain(text);
      expect(matrixFromRects(longestRectRun(pdf)).dark).toEqual(expectedModules(birthSeal));
      expect(Buffer.from(await renderBirthCertificate(SPECIMEN_BIRTH_CERTIFICATE, birthSeal)).equals(Buffer.from(bytes))).toBe(true);
      const verdict = await verifyDocumentSeal(birthSeal, { trustAnchors: [pki.iacaDer], at: T });
      expect(verdict.valid).toBe(true);
      expect(verdict.payload).toMatchObject({ documentType: 'birth-certificate', registrationNumber: 'ZEN-1974-08812', parents: ['Karin \u00c5sa Eriksson', 'Lars \u00d8yvind Eriksson'] });
    });

    it('a record that does not fit on one page is refused rather than overprinted', async () => {
      const parents = [...SPECIMEN_BIRTH_CERTIFICATE.parents, ...SPECIMEN_BIRTH_CERTIFICATE.parents];
      await expect(renderBirthCertificate({ ...SPECIMEN_BIRTH_CERTIFICATE, parents }, birthSeal)).rejects.toMatchObject({ code: 'DOCUMENT_RECORD_INVALID' });
    });
  });
});
