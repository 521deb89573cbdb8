/** What callers of the biometric service may do. */
export enum Permission {
  /** Capture a face or fingerprint and keep its template (enrolment desks, the identity service's clients). */
  Capture = 'biometric:capture',
  /** 1:1 verification of a person, quality and liveness checks. */
  Verify = 'biometric:verify',
  /** 1:N identification against the gallery (adjudicators, deduplication). */
  Identify = 'biometric:identify',
  /** Put templates in the gallery under a subject, or erase a subject. */
  ManageGallery = 'biometric:manage-gallery',
}

export type Role = 'registrar' | 'approver' | 'verifier' | 'security-officer' | 'admin' | 'service';

export const ROLE_PERMISSIONS: Readonly<Record<Role, readonly Permission[]>> = {
  registrar: [Permission.Capture, Permission.Verify],
  approver: [Permission.Verify, Permission.Identify],
  verifier: [Permission.Verify],
  'security-officer': [],
  admin: [Permission.ManageGallery],
  service: [Permission.Capture, Permission.Verify, Permission.Identify, Permission.ManageGallery],
};

export function permissionsOf(roles: readonly string[]): Set<string> {
  return new Set(roles.flatMap((role) => ROLE_PERMISSIONS[role as Role] ?? []));
}
