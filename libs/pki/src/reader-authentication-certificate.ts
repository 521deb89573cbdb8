import type { Signer } from '@citizen-zero/signing';
import { bytesEqual, toArrayBuffer } from './bytes';
import { parseCertificate, type CertificateInput } from './certificate-input';
import { readCertificateExtensions } from './certificate-extensions';
import { verifyCertificateRequest, type CsrInput } from './document-signer-csr';
import { buildDistinguishedName, countryOf, type DistinguishedNameInput } from './distinguished-name';
import { OID_EXT, OID_MDL_READER_AUTH_EKU } from './oids';
import { PkiError } from './pki-error';
import { parsePublicKeyInfo } from './public-key';
import { generateSerialNumber, serialNumberHex } from './serial-number';
import { createSignerCrypto } from './signer-crypto';
import { certificateSignedData, verifySignedData } from './signature-verification';
import { normalizeValidity, type ValidityInput } from './validity';
import {
  AuthorityKeyIdentifierExtension,
  ExtendedKeyUsageExtension,
  Extension,
  KeyUsageFlags,
  KeyUsagesExtension,
  SubjectAlternativeNameExtension,
  SubjectKeyIdentifierExtension,
  X509CertificateGenerator,
  type X509Certificate,
} from './x509';

/** ISO/IEC 18013-5:2021 Annex B.1.7 (Table B.7): a reader authentication certificate is valid for at most 1187 days. */
export const READER_CERTIFICATE_MAX_VALIDITY_DAYS = 1187;

export interface IssueReaderCertificateOptions {
  /** The reader CA's key (in the HSM in production); must be the key of `caCertificate`. */
  readonly caSigner: Signer;
  /** The reader CA certificate (a root with the Annex B root profile); its subject becomes the issuer. */
  readonly caCertificate: CertificateInput;
  /**
   * The reader's PKCS#10 request: its self-signature is the proof that the reader device holds the
   * private key (RFC 2986 §3). Only EC keys on P-256/P-384/P-521 in uncompressed form are certified.
   */
  readonly csr: CsrInput;
  /** Subject of the reader certificate (the CA decides it, not the request); its country must equal the CA's. */
  readonly subject: DistinguishedNameInput;
  /** At most {@link READER_CERTIFICATE_MAX_VALIDITY_DAYS} and within the CA's validity. */
  readonly validity: ValidityInput;
  /** Unsigned big-endian serial; by default 127 random bits from the CSPRNG. */
  readonly serialNumber?: Uint8Array;
  /**
   * DNS names for a subjectAltName: a verifier's access certificate for online presentation, whose
   * dNSName is its OpenID4VP client identifier (`x509_san_dns`, OpenID4VP 1.0 §5.9.3) and whose key
   * signs Request Objects. None for a reader device.
   */
  readonly dnsNames?: readonly string[];
}

/**
 * Issues an mdoc reader authentication certificate (ISO/IEC 18013-5:2021 §9.1.4, Annex B.1.7,
 * Table B.7) for a reader's key:
 *
 * - version 3, random serial, issuer = the CA subject byte for byte, ECDSA signature by the CA key;
 * - validity at most 1187 days and within the CA's;
 * - extensions: authorityKeyIdentifier = the CA's subjectKeyIdentifier, subjectKeyIdentifier,
 *   keyUsage digitalSignature (critical), extKeyUsage id-mdl-kp-mdlReaderAuth 1.0.18013.5.1.6
 *   (critical), subjectAltName dNSNames when asked for (an online verifier's access certificate),
 *   and the CA's issuerAltName and cRLDistributionPoints when it has them; no basicConstraints (an
 *   end-entity certificate).
 *
 * The request's self-signature is verified before anything is signed, and the certificate is
 * verified against the CA key before it is returned. Throws {@link PkiError}: `CSR_INVALID`,
 * `COUNTRY_MISMATCH`, `VALIDITY_TOO_LONG`, `CERT_PROFILE_INVALID`, `CERT_MALFORMED`, `SIGNER_MISMATCH`.
 */
export async function issueReaderCertificate(options: IssueReaderCertificateOptions): Promise<X509Certificate> {
  const ca = parseCertificate(options.caCertificate, 'reader CA certificate');
  const caExtensions = readCertificateExtensions(ca);
  if (!caExtensions.basicConstraints?.ca) throw new PkiError('CERT_PROFILE_INVALID', 'the reader CA certificate is not a CA (basicConstraints cA=TRUE missing)');
  if (caExtensions.keyUsage && !caExtensions.keyUsage.usages.includes('keyCertSign')) throw new PkiError('CERT_PROFILE_INVALID', 'the reader CA certificate keyUsage lacks keyCertSign');
  const caKeyId = caExtensions.subjectKeyIdentifier?.keyId;
  if (!caKeyId) throw new PkiError('CERT_PROFILE_INVALID', 'the reader CA certificate has no subjectKeyIdentifier for the authorityKeyIdentifier');

  const subject = buildDistinguishedName(options.subject, 'reader certificate subject');
  const caCountry = countryOf(ca.subjectName);
  if (options.subject.country !== caCountry) {
    throw new PkiError('COUNTRY_MISMATCH', `reader certificate country ${options.subject.country} differs from the reader CA country ${caCountry ?? '(none)'}`, {
      subjectCountry: options.subject.country,
      ...(caCountry !== undefined && { iacaCountry: caCountry }),
    });
  }
  const validity = normalizeValidity(options.validity, 'reader certificate');
  const days = (validity.notAfter.getTime() - validity.notBefore.getTime()) / 86_400_000;
  if (days > READER_CERTIFICATE_MAX_VALIDITY_DAYS) {
    throw new PkiError('VALIDITY_TOO_LONG', `reader certificate validity of ${days.toFixed(2)} days exceeds the Annex B maximum of ${READER_CERTIFICATE_MAX_VALIDITY_DAYS} days`, { maxDays: READER_CERTIFICATE_MAX_VALIDITY_DAYS });
  }
  if (validity.notBefore.getTime() < ca.notBefore.getTime() || validity.notAfter.getTime() > ca.notAfter.getTime()) {
    throw new PkiError('VALIDITY_TOO_LONG', `reader certificate validity ${validity.notBefore.toISOString()} – ${validity.notAfter.toISOString()} is not within the reader CA validity`);
  }

  const spki = new Uint8Array((await verifyCertificateRequest(options.csr)).publicKey.rawData);
  const key = parsePublicKeyInfo(spki);
  if (!key.curve || key.publicKey[0] !== 0x04) throw new PkiError('CSR_INVALID', 'the reader key must be an EC key on P-256, P-384 or P-521 in uncompressed form');
  if (bytesEqual(spki, ca.publicKey.rawData)) throw new PkiError('CERT_PROFILE_INVALID', 'the reader key is the reader CA key');

  const signer = await createSignerCrypto(options.caSigner);
  if (!bytesEqual(signer.spki, ca.publicKey.rawData)) {
    throw new PkiError('SIGNER_MISMATCH', `caSigner ${options.caSigner.keyId} does not hold the key of the reader CA certificate ${ca.subject}`, { keyId: options.caSigner.keyId });
  }
  const copied = [OID_EXT.issuerAltName, OID_EXT.cRLDistributionPoints].flatMap((oid) => {
    const source = ca.extensions.find((extension) => extension.type === oid);
    return source ? [new Extension(oid, false, source.value)] : [];
  });
  const certificate = await X509CertificateGenerator.create(
    {
      serialNumber: serialNumberHex(options.serialNumber ?? generateSerialNumber()),
      subject,
      issuer: ca.subjectName,
      notBefore: validity.notBefore,
      notAfter: validity.notAfter,
      publicKey: toArrayBuffer(spki),
      signingKey: signer.signingKey,
      signingAlgorithm: signer.signingAlgorithm,
      extensions: [
        new AuthorityKeyIdentifierExtension(caKeyId, false),
        await SubjectKeyIdentifierExtension.create(toArrayBuffer(spki), false, signer.crypto),
        new KeyUsagesExtension(KeyUsageFlags.digitalSignature, true),
        new ExtendedKeyUsageExtension([OID_MDL_READER_AUTH_EKU], true),
        ...(options.dnsNames && options.dnsNames.length > 0 ? [new SubjectAlternativeNameExtension(options.dnsNames.map((value) => ({ type: 'dns' as const, value })), false)] : []),
        ...copied,
      ],
    },
    signer.crypto,
  );
  const der = new Uint8Array(certificate.rawData);
  const check = await verifySignedData(certificateSignedData(der), ca.publicKey.rawData);
  if (!check.valid) throw new PkiError('SIGNER_MISMATCH', `the reader certificate signed by ${options.caSigner.keyId} does not verify with the reader CA key: ${check.reason}`, { keyId: options.caSigner.keyId });
  return parseCertificate(der, 'reader certificate');
}
