import { useId, useState } from 'react';
import { ErrorText, onSubmit } from './common';
import { QrScanner } from './qr-scanner';

/**
 * How a link reaches the wallet: pasted, or read from a QR code with the camera (a scanned code is
 * opened at once). Used for credential offers and for web sites' presentation requests.
 */
export function LinkEntry(props: {
  readonly label: string;
  readonly placeholder: string;
  readonly initial?: string;
  readonly openLabel: string;
  readonly busyLabel: string;
  readonly busy: boolean;
  readonly error: unknown;
  readonly onOpen: (link: string) => void;
}) {
  const [link, setLink] = useState(props.initial ?? '');
  const [scanning, setScanning] = useState(false);
  const linkId = useId();
  if (scanning) {
    return (
      <QrScanner
        onResult={(text) => {
          setScanning(false);
          setLink(text);
          props.onOpen(text);
        }}
        onCancel={() => setScanning(false)}
      />
    );
  }
  return (
    <form onSubmit={onSubmit(() => props.onOpen(link))}>
      <div className="field">
        <label htmlFor={linkId}>{props.label}</label>
        <textarea id={linkId} rows={3} value={link} onChange={(event) => setLink(event.target.value)} placeholder={props.placeholder} />
      </div>
      <ErrorText error={props.error} />
      <div className="actions">
        <button type="submit" disabled={props.busy || link.trim() === ''}>
          {props.busy ? props.busyLabel : props.openLabel}
        </button>
        <button type="button" className="secondary" onClick={() => setScanning(true)}>
          Scan QR code
        </button>
      </div>
    </form>
  );
}
