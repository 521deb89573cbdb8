import { useEffect, useState } from 'react';
import { MIN_PIN_LENGTH } from '../storage/vault';
import { platformAuthenticatorAvailable } from '../storage/webauthn-unlock';
import type { WalletService } from '../wallet-service';
import { ErrorText, onSubmit, PinInput, Screen, useAction } from './common';

/** The PIN and the platform authenticator. */
export function SettingsScreen({ wallet, onDone }: { readonly wallet: WalletService; readonly onDone: () => void }) {
  const [available, setAvailable] = useState<boolean>();
  const [enrolled, setEnrolled] = useState(false);
  const [enrolPin, setEnrolPin] = useState('');
  const [currentPin, setCurrentPin] = useState('');
  const [newPin, setNewPin] = useState('');
  const [message, setMessage] = useState<string>();
  const enrol = useAction();
  const change = useAction();
  useEffect(() => {
    void platformAuthenticatorAvailable().then(setAvailable);
    void wallet.hasAuthenticator().then(setEnrolled);
  }, [wallet]);

  return (
    <Screen title="Settings" onBack={onDone}>
      {message && <p role="status">{message}</p>}
      <section aria-labelledby="authenticator-title">
        <h2 id="authenticator-title">Unlock with this device</h2>
        {available === false && <p>This device offers no screen lock (fingerprint, face or device PIN) to web apps. Use your PIN.</p>}
        {available && enrolled && <p>Your wallet opens with this device’s screen lock. Your PIN keeps working.</p>}
        {available && !enrolled && (
          <form
            onSubmit={onSubmit(() =>
              void enrol.run(async () => {
                await wallet.enrolAuthenticator(enrolPin);
                setEnrolled(true);
                setMessage('The wallet now opens with this device’s screen lock too.');
              }),
            )}
          >
            <p>
              Only devices whose authenticator supports the WebAuthn PRF extension can protect the wallet’s data this way; the wallet tells you if yours cannot.
            </p>
            <PinInput label="Your PIN" value={enrolPin} onChange={setEnrolPin} />
            <ErrorText error={enrol.error} />
            <button type="submit" disabled={enrol.busy || enrolPin.length < MIN_PIN_LENGTH}>
              Use this device’s screen lock
            </button>
          </form>
        )}
      </section>
      <section aria-labelledby="pin-title">
        <h2 id="pin-title">Change your PIN</h2>
        <form
          onSubmit={onSubmit(() =>
            void change.run(async () => {
              await wallet.vault.changePin(currentPin, newPin);
              setCurrentPin('');
              setNewPin('');
              setMessage('Your PIN has been changed.');
            }),
          )}
        >
          <PinInput label="Current PIN" value={currentPin} onChange={setCurrentPin} />
          <PinInput label="New PIN" value={newPin} onChange={setNewPin} />
          <ErrorText error={change.error} />
          <button type="submit" disabled={change.busy || currentPin.length < MIN_PIN_LENGTH || newPin.length < MIN_PIN_LENGTH}>
            Change PIN
          </button>
        </form>
      </section>
    </Screen>
  );
}
