import { elementValueToJson, type DeviceResponseVerdict, type DocumentVerdict } from '@citizen-zero/mdoc';
import type { ZkVerdict } from '@citizen-zero/zk-credentials';
import { documentTitle, elementLabel, type VerificationProfile } from './profiles';

/** One check, in words a clerk reads at a glance; `warning` passes but deserves a look (e.g. a stale status list). */
export interface CheckView {
  readonly label: string;
  readonly passed: boolean;
  readonly warning?: boolean;
  readonly detail: string;
  readonly code?: string;
}

export interface ElementView {
  readonly identifier: string;
  readonly label: string;
  readonly value: string;
}

export interface DocumentView {
  readonly docType: string;
  readonly title: string;
  readonly valid: boolean;
  /** The verified portrait (JPEG), shown large. */
  readonly portrait?: Uint8Array;
  readonly elements: readonly ElementView[];
  /** Requested elements the wallet did not return (withheld by the holder, or absent). */
  readonly notReturned: readonly string[];
  readonly checks: readonly CheckView[];
}

export interface VerdictView {
  readonly outcome: 'accepted' | 'rejected';
  /** The answer, in one line. */
  readonly headline: string;
  /** Why it is red: the failed checks, in words. */
  readonly reasons: readonly string[];
  readonly profileTitle: string;
  readonly question: string;
  readonly documents: readonly DocumentView[];
  /** Checks about the whole exchange (reader authentication, the zero-knowledge proof). */
  readonly checks: readonly CheckView[];
  readonly verifiedAt: Date;
}

/** The status-list result of one document (status-check.ts). */
export type StatusCheck = CheckView;

const CHECK_LABELS: Readonly<Record<string, string>> = {
  structure: 'Well-formed response',
  'issuer-certificate-chain': 'Issued by a trusted authority',
  'issuer-signature': 'Issuer signature valid',
  'mso-signed-within-certificate-validity': 'Signed while the issuer’s certificate was valid',
  'doc-type': 'Document type matches',
  'value-digests': 'Data unaltered since issuance',
  'mso-validity': 'Credential within its validity period',
  'device-authentication': 'Presented by the phone it was issued to',
  'device-key-authorizations': 'Device-signed data authorised',
};

/**
 * The verdict of an ISO/IEC 18013-5 presentation, for the screen: every §9.3 check of every
 * document plus its status-list check, the verified elements (only those whose digests verified),
 * and the answer to the profile's question — green only when every document that came back is
 * valid, its status is good, and the question's elements are there (and true, for an age check).
 */
export function mdocVerdictView(profile: VerificationProfile, verdict: DeviceResponseVerdict, statusChecks: readonly StatusCheck[], exchangeChecks: readonly CheckView[]): VerdictView {
  const documents = verdict.documents.map((document, index) => documentView(document, statusChecks[index]));
  const reasons: string[] = [];
  for (const problem of verdict.problems) reasons.push(`${CHECK_LABELS[problem.check] ?? problem.check}: ${problem.message}`);
  if (verdict.documents.length === 0) reasons.push('The wallet returned no document for this request (the holder declined, or holds none of the requested documents).');
  for (const document of documents) for (const check of document.checks) if (!check.passed) reasons.push(`${document.title}: ${check.label} — NO (${check.code ?? 'failed'})`);
  for (const check of exchangeChecks) if (!check.passed) reasons.push(`${check.label} — NO (${check.code ?? 'failed'})`);
  const validDocuments = documents.filter((document) => document.valid);
  if (reasons.length === 0) {
    const disclosed = new Set(validDocuments.flatMap((document) => [...document.elements.map((element) => element.identifier), ...(document.portrait ? ['portrait'] : [])]));
    const missing = profile.mustDisclose.filter((identifier) => !disclosed.has(identifier));
    if (missing.length > 0) reasons.push(`Not shared by the holder: ${missing.map(elementLabel).join(', ')}`);
    if (profile.mustBeTrue && !validDocuments.some((document) => document.elements.some((element) => element.identifier === profile.mustBeTrue && element.value === 'Yes'))) {
      reasons.push(`${elementLabel(profile.mustBeTrue)}: NO`);
    }
  }
  const accepted = reasons.length === 0;
  return {
    outcome: accepted ? 'accepted' : 'rejected',
    headline: accepted ? acceptedHeadline(profile) : `NOT VERIFIED — ${reasons[0]}`,
    reasons,
    profileTitle: profile.title,
    question: profile.question,
    documents,
    checks: exchangeChecks,
    verifiedAt: verdict.verifiedAt,
  };
}

/** The verdict of a zero-knowledge (BBS) presentation. */
export function zkVerdictView(profile: VerificationProfile, verdict: ZkVerdict | { valid: false; code: string; message: string; proven?: undefined }, exchangeChecks: readonly CheckView[], verifiedAt: Date): VerdictView {
  const proofCheck: CheckView = verdict.valid
    ? { label: 'Zero-knowledge proof valid (trusted issuer key, this session’s nonce)', passed: true, detail: verdict.message }
    : { label: 'Zero-knowledge proof valid', passed: false, detail: verdict.message, ...(verdict.code && { code: verdict.code }) };
  const checks = [...exchangeChecks, proofCheck];
  const reasons = checks.filter((check) => !check.passed).map((check) => `${check.label} — NO (${check.code ?? 'failed'})`);
  const proven = verdict.valid ? verdict.proven : {};
  const elements: ElementView[] = Object.entries(proven).map(([identifier, value]) => ({ identifier, label: elementLabel(identifier), value: formatValue(value) }));
  if (reasons.length === 0) for (const claim of profile.zk?.claims ?? []) if (proven[claim as keyof typeof proven] !== true) reasons.push(`${elementLabel(claim)}: NO`);
  if (verdict.valid && verdict.validUntil) elements.push({ identifier: 'valid_until', label: 'Credential valid until (month)', value: verdict.validUntil });
  const accepted = reasons.length === 0;
  return {
    outcome: accepted ? 'accepted' : 'rejected',
    headline: accepted ? acceptedHeadline(profile) : `NOT VERIFIED — ${reasons[0]}`,
    reasons,
    profileTitle: profile.title,
    question: profile.question,
    documents: [{ docType: 'cz-zk-proof', title: 'Zero-knowledge proof (no name, no portrait, unlinkable)', valid: verdict.valid, elements, notReturned: [], checks: [proofCheck] }],
    checks: exchangeChecks,
    verifiedAt,
  };
}

function acceptedHeadline(profile: VerificationProfile): string {
  if (profile.id === 'age-over-18' || profile.id === 'age-over-18-zk') return 'VERIFIED — over 18';
  if (profile.id === 'driving-privileges') return 'VERIFIED — driving licence valid';
  return 'VERIFIED — identity confirmed';
}

function documentView(document: DocumentVerdict, status: StatusCheck | undefined): DocumentView {
  const checks: CheckView[] = document.checks.map((check) => ({ label: CHECK_LABELS[check.check] ?? check.check, passed: check.passed, detail: check.message, ...(check.code && { code: check.code }) }));
  if (status) checks.push(status);
  let portrait: Uint8Array | undefined;
  const elements: ElementView[] = [];
  for (const values of document.issuerSigned.values()) {
    for (const [identifier, value] of values) {
      if (identifier === 'portrait' && value instanceof Uint8Array) portrait = value;
      else elements.push({ identifier, label: elementLabel(identifier), value: formatValue(value) });
    }
  }
  const notReturned = [...document.notReturned.values()].flatMap((values) => [...values.keys()]).map(elementLabel);
  return { docType: document.docType, title: documentTitle(document.docType), valid: document.valid && (status?.passed ?? false), ...(portrait && { portrait }), elements, notReturned, checks };
}

/** An element value as text: booleans as Yes/No, dates as dates, driving privileges as categories. */
export function formatValue(value: unknown): string {
  const json = elementValueToJson(value);
  if (typeof json === 'boolean') return json ? 'Yes' : 'No';
  if (typeof json === 'string' || typeof json === 'number') return String(json);
  if (Array.isArray(json)) {
    return json
      .map((entry) => {
        if (entry && typeof entry === 'object' && 'vehicle_category_code' in entry) {
          const privilege = entry as { vehicle_category_code: string; issue_date?: string; expiry_date?: string };
          return `${privilege.vehicle_category_code}${privilege.expiry_date ? ` (until ${privilege.expiry_date})` : ''}`;
        }
        return typeof entry === 'string' ? entry : JSON.stringify(entry);
      })
      .join(', ');
  }
  return JSON.stringify(json);
}
