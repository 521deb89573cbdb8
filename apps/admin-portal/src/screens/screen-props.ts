import type { PortalApis } from '../api/service-client';
import type { Official } from '../auth/oidc-session';

/** What every signed-in screen is given: the services' clients, the official, and the path's parameters. */
export interface ScreenProps {
  readonly apis: PortalApis;
  readonly official: Official;
  /** Named segments of the path (`/citizens/:id` → `{ id }`). */
  readonly params: Readonly<Record<string, string>>;
}
