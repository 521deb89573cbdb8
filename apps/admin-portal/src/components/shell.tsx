import type { ReactNode } from 'react';
import type { Official } from '../auth/oidc-session';
import { type Capability, capabilitiesOf, ROLE_LABELS } from '../auth/roles';
import { Link } from '../router';

export interface Screen {
  /** A path, with `:name` for a segment passed to the screen (e.g. `/citizens/:id`). */
  readonly path: string;
  readonly title: string;
  /** Shown only to officials with this capability; none: to everyone signed in. */
  readonly requires?: Capability;
  /** Listed in the navigation (screens reached from another one, such as a record, are not). */
  readonly inNavigation: boolean;
}

export const SCREENS: readonly Screen[] = [
  { path: '/', title: 'Dashboard', inNavigation: true },
  { path: '/citizens', title: 'Citizen search', requires: 'citizen-search', inNavigation: true },
  { path: '/citizens/:id', title: 'Citizen record', requires: 'citizen-search', inNavigation: false },
  { path: '/enrolment', title: 'Enrolment', requires: 'enrolment', inNavigation: true },
  { path: '/review', title: 'Review queue', requires: 'application-review', inNavigation: true },
  { path: '/review/:id', title: 'Adjudication', requires: 'application-review', inNavigation: false },
  { path: '/dead-letters', title: 'Dead letters', requires: 'dead-letters', inNavigation: true },
  { path: '/audit', title: 'Audit log', requires: 'audit', inNavigation: true },
  { path: '/security', title: 'Security', requires: 'security', inNavigation: true },
];

export function screensFor(official: Official): Screen[] {
  const capabilities = capabilitiesOf(official.roles);
  return SCREENS.filter((screen) => !screen.requires || capabilities.has(screen.requires));
}

/** The screen a path shows, with its parameters; undefined when none matches. */
export function matchScreen(screens: readonly Screen[], path: string): { screen: Screen; params: Record<string, string> } | undefined {
  const segments = path.replace(/\/+$/, '').split('/');
  for (const screen of screens) {
    const pattern = screen.path.replace(/\/+$/, '').split('/');
    if (pattern.length !== segments.length) continue;
    const params: Record<string, string> = {};
    const matches = pattern.every((part, index) => {
      const segment = segments[index]!;
      if (part.startsWith(':')) {
        if (segment === '') return false;
        try {
          params[part.slice(1)] = decodeURIComponent(segment);
        } catch {
          return false;
        }
        return true;
      }
      return part === segment;
    });
    if (matches) return { screen, params };
  }
  return undefined;
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
          {screensFor(official)
            .filter((screen) => screen.inNavigation)
            .map((screen) => (
            <li key={screen.path}>
              <Link to={screen.path} current={props.path === screen.path || (screen.path !== '/' && props.path.startsWith(`${screen.path}/`))}>
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
