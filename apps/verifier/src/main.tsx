import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app';
import { CALLBACK_PATH, OidcSession } from './auth/oidc-session';
import { loadVerifierConfig } from './config';
import { IndexedDbVerifierStore, MemoryVerifierStore, type VerifierStore } from './storage/verifier-store';
import './styles.css';

async function start(root: HTMLElement): Promise<void> {
  const react = createRoot(root);
  // The service worker keeps the app, its configuration and the pdf.js worker for offline starts.
  if ('serviceWorker' in navigator && import.meta.env.PROD) await navigator.serviceWorker.register('/sw.js', { scope: '/' }).catch(() => undefined);
  try {
    const config = await loadVerifierConfig();
    const store: VerifierStore = await IndexedDbVerifierStore.open().catch(() => new MemoryVerifierStore());
    let session: Promise<OidcSession> | undefined;
    react.render(
      <StrictMode>
        <App
          config={config}
          store={store}
          fetch={(input, init) => fetch(input, init)}
          WebSocket={WebSocket}
          now={() => new Date()}
          online={() => navigator.onLine}
          oidc={() => (session ??= OidcSession.start(config))}
          callback={window.location.pathname === CALLBACK_PATH}
          replaceUrl={(path) => window.history.replaceState(null, '', path)}
        />
      </StrictMode>,
    );
  } catch (error) {
    react.render(
      <main id="main">
        <h1>The verifier could not start</h1>
        <p role="alert">{(error as Error).message}</p>
        <p>Open it once while online so that it can be used offline afterwards.</p>
      </main>,
    );
  }
}

void start(document.getElementById('root')!);
