/** What callers of the verification service may do. */
export enum Permission {
  /** Relying parties: verify a presentation or a printed document's seal. */
  Verify = 'verification:verify',
  TrustRead = 'trust:read',
  TrustManage = 'trust:manage',
  AuditRead = 'audit:read',
  RelyingPartiesRead = 'relying-parties:read',
  /** Register relying parties, issue and revoke their API keys. */
  RelyingPartiesManage = 'relying-parties:manage',
}

export type Role = 'verifier' | 'security-officer' | 'auditor' | 'admin';

export const ROLE_PERMISSIONS: Readonly<Record<Role, readonly Permission[]>> = {
  verifier: [Permission.Verify, Permission.TrustRead],
  'security-officer': [Permission.TrustRead, Permission.TrustManage, Permission.AuditRead, Permission.RelyingPartiesRead, Permission.RelyingPartiesManage],
  auditor: [Permission.AuditRead, Permission.TrustRead, Permission.RelyingPartiesRead],
  admin: [Permission.TrustRead, Permission.AuditRead, Permission.RelyingPartiesRead, Permission.RelyingPartiesManage],
};

export function permissionsOf(roles: readonly string[]): Set<string> {
  return new Set(roles.flatMap((role) => ROLE_PERMISSIONS[role as Role] ?? []));
}
