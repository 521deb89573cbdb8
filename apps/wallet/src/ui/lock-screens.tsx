import { useEffect, useState } from 'react';
import { MIN_PIN_LENGTH } from '../storage/vault';
import type { WalletService } from '../wallet-service';
import { ErrorText, onSubmit, PinInput, useAction } from './common';

/** First start: the citizen chooses the PIN that protects the wallet. */
export function SetupScreen({ wallet }: { readonly wallet: WalletService }) {
  const [pin, setPin] = useState('');
  const [repeat, setRepeat] = useState('');
  const action = useAction();
  const mismatch = repeat.length > 0 && pin !== repeat;
  return (
    <main id="main" className="lock">
      <h1>Set up your wallet</h1>
      <p>
        Choose a PIN of at least {MIN_PIN_LENGTH} digits. It encrypts your credentials on this device and you enter it before you share anything. Nobody can recover it: if you forget it, your
        credentials have to be issued again.
      </p>
      <form onSubmit={onSubmit(() => void action.run(() => wallet.setUp(pin)))}>
        <PinInput label="New PIN" value={pin} onChange={setPin} autoFocus />
        <PinInput label="Repeat the PIN" value={repeat} onChange={setRepeat} />
        {mismatch && <p className="message error">The two PINs differ.</p>}
        <ErrorText error={action.error} />
        <button type="submit" disabled={action.busy || pin.length < MIN_PIN_LENGTH || pin !== repeat}>
          {action.busy ? 'Setting up…' : 'Set PIN'}
        </button>
      </form>
    </main>
  );
}

/** The locked wallet: PIN, or the platform authenticator when one is enrolled. */
export function UnlockScreen({ wallet }: { readonly wallet: WalletService }) {
  const [pin, setPin] = useState('');
  const [authenticator, setAuthenticator] = useState(false);
  const action = useAction();
  useEffect(() => {
    void wallet.hasAuthenticator().then(setAuthenticator);
  }, [wallet]);
  return (
    <main id="main" className="lock">
      <h1>Unlock your wallet</h1>
      <form
        onSubmit={onSubmit(() =>
          void action.run(async () => {
            try {
              await wallet.unlock(pin);
            } finally {
              setPin('');
            }
          }),
        )}
      >
        <PinInput label="PIN" value={pin} onChange={setPin} autoFocus />
        <ErrorText error={action.error} />
        <button type="submit" disabled={action.busy || pin.length < MIN_PIN_LENGTH}>
          {action.busy ? 'Unlocking…' : 'Unlock'}
        </button>
      </form>
      {authenticator && (
        <button type="button" className="secondary" disabled={action.busy} onClick={() => void action.run(() => wallet.unlockWithAuthenticator())}>
          Unlock with this device’s screen lock
        </button>
      )}
    </main>
  );
}
