/**
 * @citizen-zero/pki — the ISO/IEC 18013-5:2021 Annex B certificate hierarchy (IACA root →
 * document signer, CRLs), its validation, and trust-list exports. Framework-free: keys are reached
 * only through the `Signer` port of @citizen-zero/signing (an HSM in production).
 */
// @peculiar/x509 needs the Reflect metadata polyfill before it is evaluated (./x509 imports it too).
import 'reflect-metadata';

// Errors
export { PkiError, PKI_ERROR_CODES, type PkiErrorCode } from './pki-error';

// Building blocks
export { OID_MDL_DOCUMENT_SIGNER_EKU, OID_MDL_READER_AUTH_EKU } from './oids';
export { ANNEX_B } from './annex-b';
export type { DistinguishedNameInput } from './distinguished-name';
export type { IssuerAlternativeNameInput } from './extension-builders';
export type { ValidityInput } from './validity';
export { parseCertificate, certificateDer, certificatePem, type CertificateInput } from './certificate-input';
export { createSignerCrypto, type SignerCrypto } from './signer-crypto';

// Issuance
export { createIacaCertificate, type CreateIacaCertificateOptions } from './iaca-certificate';
export { createDocumentSignerCsr, verifyCertificateRequest, type CreateDocumentSignerCsrOptions, type CsrInput } from './document-signer-csr';
export { issueDocumentSignerCertificate, type IssueDocumentSignerCertificateOptions } from './document-signer-certificate';
export { issueReaderCertificate, READER_CERTIFICATE_MAX_VALIDITY_DAYS, type IssueReaderCertificateOptions } from './reader-authentication-certificate';

// Revocation
export { createCrl, crlPem, type CreateCrlOptions, type CrlReason, type RevokedCertificateInput } from './crl';
export { parseCrl, findRevokedEntry, verifyCrl, type CrlEntryInfo, type CrlInput, type CrlVerification, type ParsedCrl } from './crl-parsing';

// Validation
export {
  validateCertificateProfile,
  PROFILE_FINDING_CODES,
  type CertificateProfile,
  type ProfileFinding,
  type ProfileFindingCode,
  type ValidateCertificateProfileOptions,
} from './certificate-profile';
export {
  validateCertificatePath,
  type CertificatePathError,
  type CertificatePathErrorCode,
  type CertificatePathValidationResult,
  type CertificatePurpose,
  type ValidateCertificatePathInput,
} from './certificate-path';

// Trust list and description
export { exportTrustListPem, parsePemBundle } from './trust-list-pem';
export { encodeVicalPayload, type VicalCertificateInfoInput, type VicalInput } from './vical';
export { certificateFingerprint, describeCertificate, type CertificateDescription } from './certificate-description';
export type { KeyUsageName } from './certificate-extensions';

// The parsed forms the API returns (from @peculiar/x509).
export { X509Certificate, X509Crl, Pkcs10CertificateRequest } from './x509';
