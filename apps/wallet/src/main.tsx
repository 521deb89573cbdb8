import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app';
import { loadWalletConfig } from './config';
import { launchIntent } from './launch-intent';
import { IndexedDbStore } from './storage/key-value-store';
import { WalletService } from './wallet-service';
import './styles.css';

async function start(root: HTMLElement): Promise<void> {
  const react = createRoot(root);
  // What the wallet was opened for is read once, then taken out of the address bar (a reload does not repeat it).
  const intent = launchIntent(new URL(location.href));
  if (intent) history.replaceState(null, '', location.pathname);
  try {
    const [config, store] = await Promise.all([loadWalletConfig(), IndexedDbStore.open()]);
    const wallet = new WalletService(config, store);
    react.render(
      <StrictMode>
        <App wallet={wallet} {...(intent && { intent })} />
      </StrictMode>,
    );
  } catch (error) {
    react.render(
      <main id="main" className="lock">
        <h1>The wallet could not start</h1>
        <p role="alert">{(error as Error).message}</p>
        <p>Reload the page. If you installed the wallet, open it once while online.</p>
      </main>,
    );
  }
}

// The app shell is cached by the service worker, so the installed wallet opens offline.
if ('serviceWorker' in navigator && import.meta.env.PROD) {
  void navigator.serviceWorker.register('/sw.js').catch(() => undefined);
}

void start(document.getElementById('root')!);
