import { createIdentityClient } from '@citizen-zero/identity-client';
import { useEffect, useMemo, useState, useSyncExternalStore } from 'react';
import { type PortalApis, ServiceClient } from './api/service-client';
import { CALLBACK_PATH, type OidcSession } from './auth/oidc-session';
import { ErrorMessage } from './components/async-state';
import { screensFor, Shell } from './components/shell';
import type { PortalConfig } from './config';
import { navigate, usePath } from './router';
import { CitizenSearch } from './screens/citizen-search';
import { Dashboard } from './screens/dashboard';
import { ReviewQueue } from './screens/review-queue';

/** The portal: the sign-in page, the OIDC callback, and the signed-in screens allowed by the official's roles. */
export function App({ config, session }: { readonly config: PortalConfig; readonly session: OidcSession }) {
  const official = useSyncExternalStore(
    (listener) => session.subscribe(listener),
    () => session.official,
  );
  const path = usePath();
  const apis = useMemo<PortalApis>(
    () => ({
      identity: createIdentityClient({ baseUrl: config.identityUrl, token: () => session.accessToken('identity') }),
      biometric: new ServiceClient({ baseUrl: config.biometricUrl, token: () => session.accessToken('biometric') }),
      verification: new ServiceClient({ baseUrl: config.verificationUrl, token: () => session.accessToken('verification') }),
      monitor: new ServiceClient({ baseUrl: config.monitorUrl, token: () => session.accessToken('monitor') }),
    }),
    [config, session],
  );
  const { identity } = apis;

  if (path === CALLBACK_PATH) return <Callback session={session} />;
  if (!official) return <SignIn session={session} returnTo={path} />;

  const allowed = screensFor(official);
  const screen = allowed.find((candidate) => candidate.path === path);
  return (
    <Shell official={official} path={path} onSignOut={() => session.signOut()}>
      {screen?.path === '/' && <Dashboard identity={identity} official={official} />}
      {screen?.path === '/citizens' && <CitizenSearch identity={identity} />}
      {screen?.path === '/review' && <ReviewQueue identity={identity} />}
      {!screen && (
        <section>
          <h1>Not available</h1>
          <p>This page does not exist or your role does not include it. Use the navigation to go on.</p>
        </section>
      )}
    </Shell>
  );
}

function SignIn({ session, returnTo }: { readonly session: OidcSession; readonly returnTo: string }) {
  const [error, setError] = useState<Error | undefined>();
  return (
    <main id="main" className="sign-in">
      <h1>Citizen Zero · Admin portal</h1>
      <p>For registrars, approvers, auditors, security officers and administrators. You sign in with your government account.</p>
      {error && <ErrorMessage error={error} />}
      <button type="button" onClick={() => session.signIn(returnTo).catch((caught: unknown) => setError(caught as Error))}>
        Sign in
      </button>
    </main>
  );
}

function Callback({ session }: { readonly session: OidcSession }) {
  const [error, setError] = useState<Error | undefined>();
  useEffect(() => {
    let live = true;
    session.completeSignIn().then(
      (returnTo) => live && navigate(returnTo, { replace: true }),
      (caught: unknown) => live && setError(caught instanceof Error ? caught : new Error(String(caught))),
    );
    return () => {
      live = false;
    };
  }, [session]);
  return (
    <main id="main" className="sign-in">
      {error ? (
        <>
          <h1>Sign-in failed</h1>
          <ErrorMessage error={error} />
          <button type="button" onClick={() => navigate('/', { replace: true })}>
            Back to the sign-in page
          </button>
        </>
      ) : (
        <p role="status">Signing you in…</p>
      )}
    </main>
  );
}
