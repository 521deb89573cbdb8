import type { Signer } from '@citizen-zero/signing';
import { parseCertificate } from './certificate-input';
import { buildDistinguishedName, type DistinguishedNameInput } from './distinguished-name';
import { crlDistributionPointsExtension, issuerAlternativeNameExtension, type IssuerAlternativeNameInput } from './extension-builders';
import { PkiError } from './pki-error';
import { generateSerialNumber, serialNumberHex } from './serial-number';
import { createSignerCrypto } from './signer-crypto';
import { certificateSignedData, verifySignedData } from './signature-verification';
import { assertIacaValidity, normalizeValidity, type ValidityInput } from './validity';
import { BasicConstraintsExtension, KeyUsageFlags, KeyUsagesExtension, SubjectKeyIdentifierExtension, X509CertificateGenerator, type X509Certificate } from './x509';

export interface CreateIacaCertificateOptions {
  /** The IACA key (in production an HSM key); signs its own certificate. */
  readonly signer: Signer;
  /** Subject and issuer of the self-signed certificate; countryName is mandatory. */
  readonly subject: DistinguishedNameInput;
  /** At most 20 years (Annex B.1.2); 3–5 years is what the standard recommends. */
  readonly validity: ValidityInput;
  /** Mandatory issuerAltName: a contact URI and/or e-mail of the issuing authority. */
  readonly issuerAlternativeName: IssuerAlternativeNameInput;
  /** Where relying parties fetch the IACA's CRL (http or https). */
  readonly crlDistributionPointUri: string;
  /** Unsigned big-endian serial; by default 127 random bits from the CSPRNG. Must be 8–20 octets. */
  readonly serialNumber?: Uint8Array;
}

/**
 * Creates a self-signed IACA root certificate following ISO/IEC 18013-5:2021 Annex B.1.2
 * (Table B.1) and RFC 5280 §4.1:
 *
 * - version 3; serial positive, ≥ 63 random bits, ≤ 20 octets (RFC 5280 §4.1.2.2);
 * - signature ecdsa-with-SHA256/384/512 matching the signer (ES256/ES384/ES512);
 * - issuer = subject, with countryName (PrintableString, ISO 3166-1 alpha-2) and commonName;
 * - validity at most 20 years;
 * - extensions: basicConstraints cA=TRUE pathLenConstraint=0 (critical, RFC 5280 §4.2.1.9),
 *   keyUsage keyCertSign + cRLSign (critical, §4.2.1.3), subjectKeyIdentifier = SHA-1 of the
 *   subjectPublicKey (§4.2.1.2 method 1), issuerAltName (§4.2.1.7), cRLDistributionPoints
 *   (§4.2.1.13) with a URI and no reasons/cRLIssuer; no authorityKeyIdentifier (self-signed root).
 *
 * The signature is checked against the signer's public key before the certificate is returned.
 * Throws {@link PkiError}: `CERT_PROFILE_INVALID` for a subject, name or URI the profile does not
 * allow, `VALIDITY_TOO_LONG` beyond 20 years, `SIGNER_MISMATCH` if the signer's key, curve or
 * signature is inconsistent.
 */
export async function createIacaCertificate(options: CreateIacaCertificateOptions): Promise<X509Certificate> {
  const name = buildDistinguishedName(options.subject, 'IACA subject');
  const validity = normalizeValidity(options.validity, 'IACA certificate');
  assertIacaValidity(validity);
  const serialNumber = serialNumberHex(options.serialNumber ?? generateSerialNumber());
  const issuerAltName = issuerAlternativeNameExtension(options.issuerAlternativeName);
  const crlDistributionPoints = crlDistributionPointsExtension(options.crlDistributionPointUri);

  const signer = await createSignerCrypto(options.signer);
  const certificate = await X509CertificateGenerator.create(
    {
      serialNumber,
      subject: name,
      issuer: name,
      notBefore: validity.notBefore,
      notAfter: validity.notAfter,
      publicKey: signer.publicKey,
      signingKey: signer.signingKey,
      signingAlgorithm: signer.signingAlgorithm,
      extensions: [
        new BasicConstraintsExtension(true, 0, true),
        new KeyUsagesExtension(KeyUsageFlags.keyCertSign | KeyUsageFlags.cRLSign, true),
        await SubjectKeyIdentifierExtension.create(signer.publicKey, false, signer.crypto),
        issuerAltName,
        crlDistributionPoints,
      ],
    },
    signer.crypto,
  );
  const der = new Uint8Array(certificate.rawData);
  const check = await verifySignedData(certificateSignedData(der), signer.spki);
  if (!check.valid) throw new PkiError('SIGNER_MISMATCH', `the IACA certificate signed by ${options.signer.keyId} does not verify: ${check.reason}`, { keyId: options.signer.keyId });
  return parseCertificate(der, 'IACA certificate');
}
