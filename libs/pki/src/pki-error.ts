import { CitizenZeroError } from '@citizen-zero/errors';

/**
 * Stable codes for everything that can be wrong with a certificate, a CRL or a request to
 * issue one. Path validation reports them per problem; generators throw {@link PkiError} with them.
 */
export const PKI_ERROR_CODES = [
  /** No path from the certificate to any trusted IACA (RFC 5280 §6.1). */
  'CERT_CHAIN_UNTRUSTED',
  /** A certificate's signature does not verify with its issuer's public key (RFC 5280 §6.1.3 (a)(1)). */
  'CERT_SIGNATURE_INVALID',
  /** The validation time is after a certificate's notAfter (RFC 5280 §6.1.3 (a)(2)). */
  'CERT_EXPIRED',
  /** The validation time is before a certificate's notBefore (RFC 5280 §6.1.3 (a)(2)). */
  'CERT_NOT_YET_VALID',
  /** keyUsage / basicConstraints do not allow the certificate's role (RFC 5280 §4.2.1.3, §4.2.1.9, §6.1.4 (k)(n)). */
  'CERT_KEY_USAGE_INVALID',
  /** extKeyUsage lacks id-mdl-kp-mdlDS 1.0.18013.5.1.2 (ISO/IEC 18013-5:2021 Annex B.1.4, Table B.3). */
  'CERT_EKU_INVALID',
  /** The certificate's serial number is on a valid CRL of its issuer (RFC 5280 §6.3). */
  'CERT_REVOKED',
  /** Not a well-formed DER X.509 certificate (or PEM of one). */
  'CERT_MALFORMED',
  /** The certificate (or the one about to be issued) does not follow the ISO/IEC 18013-5 Annex B profile. */
  'CERT_PROFILE_INVALID',
  /** A CRL is malformed, not signed by the IACA, or outside thisUpdate/nextUpdate (RFC 5280 §6.3.3). */
  'CRL_INVALID',
  /** A PKCS#10 request is malformed or its self-signature does not verify (RFC 2986 §3). */
  'CSR_INVALID',
  /** A validity period exceeds the Annex B maximum or its issuer's validity. */
  'VALIDITY_TOO_LONG',
  /** The document signer's countryName differs from the IACA's (ISO/IEC 18013-5:2021 Annex B.1.4). */
  'COUNTRY_MISMATCH',
  /** The Signer does not match the certificate or algorithm it is asked to sign for (wrong key, curve or hash). */
  'SIGNER_MISMATCH',
] as const;

export type PkiErrorCode = (typeof PKI_ERROR_CODES)[number];

export class PkiError extends CitizenZeroError<PkiErrorCode> {
  constructor(
    readonly code: PkiErrorCode,
    message: string,
    details: Record<string, string | number | boolean> = {},
    options?: { cause?: unknown },
  ) {
    super(message, details, options);
  }
}
