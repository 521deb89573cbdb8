import type { Signer } from '@citizen-zero/signing';
import { bytesEqual, toArrayBuffer } from './bytes';
import { parseCertificate, type CertificateInput } from './certificate-input';
import { readCertificateExtensions } from './certificate-extensions';
import { verifyCertificateRequest, type CsrInput } from './document-signer-csr';
import { buildDistinguishedName, countryOf, type DistinguishedNameInput } from './distinguished-name';
import { crlDistributionPointsExtension, issuerAlternativeNameExtension, type IssuerAlternativeNameInput } from './extension-builders';
import { OID_EXT, OID_MDL_DOCUMENT_SIGNER_EKU } from './oids';
import { PkiError } from './pki-error';
import { parsePublicKeyInfo } from './public-key';
import { generateSerialNumber, serialNumberHex } from './serial-number';
import { createSignerCrypto } from './signer-crypto';
import { certificateSignedData, verifySignedData } from './signature-verification';
import { assertDocumentSignerValidity, normalizeValidity, type ValidityInput } from './validity';
import {
  AuthorityKeyIdentifierExtension,
  ExtendedKeyUsageExtension,
  Extension,
  KeyUsageFlags,
  KeyUsagesExtension,
  SubjectKeyIdentifierExtension,
  X509CertificateGenerator,
  type X509Certificate,
} from './x509';

interface IssueDocumentSignerCertificateBase {
  /** The IACA key; must be the key of `iacaCertificate`. */
  readonly iacaSigner: Signer;
  /** The IACA certificate that issues (its subject becomes the issuer, its SKI the authority key identifier). */
  readonly iacaCertificate: CertificateInput;
  /** Subject of the document signer certificate; its country must equal the IACA's. */
  readonly subject: DistinguishedNameInput;
  /** At most 457 days (Annex B.1.4) and within the IACA's validity. */
  readonly validity: ValidityInput;
  /** cRLDistributionPoints URI; by default the IACA certificate's (the IACA issues the CRL covering document signers). */
  readonly crlDistributionPointUri?: string;
  /** issuerAltName; by default copied from the IACA certificate's issuerAltName. */
  readonly issuerAlternativeName?: IssuerAlternativeNameInput;
  /** Unsigned big-endian serial; by default 127 random bits from the CSPRNG. */
  readonly serialNumber?: Uint8Array;
}

/** Issue either from a PKCS#10 request (its self-signature is verified first) or from a bare public key. */
export type IssueDocumentSignerCertificateOptions = IssueDocumentSignerCertificateBase &
  ({ readonly csr: CsrInput; readonly publicKeySpki?: never } | { readonly publicKeySpki: Uint8Array; readonly csr?: never });

/**
 * Issues a document signer (DS) certificate under an IACA, following ISO/IEC 18013-5:2021
 * Annex B.1.4 (Table B.3) and RFC 5280:
 *
 * - version 3, random serial, issuer = the IACA subject (byte for byte), ECDSA signature by the IACA;
 * - subject with the IACA's countryName; validity at most 457 days and within the IACA's;
 * - subject key an EC key on P-256/P-384/P-521 in uncompressed form, different from the IACA key;
 * - extensions: authorityKeyIdentifier = the IACA's subjectKeyIdentifier (RFC 5280 §4.2.1.1),
 *   subjectKeyIdentifier (§4.2.1.2), keyUsage digitalSignature (critical, §4.2.1.3),
 *   extKeyUsage id-mdl-kp-mdlDS 1.0.18013.5.1.2 (critical, §4.2.1.12), issuerAltName (§4.2.1.7),
 *   cRLDistributionPoints (§4.2.1.13); no basicConstraints (an end-entity certificate).
 *
 * The CSR's self-signature is verified before anything is signed, and the issued certificate is
 * verified against the IACA key before it is returned. Throws {@link PkiError}: `CSR_INVALID`,
 * `COUNTRY_MISMATCH`, `VALIDITY_TOO_LONG`, `CERT_PROFILE_INVALID` (IACA not usable as an issuer,
 * bad subject, key or URI), `CERT_MALFORMED` (IACA certificate), `SIGNER_MISMATCH`
 * (iacaSigner is not the IACA certificate's key).
 */
export async function issueDocumentSignerCertificate(options: IssueDocumentSignerCertificateOptions): Promise<X509Certificate> {
  const iaca = parseCertificate(options.iacaCertificate, 'IACA certificate');
  const iacaExtensions = readCertificateExtensions(iaca);
  if (!iacaExtensions.basicConstraints?.ca) throw new PkiError('CERT_PROFILE_INVALID', 'the issuing certificate is not a CA (basicConstraints cA=TRUE missing): it cannot issue document signer certificates');
  if (iacaExtensions.keyUsage && !iacaExtensions.keyUsage.usages.includes('keyCertSign')) throw new PkiError('CERT_PROFILE_INVALID', 'the IACA certificate keyUsage lacks keyCertSign');
  const iacaKeyId = iacaExtensions.subjectKeyIdentifier?.keyId;
  if (!iacaKeyId) throw new PkiError('CERT_PROFILE_INVALID', 'the IACA certificate has no subjectKeyIdentifier, so the authorityKeyIdentifier Annex B requires cannot be set');

  const subject = buildDistinguishedName(options.subject, 'document signer subject');
  const iacaCountry = countryOf(iaca.subjectName);
  if (options.subject.country !== iacaCountry) {
    throw new PkiError('COUNTRY_MISMATCH', `document signer country ${options.subject.country} differs from the IACA country ${iacaCountry ?? '(none)'} (Annex B.1.4)`, {
      subjectCountry: options.subject.country,
      ...(iacaCountry !== undefined && { iacaCountry }),
    });
  }
  const validity = normalizeValidity(options.validity, 'document signer certificate');
  assertDocumentSignerValidity(validity, { notBefore: iaca.notBefore, notAfter: iaca.notAfter });
  const serialNumber = serialNumberHex(options.serialNumber ?? generateSerialNumber());
  const issuerAltName = options.issuerAlternativeName ? issuerAlternativeNameExtension(options.issuerAlternativeName) : copyIacaExtension(iaca, OID_EXT.issuerAltName, 'issuerAltName');
  const crlDistributionPoints =
    options.crlDistributionPointUri !== undefined ? crlDistributionPointsExtension(options.crlDistributionPointUri) : copyIacaExtension(iaca, OID_EXT.cRLDistributionPoints, 'cRLDistributionPoints');

  const spki = options.csr !== undefined ? new Uint8Array((await verifyCertificateRequest(options.csr)).publicKey.rawData) : options.publicKeySpki;
  assertDocumentSignerKey(spki, options.csr !== undefined ? 'CSR_INVALID' : 'CERT_PROFILE_INVALID');
  if (bytesEqual(spki, iaca.publicKey.rawData)) throw new PkiError('CERT_PROFILE_INVALID', 'the document signer key is the IACA key; the IACA key must only sign certificates and CRLs');

  const signer = await createSignerCrypto(options.iacaSigner);
  if (!bytesEqual(signer.spki, iaca.publicKey.rawData)) {
    throw new PkiError('SIGNER_MISMATCH', `iacaSigner ${options.iacaSigner.keyId} does not hold the key of the IACA certificate ${iaca.subject}`, { keyId: options.iacaSigner.keyId });
  }
  const certificate = await X509CertificateGenerator.create(
    {
      serialNumber,
      subject,
      issuer: iaca.subjectName,
      notBefore: validity.notBefore,
      notAfter: validity.notAfter,
      publicKey: toArrayBuffer(spki),
      signingKey: signer.signingKey,
      signingAlgorithm: signer.signingAlgorithm,
      extensions: [
        new AuthorityKeyIdentifierExtension(iacaKeyId, false),
        await SubjectKeyIdentifierExtension.create(toArrayBuffer(spki), false, signer.crypto),
        new KeyUsagesExtension(KeyUsageFlags.digitalSignature, true),
        new ExtendedKeyUsageExtension([OID_MDL_DOCUMENT_SIGNER_EKU], true),
        issuerAltName,
        crlDistributionPoints,
      ],
    },
    signer.crypto,
  );
  const der = new Uint8Array(certificate.rawData);
  const check = await verifySignedData(certificateSignedData(der), iaca.publicKey.rawData);
  if (!check.valid) throw new PkiError('SIGNER_MISMATCH', `the document signer certificate signed by ${options.iacaSigner.keyId} does not verify with the IACA key: ${check.reason}`, { keyId: options.iacaSigner.keyId });
  return parseCertificate(der, 'document signer certificate');
}

function assertDocumentSignerKey(spki: Uint8Array, code: 'CSR_INVALID' | 'CERT_PROFILE_INVALID'): void {
  let key;
  try {
    key = parsePublicKeyInfo(spki);
  } catch (error) {
    throw new PkiError(code, `document signer public key is not a DER SubjectPublicKeyInfo: ${(error as Error).message}`, {}, { cause: error });
  }
  if (!key.curve) throw new PkiError(code, `document signer key must be an EC key on P-256, P-384 or P-521 (got ${key.curveOid ?? key.algorithmOid})`);
  if (key.publicKey[0] !== 0x04) throw new PkiError(code, 'document signer EC public key must be in uncompressed form (Annex B)');
}

function copyIacaExtension(iaca: X509Certificate, oid: string, name: string): Extension {
  const source = iaca.extensions.find((extension) => extension.type === oid);
  if (!source) throw new PkiError('CERT_PROFILE_INVALID', `no ${name} given and the IACA certificate has none to copy; Annex B makes ${name} mandatory`);
  return new Extension(oid, false, source.value);
}
