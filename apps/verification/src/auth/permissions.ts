/** What callers of the verification service may do. */
export enum Permission {
  /** Relying parties: verify a presentation or a printed document's seal. */
  Verify = 'verification:verify',
  TrustRead = 'trust:read',
  TrustManage = 'trust:manage',
  AuditRead = 'audit:read',
}

export type Role = 'verifier' | 'security-officer' | 'auditor' | 'admin';

export const ROLE_PERMISSIONS: Readonly<Record<Role, readonly Permission[]>> = {
  verifier: [Permission.Verify, Permission.TrustRead],
  'security-officer': [Permission.TrustRead, Permission.TrustManage, Permission.AuditRead],
  auditor: [Permission.AuditRead, Permission.TrustRead],
  admin: [Permission.TrustRead, Permission.AuditRead],
};

export function permissionsOf(roles: readonly string[]): Set<string> {
  return new Set(roles.flatMap((role) => ROLE_PERMISSIONS[role as Role] ?? []));
}
