import type { ReactNode } from 'react';
import type { Official } from '../auth/oidc-session';
import { type Capability, capabilitiesOf, ROLE_LABELS } from '../auth/roles';
import { Link } from '../router';

export interface Screen {
  readonly path: string;
  readonly title: string;
  /** Shown only to officials with this capability; none: to everyone signed in. */
  readonly requires?: Capability;
}

export const SCREENS: readonly Screen[] = [
  { path: '/', title: 'Dashboard' },
  { path: '/citizens', title: 'Citizen search', requires: 'citizen-search' },
  { path: '/review', title: 'Review queue', requires: 'application-review' },
];

export function screensFor(official: Official): Screen[] {
  const capabilities = capabilitiesOf(official.roles);
  return SCREENS.filter((screen) => !screen.requires || capabilities.has(screen.requires));
}

/** The frame of every screen: skip link, header with the official and sign-out, navigation by role. */
export function Shell(props: { readonly official: Official; readonly path: string; readonly onSignOut: () => void; readonly children: ReactNode }) {
  const { official } = props;
  const roles = official.roles.map((role) => ROLE_LABELS[role]).join(', ') || 'no portal role';
  return (
    <div className="shell">
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="top-bar">
        <span className="brand">Citizen Zero · Admin portal</span>
        <span className="official">
          <span data-testid="official-name">{official.name}</span> <span className="roles">({roles})</span>
        </span>
        <button type="button" onClick={props.onSignOut}>
          Sign out
        </button>
      </header>
      <nav aria-label="Main" className="side-nav">
        <ul>
          {screensFor(official).map((screen) => (
            <li key={screen.path}>
              <Link to={screen.path} current={props.path === screen.path}>
                {screen.title}
              </Link>
            </li>
          ))}
        </ul>
      </nav>
      <main id="main" tabIndex={-1}>
        {props.children}
      </main>
    </div>
  );
}
