import jsQR from 'jsqr';

/** Finds a QR code in RGBA pixels (a video frame, an image, a rendered PDF page). */
export function decodeQr(image: { data: Uint8ClampedArray; width: number; height: number }): string | undefined {
  return jsQR(image.data, image.width, image.height, { inversionAttempts: 'attemptBoth' })?.data || undefined;
}

function canvasPixels(canvas: HTMLCanvasElement): ImageData {
  return canvas.getContext('2d', { willReadFrequently: true })!.getImageData(0, 0, canvas.width, canvas.height);
}

/** The QR code in an uploaded photo or scan (PNG, JPEG…). */
export async function qrFromImageFile(file: Blob): Promise<string | undefined> {
  const bitmap = await createImageBitmap(file);
  const canvas = document.createElement('canvas');
  canvas.width = bitmap.width;
  canvas.height = bitmap.height;
  canvas.getContext('2d', { willReadFrequently: true })!.drawImage(bitmap, 0, 0);
  bitmap.close();
  return decodeQr(canvasPixels(canvas));
}

/**
 * The seal's QR code in a PDF from the identity service: each page is rendered to a canvas with
 * pdf.js (no eval, worker from this origin) at a scale where the printed QR modules are several pixels
 * wide, then searched with jsQR. Nothing is uploaded anywhere.
 */
export async function qrFromPdfFile(file: Blob): Promise<string | undefined> {
  const pdfjs = await import('pdfjs-dist');
  const { default: workerUrl } = await import('pdfjs-dist/build/pdf.worker.min.mjs?url');
  pdfjs.GlobalWorkerOptions.workerSrc = workerUrl;
  const pdf = await pdfjs.getDocument({ data: new Uint8Array(await file.arrayBuffer()), isEvalSupported: false, useSystemFonts: true, verbosity: 0 }).promise;
  try {
    for (let number = 1; number <= Math.min(pdf.numPages, 4); number++) {
      const page = await pdf.getPage(number);
      for (const scale of [4, 2.5, 6]) {
        const viewport = page.getViewport({ scale });
        const canvas = document.createElement('canvas');
        canvas.width = Math.ceil(viewport.width);
        canvas.height = Math.ceil(viewport.height);
        await page.render({ canvasContext: canvas.getContext('2d', { willReadFrequently: true })!, viewport }).promise;
        const text = decodeQr(canvasPixels(canvas));
        if (text) return text;
      }
    }
    return undefined;
  } finally {
    await pdf.destroy();
  }
}
