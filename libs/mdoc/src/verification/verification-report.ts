import type { MdocErrorCode } from '../mdoc-error';
import type { ValidityInfo } from '../mdoc/mobile-security-object';

/** The checks of ISO/IEC 18013-5:2021 §9.3 (mdoc reader: inspection procedure), in order. */
export type CheckName =
  | 'structure'
  | 'issuer-certificate-chain'
  | 'issuer-signature'
  | 'mso-signed-within-certificate-validity'
  | 'doc-type'
  | 'value-digests'
  | 'mso-validity'
  | 'device-authentication'
  | 'device-key-authorizations';

export interface CheckResult {
  readonly check: CheckName;
  readonly passed: boolean;
  /** Stable code of the failure; absent when passed. */
  readonly code?: MdocErrorCode | string;
  /** What was checked or what went wrong; never element values. */
  readonly message: string;
  readonly namespace?: string;
  readonly elementIdentifier?: string;
}

export interface IssuerCertificateSummary {
  readonly subject: string;
  readonly issuer: string;
  readonly serialNumber: string;
  readonly notBefore: Date;
  readonly notAfter: Date;
}

export interface DocumentVerdict {
  readonly docType: string;
  readonly valid: boolean;
  readonly checks: readonly CheckResult[];
  /** Elements whose digest verified: namespace → element → CBOR value. */
  readonly issuerSigned: ReadonlyMap<string, ReadonlyMap<string, unknown>>;
  /** Device-signed elements, if the device authentication verified. */
  readonly deviceSigned: ReadonlyMap<string, ReadonlyMap<string, unknown>>;
  /** Elements the device reported as not returned (namespace → element → error code). */
  readonly notReturned: ReadonlyMap<string, ReadonlyMap<string, number>>;
  readonly validityInfo?: ValidityInfo;
  readonly issuerCertificate?: IssuerCertificateSummary;
  readonly deviceAuthentication: 'signature' | 'mac' | 'none';
}

export interface DeviceResponseVerdict {
  readonly valid: boolean;
  readonly status: number;
  readonly documents: readonly DocumentVerdict[];
  readonly documentErrors: ReadonlyArray<ReadonlyMap<string, number>>;
  /** Problems with the response as a whole (undecodable, status not OK). */
  readonly problems: readonly CheckResult[];
  /** The verification time used. */
  readonly verifiedAt: Date;
}

export function failedChecks(verdict: DeviceResponseVerdict): CheckResult[] {
  return [...verdict.problems, ...verdict.documents.flatMap((document) => document.checks.filter((check) => !check.passed))];
}
