import type { IdentitySchemas } from '@citizen-zero/identity-client';

export type ApplicationType = IdentitySchemas['CreateApplicationDto']['type'];

export const APPLICATION_TYPE_LABELS: Readonly<Record<ApplicationType, string>> = {
  'birth-registration': 'Birth registration',
  'national-id-first': 'First national ID',
  'national-id-renewal': 'National ID renewal',
  'national-id-replacement': 'National ID replacement',
  passport: 'Passport',
  mdl: 'Mobile driving licence',
};

/** The application's type, as the portal names it (an unknown type is shown as the service gives it). */
export function applicationTypeLabel(type: string): string {
  return APPLICATION_TYPE_LABELS[type as ApplicationType] ?? type;
}

/** "First national ID 0b7d3f0e": how the portal names one application to officials. */
export function applicationTitle(application: { readonly type: string; readonly id: string }): string {
  return `${applicationTypeLabel(application.type)} ${application.id.slice(0, 8)}`;
}

export const STATE_LABELS: Readonly<Record<string, string>> = {
  draft: 'draft',
  submitted: 'submitted',
  'biometrics-captured': 'biometrics captured',
  deduplication: 'deduplication running',
  adjudication: 'possible duplicate: adjudication',
  review: 'review',
  approved: 'approved',
  rejected: 'rejected',
  issued: 'issued',
};
