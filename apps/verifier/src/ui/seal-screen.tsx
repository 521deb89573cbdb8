import { useCallback, useState } from 'react';
import { QrScanner } from '../camera/qr-scanner';
import { qrFromImageFile, qrFromPdfFile } from '../seal/qr-from-file';
import type { SealView } from '../seal/seal-verdict-view';
import { Checks, RetentionNote } from './verdict-screen';

/** A printed document's seal: upload the identity service's PDF or a photo, scan it, or paste its text; verified offline. */
export function SealScreen(props: { verify: (text: string) => Promise<SealView>; retained: boolean; ready: boolean }) {
  const [mode, setMode] = useState<'choose' | 'camera'>('choose');
  const [busy, setBusy] = useState<string>();
  const [problem, setProblem] = useState<string>();
  const [view, setView] = useState<SealView>();
  const [pasted, setPasted] = useState('');
  const { verify } = props;

  const check = useCallback(
    async (text: string | undefined) => {
      setMode('choose');
      if (!text) {
        setProblem('No QR code was found. Try a sharper photo, or the PDF itself.');
        return;
      }
      setBusy('Verifying the seal…');
      try {
        setView(await verify(text));
        setProblem(undefined);
      } catch (error) {
        setProblem((error as Error).message);
      } finally {
        setBusy(undefined);
      }
    },
    [verify],
  );

  const upload = async (file: File | undefined) => {
    if (!file) return;
    setProblem(undefined);
    setBusy(file.type === 'application/pdf' ? 'Reading the PDF…' : 'Reading the image…');
    try {
      await check(file.type === 'application/pdf' || file.name.toLowerCase().endsWith('.pdf') ? await qrFromPdfFile(file) : await qrFromImageFile(file));
    } catch (error) {
      setBusy(undefined);
      setProblem(`The file cannot be read (${(error as Error).message}).`);
    }
  };

  if (view) {
    return (
      <section className={`verdict ${view.outcome}`} aria-label="Seal verdict" data-testid="seal-verdict" data-outcome={view.outcome}>
        <header className="verdict-banner" role="status">
          <span className="verdict-mark" aria-hidden="true">{view.outcome === 'accepted' ? '✓' : '✗'}</span>
          <div>
            <h2 data-testid="verdict-headline">{view.headline}</h2>
            <p>
              {view.documentTitle} — checked {view.verifiedAt.toLocaleString()}
              {view.signer && ` — signed by ${view.signer}`}
            </p>
          </div>
        </header>
        {view.fields.length > 0 && (
          <dl className="elements" aria-label="Sealed data">
            {view.fields.map((field) => (
              <div key={field.identifier} data-testid={`seal-${field.identifier}`}>
                <dt>{field.label}</dt>
                <dd>{field.value}</dd>
              </div>
            ))}
          </dl>
        )}
        <Checks title="Checks" checks={view.checks} />
        <RetentionNote retained={props.retained} />
        <button type="button" className="primary" onClick={() => setView(undefined)}>
          Done — next document
        </button>
      </section>
    );
  }

  return (
    <section aria-label="Verify a printed document" className="panel">
      <h2>Verify a printed document</h2>
      <p>The seal on ID cards, passports and birth certificates is checked on this device, without a network.</p>
      {!props.ready && <p role="alert">Synchronise once before verifying: the trust list is missing.</p>}
      {mode === 'camera' ? (
        <>
          <QrScanner label="Camera: document seal" onResult={(text) => void check(text)} />
          <button type="button" onClick={() => setMode('choose')}>
            Stop the camera
          </button>
        </>
      ) : (
        <div className="inputs">
          <label>
            Upload the PDF or a photo of the seal
            <input type="file" accept="application/pdf,image/*" disabled={!props.ready || busy !== undefined} onChange={(event) => void upload(event.target.files?.[0])} />
          </label>
          <button type="button" disabled={!props.ready || busy !== undefined} onClick={() => setMode('camera')}>
            Scan the seal with the camera
          </button>
          <label>
            Or paste the seal text (CZ1:…)
            <textarea value={pasted} onChange={(event) => setPasted(event.target.value)} rows={3} />
          </label>
          <button type="button" disabled={!props.ready || busy !== undefined || pasted.trim() === ''} onClick={() => void check(pasted.trim())}>
            Verify this seal
          </button>
        </div>
      )}
      {busy && <p role="status">{busy}</p>}
      {problem && <p role="alert">{problem}</p>}
    </section>
  );
}
