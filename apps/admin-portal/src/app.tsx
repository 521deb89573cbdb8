import { createIdentityClient } from '@citizen-zero/identity-client';
import { Fragment, type ReactElement, useEffect, useMemo, useState, useSyncExternalStore } from 'react';
import { type PortalApis, ServiceClient } from './api/service-client';
import { CALLBACK_PATH, type OidcSession } from './auth/oidc-session';
import { ErrorMessage } from './components/async-state';
import { matchScreen, screensFor, Shell } from './components/shell';
import type { PortalConfig } from './config';
import { navigate, usePath } from './router';
import { Adjudication } from './screens/adjudication';
import { AuditLog } from './screens/audit-log';
import { CitizenRecord } from './screens/citizen-record';
import { CitizenSearch } from './screens/citizen-search';
import { Dashboard } from './screens/dashboard';
import { DeadLetters } from './screens/dead-letters';
import { Enrolment } from './screens/enrolment';
import { ReviewQueue } from './screens/review-queue';
import type { ScreenProps } from './screens/screen-props';
import { Security } from './screens/security';

/** Each screen's component, by its path pattern in SCREENS (components/shell.tsx). */
const SCREEN_COMPONENTS: Readonly<Record<string, (props: ScreenProps) => ReactElement>> = {
  '/': (props) => <Dashboard {...props} />,
  '/citizens': (props) => <CitizenSearch identity={props.apis.identity} />,
  '/citizens/:id': (props) => <CitizenRecord {...props} />,
  '/enrolment': (props) => <Enrolment {...props} />,
  '/review': (props) => <ReviewQueue identity={props.apis.identity} />,
  '/review/:id': (props) => <Adjudication {...props} />,
  '/dead-letters': (props) => <DeadLetters {...props} />,
  '/audit': (props) => <AuditLog {...props} />,
  '/security': (props) => <Security {...props} />,
};

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

  if (path === CALLBACK_PATH) return <Callback session={session} />;
  if (!official) return <SignIn session={session} returnTo={path} />;

  const matched = matchScreen(screensFor(official), path);
  const render = matched && SCREEN_COMPONENTS[matched.screen.path];
  return (
    <Shell official={official} path={path} onSignOut={() => session.signOut()}>
      {render ? (
        // Keyed by path: another record's path starts the screen afresh (its loads depend on the parameters).
        <Fragment key={path}>{render({ apis, official, params: matched.params })}</Fragment>
      ) : (
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
