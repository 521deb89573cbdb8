/** What an official may do. Routes declare one permission each; roles grant sets of them. */
export enum Permission {
  PersonRegister = 'person:register',
  PersonSearch = 'person:search',
  /** Reading decrypted personal data; every such read is audited. */
  PersonRead = 'person:read',
  ApplicationCreate = 'application:create',
  ApplicationSubmit = 'application:submit',
  ApplicationReview = 'application:review',
  ApplicationApprove = 'application:approve',
  CredentialIssue = 'credential:issue',
  CredentialLifecycle = 'credential:lifecycle',
  DeadLetterManage = 'dead-letter:manage',
  AuditRead = 'audit:read',
  KeyManage = 'key:manage',
  WebhookManage = 'webhook:manage',
  /** Aggregate figures for the dashboard (counts only, no personal data). */
  StatisticsRead = 'statistics:read',
  /** Calls from other Citizen Zero services (client-credentials tokens). */
  ServiceCall = 'service:call',
}

/** Roles as the identity provider puts them in the token's roles claim. */
export type Role = 'registrar' | 'approver' | 'auditor' | 'security-officer' | 'admin' | 'service';

export const ROLE_PERMISSIONS: Readonly<Record<Role, readonly Permission[]>> = {
  registrar: [Permission.PersonRegister, Permission.PersonSearch, Permission.PersonRead, Permission.ApplicationCreate, Permission.ApplicationSubmit, Permission.StatisticsRead],
  approver: [Permission.PersonSearch, Permission.PersonRead, Permission.ApplicationReview, Permission.ApplicationApprove, Permission.CredentialIssue, Permission.CredentialLifecycle, Permission.StatisticsRead],
  auditor: [Permission.AuditRead, Permission.StatisticsRead],
  'security-officer': [Permission.KeyManage, Permission.AuditRead, Permission.DeadLetterManage, Permission.StatisticsRead],
  admin: [Permission.DeadLetterManage, Permission.AuditRead, Permission.WebhookManage, Permission.StatisticsRead],
  service: [Permission.ServiceCall],
};

export function permissionsOf(roles: readonly string[]): Set<string> {
  return new Set(roles.flatMap((role) => ROLE_PERMISSIONS[role as Role] ?? []));
}

export type { Actor } from '@citizen-zero/nest-platform';
