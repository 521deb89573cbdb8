import { useEffect, useId, useState, type FormEvent, type ReactNode } from 'react';
import { toDataURL } from 'qrcode';
import { VaultError } from '../storage/vault';

/** A message for the citizen from anything thrown: what went wrong and, when known, what to do. */
export function describeError(error: unknown): string {
  if (error instanceof VaultError) {
    if (error.code === 'PIN_LOCKED_OUT' && error.retryAt) return `Too many wrong PINs. Try again after ${error.retryAt.toLocaleTimeString()}.`;
    if (error.code === 'PIN_WRONG') return error.retryAt ? `Wrong PIN. Try again after ${error.retryAt.toLocaleTimeString()}.` : 'Wrong PIN.';
    return error.message.charAt(0).toUpperCase() + error.message.slice(1) + '.';
  }
  if (error instanceof TypeError && /fetch|network/i.test(error.message)) return 'No connection to the service. Check the network and try again.';
  const message = error instanceof Error ? error.message : String(error);
  return message.charAt(0).toUpperCase() + message.slice(1);
}

export function ErrorText({ error }: { readonly error: unknown }) {
  if (error === undefined) return null;
  return (
    <p role="alert" className="message error">
      {describeError(error)}
    </p>
  );
}

/** A PIN field: digits, masked, with the numeric keypad on phones. */
export function PinInput({ label, value, onChange, autoFocus }: { readonly label: string; readonly value: string; readonly onChange: (value: string) => void; readonly autoFocus?: boolean }) {
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <input id={id} type="password" inputMode="numeric" autoComplete="off" pattern="[0-9]*" maxLength={64} value={value} onChange={(event) => onChange(event.target.value.replace(/\D/g, ''))} autoFocus={autoFocus} />
    </div>
  );
}

/** Runs an async action from a form or button, with a busy state and its error. */
export function useAction(): { busy: boolean; error: unknown; run: (action: () => Promise<void>) => Promise<void>; clear: () => void } {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const run = async (action: () => Promise<void>) => {
    setBusy(true);
    setError(undefined);
    try {
      await action();
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  };
  return { busy, error, run, clear: () => setError(undefined) };
}

export function onSubmit(handler: () => void) {
  return (event: FormEvent) => {
    event.preventDefault();
    handler();
  };
}

/** A QR code image of `text`; the text is on the image as `data-qr-text` for assistive tools and tests. */
export function QrCode({ text, label }: { readonly text: string; readonly label: string }) {
  const [source, setSource] = useState<string>();
  useEffect(() => {
    let current = true;
    void toDataURL(text, { errorCorrectionLevel: 'L', margin: 2, scale: 6 }).then((url) => current && setSource(url));
    return () => {
      current = false;
    };
  }, [text]);
  return source ? <img className="qr" src={source} alt={label} data-qr-text={text} /> : <p>Preparing the code…</p>;
}

export function Screen({ title, children, onBack }: { readonly title: string; readonly children: ReactNode; readonly onBack?: () => void }) {
  return (
    <section className="screen" aria-labelledby="screen-title">
      <header className="screen-header">
        {onBack && (
          <button type="button" className="secondary" onClick={onBack}>
            Back
          </button>
        )}
        <h1 id="screen-title">{title}</h1>
      </header>
      {children}
    </section>
  );
}
