import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app';
import { OidcSession } from './auth/oidc-session';
import { loadPortalConfig } from './config';
import './styles.css';

async function start(root: HTMLElement): Promise<void> {
  const react = createRoot(root);
  try {
    const config = await loadPortalConfig();
    const session = await OidcSession.start(config);
    react.render(
      <StrictMode>
        <App config={config} session={session} />
      </StrictMode>,
    );
  } catch (error) {
    react.render(
      <main id="main" className="sign-in">
        <h1>The portal could not start</h1>
        <p role="alert">{(error as Error).message}</p>
        <p>Check that the identity provider is running, then reload the page.</p>
      </main>,
    );
  }
}

void start(document.getElementById('root')!);
