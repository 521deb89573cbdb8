/// <reference types="vite/client" />
import { getDocument, GlobalWorkerOptions } from 'pdfjs-dist';
import workerUrl from 'pdfjs-dist/build/pdf.worker.min.mjs?url';

/** The widest a preview page is drawn, in CSS pixels. */
const MAX_PAGE_WIDTH = 820;

/**
 * Draws every page of a PDF into `container` as canvases, with PDF.js (its worker is served by the
 * portal itself, which the Content-Security-Policy allows; frames and objects of `blob:` URLs are
 * not). Evaluation of generated code is off, as the policy forbids it. Loaded only when an
 * official opens a preview. Returns the number of pages.
 */
export async function renderPdfPages(bytes: Uint8Array, container: HTMLElement, label: string): Promise<number> {
  GlobalWorkerOptions.workerSrc = workerUrl;
  // PDF.js hands the buffer to its worker (detaching it): give it a copy.
  const pdf = await getDocument({ data: bytes.slice(), isEvalSupported: false }).promise;
  try {
    container.replaceChildren();
    const width = Math.min(container.clientWidth || MAX_PAGE_WIDTH, MAX_PAGE_WIDTH);
    const ratio = window.devicePixelRatio || 1;
    for (let number = 1; number <= pdf.numPages; number++) {
      const page = await pdf.getPage(number);
      const viewport = page.getViewport({ scale: width / page.getViewport({ scale: 1 }).width });
      const canvas = document.createElement('canvas');
      canvas.width = Math.floor(viewport.width * ratio);
      canvas.height = Math.floor(viewport.height * ratio);
      canvas.style.width = `${Math.floor(viewport.width)}px`;
      canvas.setAttribute('role', 'img');
      canvas.setAttribute('aria-label', `${label}, page ${number} of ${pdf.numPages}`);
      container.append(canvas);
      const context = canvas.getContext('2d');
      if (!context) throw new Error('this browser cannot draw the preview; download the PDF instead');
      await page.render({ canvasContext: context, viewport, transform: ratio === 1 ? undefined : [ratio, 0, 0, ratio, 0, 0] }).promise;
    }
    return pdf.numPages;
  } finally {
    await pdf.destroy();
  }
}
