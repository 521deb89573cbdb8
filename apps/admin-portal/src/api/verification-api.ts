/**
 * The verification service's trust-list answers as the portal reads them
 * (apps/verification/src/trust/trust.controller.ts `mapTrustAnchor`, `GET /trust/signer`).
 */
export interface TrustAnchor {
  readonly id: string;
  /** SHA-256 of the certificate, hex. */
  readonly fingerprint: string;
  readonly subject: string;
  readonly country: string;
  readonly docTypes: readonly string[];
  readonly notBefore: string;
  readonly notAfter: string;
  readonly addedBy: string;
  readonly addedAt: string;
  readonly retiredAt?: string;
  readonly retiredBy?: string;
  readonly retirementReason?: RetirementReason;
}

/** Why a trust anchor is removed (apps/verification/src/trust/trust-list.service.ts RETIREMENT_REASONS). */
export const RETIREMENT_REASONS = ['key-compromise', 'superseded', 'cessation', 'policy-change'] as const;
export type RetirementReason = (typeof RETIREMENT_REASONS)[number];

export const RETIREMENT_REASON_LABELS: Readonly<Record<RetirementReason, string>> = {
  'key-compromise': 'Key compromise: the IACA’s private key is or may be known to others',
  superseded: 'Superseded: a new IACA certificate replaces it',
  cessation: 'Cessation: the authority no longer issues documents',
  'policy-change': 'Policy change: this authority is no longer trusted',
};

export interface CertificateSummary {
  readonly subject: string;
  readonly issuer: string;
  readonly serialNumber: string;
  readonly notBefore: string;
  readonly notAfter: string;
  readonly sha256Fingerprint: string;
}

export interface TrustListSigner {
  readonly configured: boolean;
  readonly keyLabel?: string;
  readonly certificates: readonly CertificateSummary[];
}

/** The document types an IACA may be trusted for, as the service defaults them. */
export const TRUSTED_DOC_TYPES: ReadonlyArray<{ readonly docType: string; readonly label: string }> = [
  { docType: 'org.iso.18013.5.1.mDL', label: 'Mobile driving licence (ISO/IEC 18013-5 mDL)' },
  { docType: 'eu.europa.ec.eudi.pid.1', label: 'Person identification data (EU PID)' },
];
