import { verifyDocumentSeal, type SealPayload, type SealVerdict } from '@citizen-zero/travel-documents/seal';
import type { SyncedTrustList } from '../sync/trust-list';
import type { CheckView, ElementView } from '../verify/verdict';

export interface SealView {
  readonly outcome: 'accepted' | 'rejected';
  readonly headline: string;
  readonly reasons: readonly string[];
  readonly documentTitle: string;
  /** The printed data the seal authenticates (only when its signature verified to a trusted authority): compare it with the document. */
  readonly fields: readonly ElementView[];
  readonly checks: readonly CheckView[];
  readonly signer?: string;
  readonly verifiedAt: Date;
}

const CHECK_LABELS: Readonly<Record<string, string>> = {
  structure: 'A Citizen Zero seal (COSE_Sign1, Base45)',
  payload: 'Readable sealed data',
  'certificate-chain': 'Signed by a trusted authority',
  signature: 'Signature valid: the printed data is unaltered',
  'signing-time': 'Signed while the signer’s certificate was valid',
  'document-validity': 'Document not expired',
};

const TITLES: Readonly<Record<SealPayload['documentType'], string>> = { 'national-id-card': 'National identity card', passport: 'Passport', 'birth-certificate': 'Birth certificate' };

/**
 * Verifies a printed seal's QR text fully offline against the synced trust list: the seal signer's
 * certificate is issued by an IACA of the trust list (the identity service's seal signer is certified by
 * the same IACA as its document signers), so the synced anchors are all that is needed.
 */
export async function verifySealOffline(text: string, trustList: SyncedTrustList, at: Date): Promise<SealView> {
  return sealView(await verifyDocumentSeal(text.trim(), { trustAnchors: [...trustList.anchors], at }));
}

export function sealView(verdict: SealVerdict): SealView {
  const checks: CheckView[] = verdict.checks.map((check) => ({ label: CHECK_LABELS[check.check] ?? check.check, passed: check.passed, detail: check.message, ...(check.code && { code: check.code }) }));
  const reasons = checks.filter((check) => !check.passed).map((check) => `${check.label} — NO (${check.code ?? 'failed'})`);
  const payload = verdict.payload;
  const fields: ElementView[] = [];
  if (payload) {
    const add = (identifier: string, label: string, value: string | undefined) => void (value !== undefined && value !== '' && fields.push({ identifier, label, value }));
    add('primaryIdentifier', 'Family name', payload.primaryIdentifier);
    add('secondaryIdentifier', 'Given names', payload.secondaryIdentifier);
    add('dateOfBirth', 'Date of birth', payload.dateOfBirth);
    add('placeOfBirth', 'Place of birth', payload.placeOfBirth);
    add('sex', 'Sex', payload.sex);
    add('nationality', 'Nationality', payload.nationality);
    add('documentNumber', 'Document number', payload.documentNumber);
    add('personalNumber', 'Personal number', payload.personalNumber);
    add('registrationNumber', 'Registration number', payload.registrationNumber);
    add('parents', 'Parents', payload.parents?.join('; '));
    add('issuingState', 'Issuing State', payload.issuingState);
    add('dateOfIssue', 'Date of issue', payload.dateOfIssue);
    add('dateOfExpiry', 'Date of expiry', payload.dateOfExpiry);
  }
  const accepted = verdict.valid;
  const title = payload ? TITLES[payload.documentType] : 'Printed document';
  return {
    outcome: accepted ? 'accepted' : 'rejected',
    headline: accepted ? `VERIFIED — authentic ${title.toLowerCase()}: compare the printed data` : `NOT VERIFIED — ${reasons[0] ?? 'the seal does not verify'}`,
    reasons,
    documentTitle: title,
    fields,
    checks,
    ...(verdict.signer && { signer: verdict.signer.subject }),
    verifiedAt: verdict.verifiedAt,
  };
}
