import type { IdentityClient } from '@citizen-zero/identity-client';
import { useEffect, useId, useRef, useState } from 'react';
import { expectData } from '../api/api-error';
import { ErrorMessage } from './async-state';
import { documentTitle, type IssuedDocument } from './record-labels';
import { saveFile } from './file-download';

/** Draws a PDF's pages into a container; resolves with the number of pages. */
export type PdfRenderer = (bytes: Uint8Array, container: HTMLElement, label: string) => Promise<number>;

/** PDF.js is loaded only when a preview is opened (it is most of a megabyte). */
const renderWithPdfJs: PdfRenderer = async (bytes, container, label) => (await import('./pdf-pages')).renderPdfPages(bytes, container, label);

/** The file name the identity service gives the PDF (`<kind>-<document number>.pdf`). */
export function pdfFileName(document: Pick<IssuedDocument, 'kind' | 'documentNumber' | 'id'>): string {
  return `${document.kind}-${document.documentNumber ?? document.id}.pdf`;
}

type PreviewState = { readonly status: 'closed' } | { readonly status: 'loading' } | { readonly status: 'shown'; readonly pages: number } | { readonly status: 'error'; readonly error: Error };

/**
 * The printed document's PDF (rendered by the identity service from the record and the sealed
 * issuance data; each rendering is audited): a preview drawn in the page and a download with the
 * service's file name. The PDF is fetched once, with the official's token, through the typed client.
 */
export function DocumentPdf(props: { readonly identity: IdentityClient; readonly document: IssuedDocument; readonly renderPages?: PdfRenderer }) {
  const { identity, document } = props;
  const renderPages = props.renderPages ?? renderWithPdfJs;
  const [preview, setPreview] = useState<PreviewState>({ status: 'closed' });
  const [downloading, setDownloading] = useState(false);
  const [downloadError, setDownloadError] = useState<Error | undefined>();
  const [saved, setSaved] = useState<string | undefined>();
  const pdf = useRef<Promise<Blob> | undefined>(undefined);
  const pages = useRef<HTMLDivElement>(null);
  const headingId = useId();
  const title = documentTitle(document);
  const filename = pdfFileName(document);

  const fetchPdf = (): Promise<Blob> => {
    pdf.current ??= expectData(identity.GET('/documents/{id}/pdf', { params: { path: { id: document.id } }, parseAs: 'blob' })).catch((error: unknown) => {
      pdf.current = undefined;
      throw error;
    });
    return pdf.current;
  };

  useEffect(() => {
    if (preview.status !== 'loading') return;
    let live = true;
    (async () => {
      const blob = await fetchPdf();
      const container = pages.current;
      if (!live || !container) return;
      const count = await renderPages(new Uint8Array(await blob.arrayBuffer()), container, title);
      if (live) setPreview({ status: 'shown', pages: count });
    })().catch((error: unknown) => live && setPreview({ status: 'error', error: error instanceof Error ? error : new Error(String(error)) }));
    return () => {
      live = false;
    };
    // Drawn each time the preview is opened; the PDF itself is fetched once per document.
  }, [preview.status]);

  const download = async () => {
    setDownloading(true);
    setDownloadError(undefined);
    setSaved(undefined);
    try {
      saveFile(await fetchPdf(), filename);
      setSaved(`Saved ${filename}.`);
    } catch (caught) {
      setDownloadError(caught as Error);
    } finally {
      setDownloading(false);
    }
  };

  const open = preview.status !== 'closed';
  return (
    <section className="cz-pdf" aria-labelledby={headingId}>
      <h3 id={headingId}>PDF: {title}</h3>
      <div className="actions">
        <button type="button" onClick={() => setPreview(open ? { status: 'closed' } : { status: 'loading' })} aria-expanded={open} disabled={preview.status === 'loading'}>
          {open ? 'Hide the preview' : 'Preview'}
        </button>
        <button type="button" onClick={() => void download()} disabled={downloading}>
          {downloading ? 'Downloading…' : 'Download PDF'}
        </button>
      </div>
      <p role="status" aria-live="polite" className="message success">
        {saved}
      </p>
      {downloadError && <ErrorMessage error={downloadError} />}
      {preview.status === 'loading' && (
        <p role="status" aria-live="polite" className="message loading">
          Rendering the PDF…
        </p>
      )}
      {preview.status === 'error' && <ErrorMessage error={preview.error} onRetry={() => setPreview({ status: 'loading' })} />}
      {preview.status === 'shown' && (
        <p className="reference">
          {preview.pages} {preview.pages === 1 ? 'page' : 'pages'}. The rendering is recorded in the audit log.
        </p>
      )}
      <div ref={pages} className="cz-pdf-pages" hidden={!open || preview.status === 'error'} />
    </section>
  );
}
