/** What callers of the monitor may do. */
export enum Permission {
  /** The topology, service states, alerts (and their stream) and history. */
  Read = 'monitor:read',
  /** Acknowledge an open alert (someone is on it). */
  Acknowledge = 'monitor:acknowledge',
}

export type Role = 'auditor' | 'admin' | 'security-officer';

export const ROLE_PERMISSIONS: Readonly<Record<Role, readonly Permission[]>> = {
  auditor: [Permission.Read],
  admin: [Permission.Read, Permission.Acknowledge],
  'security-officer': [Permission.Read, Permission.Acknowledge],
};

export function permissionsOf(roles: readonly string[]): Set<string> {
  return new Set(roles.flatMap((role) => ROLE_PERMISSIONS[role as Role] ?? []));
}
