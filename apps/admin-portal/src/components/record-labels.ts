import type { IdentitySchemas } from '@citizen-zero/identity-client';

/** Words for the identity service's codes on the citizen record, its documents and its history. */
export type IssuedDocument = IdentitySchemas['DocumentDto'];
export type DocumentKind = IssuedDocument['kind'];
export type LifecycleReason = IdentitySchemas['DocumentLifecycleDto']['reason'];
export type DocumentAction = IdentitySchemas['DocumentLifecycleDto']['action'];
export type PersonAction = IdentitySchemas['PersonLifecycleDto']['action'];

export const DOCUMENT_KIND_LABELS: Readonly<Record<DocumentKind, string>> = {
  'birth-certificate': 'Birth certificate',
  'id-card': 'National ID card',
  passport: 'Passport',
  'national-id-credential': 'National ID (wallet credential)',
  'mdl-credential': 'Mobile driving licence (wallet credential)',
};

/** Wallet credentials: offered to a wallet, never printed. */
export const CREDENTIAL_KINDS: ReadonlySet<DocumentKind> = new Set(['national-id-credential', 'mdl-credential']);

export const ISSUANCE_STATE_LABELS: Readonly<Record<IssuedDocument['state'], string>> = {
  pending: 'being issued',
  offered: 'ready for the wallet',
  issued: 'issued',
};

export const STATUS_LABELS: Readonly<Record<IssuedDocument['status'], string>> = {
  valid: 'valid',
  suspended: 'suspended',
  revoked: 'revoked',
  expired: 'expired',
};

export const APPLICATION_TYPE_LABELS: Readonly<Record<string, string>> = {
  'birth-registration': 'Birth registration',
  'national-id-first': 'First national ID',
  'national-id-renewal': 'National ID renewal',
  'national-id-replacement': 'National ID replacement',
  passport: 'Passport',
  mdl: 'Mobile driving licence',
};

export const REASON_LABELS: Readonly<Record<LifecycleReason, string>> = {
  lost: 'Lost',
  stolen: 'Stolen',
  damaged: 'Damaged',
  'fraud-suspected': 'Fraud suspected',
  'fraud-confirmed': 'Fraud confirmed',
  'court-order': 'Court order',
  'holder-request': 'Holder’s request',
  'data-error': 'Error in the data',
  death: 'Death of the holder',
  'investigation-closed': 'Investigation closed',
  superseded: 'Superseded by a new document',
};

/** The reasons offered for each action (the service accepts any code; these are the ones that make sense). */
export const REASONS_FOR: Readonly<Record<DocumentAction | 'record-death', readonly LifecycleReason[]>> = {
  suspend: ['lost', 'stolen', 'fraud-suspected', 'court-order', 'holder-request', 'data-error'],
  reinstate: ['investigation-closed', 'holder-request', 'court-order', 'data-error'],
  revoke: ['lost', 'stolen', 'damaged', 'fraud-confirmed', 'court-order', 'holder-request', 'data-error', 'superseded'],
  'record-death': ['death', 'court-order'],
};

export const ACTION_LABELS: Readonly<Record<DocumentAction | 'record-death', string>> = {
  suspend: 'Suspend',
  reinstate: 'Reinstate',
  revoke: 'Revoke',
  'record-death': 'Record death',
};

/** What each action does, said before the official confirms it. */
export const ACTION_CONSEQUENCES: Readonly<Record<DocumentAction | 'record-death', string>> = {
  suspend: 'It stops being accepted at once (the status list says suspended) until it is reinstated.',
  reinstate: 'It is accepted again as valid.',
  revoke: 'It stops being accepted for good. Revoking cannot be undone: the citizen needs a replacement.',
  'record-death': 'The person is recorded as deceased and every valid or suspended document and credential is revoked. This cannot be undone here.',
};

/** Which document actions a status allows (the service's rule, so the screen offers only those). */
export function documentActionsFor(document: IssuedDocument): DocumentAction[] {
  if (document.state === 'pending') return [];
  if (document.status === 'valid') return ['suspend', 'revoke'];
  if (document.status === 'suspended') return ['reinstate', 'revoke'];
  return [];
}

export const EVENT_LABELS: Readonly<Record<IdentitySchemas['RecordEventDto']['action'], string>> = {
  'person.register': 'Registered',
  'person.suspend': 'All documents suspended',
  'person.reinstate': 'All documents reinstated',
  'person.revoke': 'All documents revoked',
  'person.record-death': 'Death recorded',
  'document.issue': 'Issued',
  'document.suspend': 'Suspended',
  'document.reinstate': 'Reinstated',
  'document.revoke': 'Revoked',
  'document.expire': 'Expired',
  'credential.offer': 'Wallet offer made',
  'credential.zk-issue': 'Age/nationality proof credential issued',
};

export function reasonLabel(code: string | undefined): string {
  if (!code) return '';
  return (REASON_LABELS as Readonly<Record<string, string>>)[code] ?? code;
}

/** Dates as the record shows them (the official's locale, day precision where time does not matter). */
export function formatDate(iso: string | undefined): string {
  return iso ? new Date(iso).toLocaleDateString(undefined, { year: 'numeric', month: 'short', day: 'numeric', timeZone: 'UTC' }) : '—';
}

export function formatDateTime(iso: string): string {
  return new Date(iso).toLocaleString(undefined, { year: 'numeric', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' });
}

/** "National ID card I0000001A", or the kind alone before a number exists. */
export function documentTitle(document: Pick<IssuedDocument, 'kind' | 'documentNumber'>): string {
  return document.documentNumber ? `${DOCUMENT_KIND_LABELS[document.kind]} ${document.documentNumber}` : DOCUMENT_KIND_LABELS[document.kind];
}
