/**
 * Officials' roles, as the OpenID provider puts them in the `roles` claim, and what each may do
 * in the portal. This mirrors the identity service's `ROLE_PERMISSIONS`
 * (apps/identity/src/auth/permissions.ts), which is what is enforced: the portal only hides what
 * the service would refuse, it protects nothing by itself.
 */
export const OFFICIAL_ROLES = ['registrar', 'approver', 'auditor', 'security-officer', 'admin'] as const;
export type OfficialRole = (typeof OFFICIAL_ROLES)[number];

export type Capability =
  /** Search the registry and read decrypted records (audited). Service: person:search, person:read. */
  | 'citizen-search'
  /** See the review and adjudication queues and decide. Service: application:review, application:approve. */
  | 'application-review'
  /** Start and submit applications. Service: application:create, application:submit. */
  | 'enrolment'
  /** Issue and reissue documents and credentials, make wallet offers. Service: credential:issue. */
  | 'issuance'
  /** Suspend, reinstate, revoke, record death. Service: credential:lifecycle. */
  | 'lifecycle'
  /** Dead letters and their replay. Service: dead-letter:manage. */
  | 'dead-letters'
  /** The audit log. Service: audit:read. */
  | 'audit'
  /** HSM and key inventory, certificate expiry, trust list. Service: key:manage (identity), trust:manage (verification). */
  | 'security'
  /** Service health, topology and alerts from the monitor. Service: monitor:read. */
  | 'monitoring'
  /** Acknowledge an open alert (someone is on it). Service: monitor:acknowledge. */
  | 'alert-acknowledge';

const CAPABILITIES: Readonly<Record<OfficialRole, readonly Capability[]>> = {
  registrar: ['citizen-search', 'enrolment'],
  approver: ['citizen-search', 'application-review', 'issuance', 'lifecycle'],
  auditor: ['audit', 'monitoring'],
  'security-officer': ['audit', 'security', 'dead-letters', 'monitoring', 'alert-acknowledge'],
  admin: ['audit', 'dead-letters', 'monitoring', 'alert-acknowledge'],
};

export const ROLE_LABELS: Readonly<Record<OfficialRole, string>> = {
  registrar: 'Registrar',
  approver: 'Approver',
  auditor: 'Auditor',
  'security-officer': 'Security officer',
  admin: 'Administrator',
};

/** The official roles in a claim value; anything else (unknown roles, non-strings) is ignored. */
export function officialRoles(claim: unknown): OfficialRole[] {
  if (!Array.isArray(claim)) return [];
  return OFFICIAL_ROLES.filter((role) => claim.includes(role));
}

export function capabilitiesOf(roles: readonly OfficialRole[]): ReadonlySet<Capability> {
  return new Set(roles.flatMap((role) => CAPABILITIES[role]));
}
