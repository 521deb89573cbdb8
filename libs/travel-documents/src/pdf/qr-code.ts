import { create as createQrCode, type QRCodeErrorCorrectionLevel } from 'qrcode';
import type { PdfDocument } from './pdf-document';

/**
 * Error correction level M (about 15 % of codewords recoverable, ISO/IEC 18004 §7.5.1): a worn or
 * scratched card still scans, at a moderate cost in size.
 */
export const SEAL_QR_ERROR_CORRECTION: QRCodeErrorCorrectionLevel = 'M';

export interface QrMatrix {
  /** Modules per side. */
  readonly size: number;
  readonly version: number;
  /** Whether the module at `row`, `column` is dark. */
  isDark(row: number, column: number): boolean;
}

/** The QR code module matrix for `text` (qrcode chooses alphanumeric mode for Base45 text, ISO/IEC 18004 §7.4.4). */
export function qrMatrix(text: string): QrMatrix {
  const code = createQrCode(text, { errorCorrectionLevel: SEAL_QR_ERROR_CORRECTION });
  const { size, data } = code.modules;
  return { size, version: code.version, isDark: (row, column) => data[row * size + column] === 1 };
}

/**
 * Draws a QR code as vector rectangles, one per horizontal run of dark modules, `side` points wide with its
 * top-left corner at `x`, `y` (the quiet zone of four modules, §6.3.8, is left to the caller's layout).
 * Vector drawing keeps the symbol sharp at any print resolution and the output deterministic.
 */
export function drawQrCode(doc: PdfDocument, text: string, x: number, y: number, side: number): QrMatrix {
  const matrix = qrMatrix(text);
  const moduleSize = side / matrix.size;
  doc.save();
  for (let row = 0; row < matrix.size; row++) {
    let column = 0;
    while (column < matrix.size) {
      if (!matrix.isDark(row, column)) {
        column++;
        continue;
      }
      const start = column;
      while (column < matrix.size && matrix.isDark(row, column)) column++;
      doc.rect(x + start * moduleSize, y + row * moduleSize, (column - start) * moduleSize, moduleSize);
    }
  }
  doc.fillColor('#000000').fill();
  doc.restore();
  return matrix;
}
