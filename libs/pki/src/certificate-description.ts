import { signatureAlgorithmName } from './annex-b';
import { toHex } from './bytes';
import { parseCertificate, type CertificateInput } from './certificate-input';
import { readCertificateExtensions, type KeyUsageName } from './certificate-extensions';
import { certificateSignedData } from './signature-verification';
import { OID_EC_PUBLIC_KEY } from './oids';
import { parsePublicKeyInfo } from './public-key';

/** SHA-256 fingerprint of the DER certificate, lower-case hex without separators. */
export async function certificateFingerprint(certificate: CertificateInput): Promise<string> {
  const der = parseCertificate(certificate).rawData;
  return toHex(await globalThis.crypto.subtle.digest('SHA-256', der));
}

/** A certificate summarised for people (the console, audit logs). */
export interface CertificateDescription {
  readonly subject: string;
  readonly issuer: string;
  /** Serial number, lower-case hex. */
  readonly serialNumber: string;
  readonly notBefore: Date;
  readonly notAfter: Date;
  /** "EC" for id-ecPublicKey, otherwise the algorithm OID. */
  readonly keyAlgorithm: string;
  /** "P-256", "P-384", "P-521", or the curve OID for other curves. */
  readonly curve?: string;
  /** E.g. "ecdsa-with-SHA384". */
  readonly signatureAlgorithm: string;
  readonly subjectKeyIdentifier?: string;
  readonly authorityKeyIdentifier?: string;
  readonly keyUsage: readonly KeyUsageName[];
  /** Extended key usage OIDs (1.0.18013.5.1.2 for a document signer). */
  readonly extendedKeyUsage: readonly string[];
  readonly basicConstraints?: { readonly ca: boolean; readonly pathLength?: number };
  readonly selfIssued: boolean;
  /** SHA-256 of the DER certificate, lower-case hex. */
  readonly sha256Fingerprint: string;
}

/** Summarises a certificate. Throws {@link PkiError} `CERT_MALFORMED` if it cannot be parsed. */
export async function describeCertificate(input: CertificateInput): Promise<CertificateDescription> {
  const certificate = parseCertificate(input);
  const extensions = readCertificateExtensions(certificate);
  const key = parsePublicKeyInfo(certificate.publicKey.rawData);
  const signed = certificateSignedData(certificate.rawData);
  const curve = key.curve ?? key.curveOid;
  return {
    subject: certificate.subject,
    issuer: certificate.issuer,
    serialNumber: certificate.serialNumber.toLowerCase(),
    notBefore: certificate.notBefore,
    notAfter: certificate.notAfter,
    keyAlgorithm: key.algorithmOid === OID_EC_PUBLIC_KEY ? 'EC' : key.algorithmOid,
    ...(curve !== undefined && { curve }),
    signatureAlgorithm: signatureAlgorithmName(signed.signatureAlgorithm.algorithm),
    ...(extensions.subjectKeyIdentifier && { subjectKeyIdentifier: extensions.subjectKeyIdentifier.keyId }),
    ...(extensions.authorityKeyIdentifier?.keyId !== undefined && { authorityKeyIdentifier: extensions.authorityKeyIdentifier.keyId }),
    keyUsage: extensions.keyUsage?.usages ?? [],
    extendedKeyUsage: extensions.extendedKeyUsage?.usages ?? [],
    ...(extensions.basicConstraints && {
      basicConstraints: { ca: extensions.basicConstraints.ca, ...(extensions.basicConstraints.pathLength !== undefined && { pathLength: extensions.basicConstraints.pathLength }) },
    }),
    selfIssued: certificate.subject === certificate.issuer,
    sha256Fingerprint: await certificateFingerprint(certificate),
  };
}
