import type { TravelDocumentErrorCode } from '../travel-document-error';
import type { SealPayload } from './seal-payload';

/** The checks of `verifyDocumentSeal`, in the order they run. */
export type SealCheckName = 'structure' | 'payload' | 'certificate-chain' | 'signature' | 'signing-time' | 'document-validity';

export interface SealCheckResult {
  readonly check: SealCheckName;
  readonly passed: boolean;
  /** Stable code of the failure; absent when passed. */
  readonly code?: TravelDocumentErrorCode;
  /** The underlying code when one is known, e.g. the `@citizen-zero/pki` code behind `SEAL_CHAIN_UNTRUSTED`. */
  readonly cause?: string;
  /** What was checked or what went wrong; never payload values. */
  readonly message: string;
}

export interface SealSignerSummary {
  readonly subject: string;
  readonly issuer: string;
  readonly serialNumber: string;
  readonly notBefore: Date;
  readonly notAfter: Date;
}

export interface SealVerdict {
  /** Every check passed: authentic, signed by a trusted document signer, and the document not expired. */
  readonly valid: boolean;
  readonly checks: readonly SealCheckResult[];
  /** The sealed data, present only when the signature verified with a certificate that chains to a trust anchor. */
  readonly payload?: SealPayload;
  /** When the seal was signed (from the signed payload), with the same condition as `payload`. */
  readonly signedAt?: Date;
  readonly signer?: SealSignerSummary;
  /** The COSE_Sign1 bytes as received (Base45-decoded), when the text could be decoded. */
  readonly bytes?: Uint8Array;
  /** The verification time used. */
  readonly verifiedAt: Date;
}

export function failedSealChecks(verdict: SealVerdict): SealCheckResult[] {
  return verdict.checks.filter((check) => !check.passed);
}
