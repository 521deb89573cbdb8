import { AsnConvert } from '@peculiar/asn1-schema';
import { Certificate, Version, type Name as AsnName } from '@peculiar/asn1-x509';
import { ANNEX_B, ECDSA_SIGNATURE_ALGORITHMS, FORBIDDEN_EXTENSIONS, signatureAlgorithmName } from './annex-b';
import { bytesEqual, toArrayBuffer, toHex } from './bytes';
import { parseCertificate, type CertificateInput } from './certificate-input';
import { readCertificateExtensions, type CertificateExtensions, type KeyUsageName } from './certificate-extensions';
import { countryOf, distinguishedNamesMatch } from './distinguished-name';
import { OID_ATTR, OID_EXT, OID_MDL_DOCUMENT_SIGNER_EKU } from './oids';
import { PkiError } from './pki-error';
import { parsePublicKeyInfo } from './public-key';
import { certificateSignedData, verifySignedData } from './signature-verification';
import { addUtcYears } from './validity';
import type { X509Certificate } from './x509';

/** The Annex B certificate profiles this library checks. */
export type CertificateProfile = 'iaca' | 'document-signer';

/** Stable codes of {@link validateCertificateProfile} findings. */
export const PROFILE_FINDING_CODES = [
  'CERT_MALFORMED',
  'VERSION_NOT_V3',
  'SERIAL_NUMBER_NOT_POSITIVE',
  'SERIAL_NUMBER_TOO_LONG',
  'SERIAL_NUMBER_TOO_SHORT',
  'SIGNATURE_ALGORITHM_UNSUPPORTED',
  'SIGNATURE_ALGORITHM_MISMATCH',
  'SIGNATURE_INVALID',
  'ISSUER_NOT_SUBJECT',
  'ISSUER_NAME_MISMATCH',
  'SUBJECT_COUNTRY_MISSING',
  'SUBJECT_COUNTRY_INVALID',
  'SUBJECT_COUNTRY_NOT_PRINTABLE_STRING',
  'SUBJECT_COMMON_NAME_MISSING',
  'COUNTRY_MISMATCH',
  'VALIDITY_INVALID',
  'VALIDITY_TOO_LONG',
  'VALIDITY_OUTSIDE_ISSUER',
  'CERTIFICATE_NOT_YET_VALID',
  'CERTIFICATE_EXPIRED',
  'PUBLIC_KEY_UNSUPPORTED',
  'PUBLIC_KEY_NOT_UNCOMPRESSED',
  'EXTENSION_FORBIDDEN',
  'EXTENSION_DUPLICATE',
  'EXTENSION_UNKNOWN_CRITICAL',
  'BASIC_CONSTRAINTS_MISSING',
  'BASIC_CONSTRAINTS_NOT_CRITICAL',
  'BASIC_CONSTRAINTS_INVALID',
  'KEY_USAGE_MISSING',
  'KEY_USAGE_NOT_CRITICAL',
  'KEY_USAGE_INVALID',
  'EXTENDED_KEY_USAGE_MISSING',
  'EXTENDED_KEY_USAGE_NOT_CRITICAL',
  'EXTENDED_KEY_USAGE_INVALID',
  'SUBJECT_KEY_IDENTIFIER_MISSING',
  'SUBJECT_KEY_IDENTIFIER_CRITICAL',
  'SUBJECT_KEY_IDENTIFIER_NOT_SHA1',
  'AUTHORITY_KEY_IDENTIFIER_MISSING',
  'AUTHORITY_KEY_IDENTIFIER_MISMATCH',
  'ISSUER_ALT_NAME_MISSING',
  'ISSUER_ALT_NAME_CRITICAL',
  'ISSUER_ALT_NAME_INVALID',
  'CRL_DISTRIBUTION_POINTS_MISSING',
  'CRL_DISTRIBUTION_POINTS_CRITICAL',
  'CRL_DISTRIBUTION_POINTS_INVALID',
] as const;

export type ProfileFindingCode = (typeof PROFILE_FINDING_CODES)[number];

export interface ProfileFinding {
  readonly code: ProfileFindingCode;
  /** `error`: the certificate does not conform; `warning`: conforms but deviates from a recommendation or common practice. */
  readonly severity: 'error' | 'warning';
  readonly message: string;
  /** Where the requirement comes from, e.g. "ISO/IEC 18013-5:2021 B.1.2 Table B.1" or "RFC 5280 §4.2.1.9". */
  readonly reference: string;
}

export interface ValidateCertificateProfileOptions {
  /** For a document signer: the IACA that should have issued it (checks name chaining, AKI, signature, country, validity nesting). */
  readonly issuer?: CertificateInput;
  /** Also report the certificate as not yet valid / expired at this time. */
  readonly at?: Date;
}

const IACA = 'ISO/IEC 18013-5:2021 B.1.2 Table B.1';
const DS = 'ISO/IEC 18013-5:2021 B.1.4 Table B.3';
const GENERAL = 'ISO/IEC 18013-5:2021 B.1.1';
const KNOWN_EXTENSIONS: ReadonlySet<string> = new Set(Object.values(OID_EXT));

/**
 * Checks a certificate against the ISO/IEC 18013-5:2021 Annex B profile of an IACA root certificate
 * (B.1.2, Table B.1) or a document signer certificate (B.1.4, Table B.3), plus the RFC 5280 rules
 * those tables build on. Meant for a security officer adding an IACA to the trust list, or for
 * checking a document signer before use; it does not decide trust (see `validateCertificatePath`).
 *
 * Returns every finding (empty when the certificate conforms); a certificate conforms when no
 * finding has severity `error`. An unparseable certificate yields a single `CERT_MALFORMED` finding.
 */
export async function validateCertificateProfile(input: CertificateInput, profile: CertificateProfile, options: ValidateCertificateProfileOptions = {}): Promise<ProfileFinding[]> {
  const findings: ProfileFinding[] = [];
  const add = (code: ProfileFindingCode, message: string, reference: string, severity: 'error' | 'warning' = 'error'): void => void findings.push({ code, severity, message, reference });
  const ref = profile === 'iaca' ? IACA : DS;

  let certificate: X509Certificate;
  let extensions: CertificateExtensions;
  let asn: Certificate;
  try {
    certificate = parseCertificate(input);
    extensions = readCertificateExtensions(certificate);
    asn = AsnConvert.parse(certificate.rawData, Certificate);
  } catch (error) {
    return [{ code: 'CERT_MALFORMED', severity: 'error', message: error instanceof PkiError ? error.message : `certificate is malformed: ${(error as Error).message}`, reference: 'RFC 5280 §4.1' }];
  }
  const tbs = asn.tbsCertificate;

  // Version and serial number (RFC 5280 §4.1.2.1, §4.1.2.2).
  if (tbs.version !== Version.v3) add('VERSION_NOT_V3', `version is v${tbs.version + 1}; Annex B requires v3`, ref);
  const serial = new Uint8Array(tbs.serialNumber);
  if (serial.length === 0 || (serial[0]! & 0x80) !== 0 || serial.every((byte) => byte === 0)) add('SERIAL_NUMBER_NOT_POSITIVE', 'serial number must be a positive integer', 'RFC 5280 §4.1.2.2');
  if (serial.length > ANNEX_B.serialNumberMaxOctets) add('SERIAL_NUMBER_TOO_LONG', `serial number is ${serial.length} octets; at most ${ANNEX_B.serialNumberMaxOctets} are allowed`, `${ref}, RFC 5280 §4.1.2.2`);
  const significant = serial[0] === 0 ? serial.length - 1 : serial.length;
  if (significant < ANNEX_B.serialNumberMinOctets) add('SERIAL_NUMBER_TOO_SHORT', `serial number has ${significant} octet(s); it cannot hold the 63 bits of CSPRNG output Annex B requires`, ref);

  // Signature algorithm and signature (RFC 5280 §4.1.1.2, §4.1.2.3).
  const signatureOid = asn.signatureAlgorithm.algorithm;
  if (!ECDSA_SIGNATURE_ALGORITHMS[signatureOid]) add('SIGNATURE_ALGORITHM_UNSUPPORTED', `signature algorithm ${signatureAlgorithmName(signatureOid)} is not ECDSA with SHA-256/384/512`, ref);
  if (tbs.signature.algorithm !== signatureOid) add('SIGNATURE_ALGORITHM_MISMATCH', `TBSCertificate.signature ${tbs.signature.algorithm} differs from signatureAlgorithm ${signatureOid}`, 'RFC 5280 §4.1.1.2');

  let issuer: X509Certificate | undefined;
  if (options.issuer !== undefined) {
    try {
      issuer = parseCertificate(options.issuer, 'issuer certificate');
    } catch (error) {
      add('CERT_MALFORMED', `issuer certificate: ${(error as Error).message}`, 'RFC 5280 §4.1');
    }
  }
  const verifyingKey = profile === 'iaca' ? certificate.publicKey.rawData : issuer?.publicKey.rawData;
  if (verifyingKey) {
    const check = await verifySignedData(certificateSignedData(certificate.rawData), verifyingKey);
    if (!check.valid) add('SIGNATURE_INVALID', profile === 'iaca' ? `self-signature does not verify: ${check.reason}` : `signature does not verify with the issuer key: ${check.reason}`, 'RFC 5280 §6.1.3 (a)(1)');
  }

  // Issuer and subject names.
  if (profile === 'iaca' && !bytesEqual(certificate.issuerName.toArrayBuffer(), certificate.subjectName.toArrayBuffer())) {
    add('ISSUER_NOT_SUBJECT', 'an IACA root certificate is self-issued: issuer must be identical to subject', IACA);
  }
  if (issuer && !distinguishedNamesMatch(certificate.issuerName, issuer.subjectName)) add('ISSUER_NAME_MISMATCH', `issuer ${certificate.issuer} is not the IACA subject ${issuer.subject}`, DS);
  checkSubject(tbs.subject, ref, add);
  if (issuer) {
    const country = countryOf(certificate.subjectName);
    const issuerCountry = countryOf(issuer.subjectName);
    if (country !== issuerCountry) add('COUNTRY_MISMATCH', `subject country ${country ?? '(none)'} differs from the IACA country ${issuerCountry ?? '(none)'}`, DS);
  }

  // Validity (RFC 5280 §4.1.2.5; Annex B maxima).
  const { notBefore, notAfter } = certificate;
  if (notAfter.getTime() <= notBefore.getTime()) add('VALIDITY_INVALID', `notAfter ${notAfter.toISOString()} is not after notBefore ${notBefore.toISOString()}`, 'RFC 5280 §4.1.2.5');
  else if (profile === 'iaca' && notAfter.getTime() > addUtcYears(notBefore, ANNEX_B.iacaMaxValidityYears).getTime()) {
    add('VALIDITY_TOO_LONG', `validity exceeds ${ANNEX_B.iacaMaxValidityYears} years`, IACA);
  } else if (profile === 'document-signer' && notAfter.getTime() - notBefore.getTime() > ANNEX_B.documentSignerMaxValidityDays * 86_400_000) {
    add('VALIDITY_TOO_LONG', `validity exceeds ${ANNEX_B.documentSignerMaxValidityDays} days`, DS);
  }
  if (issuer && (notBefore.getTime() < issuer.notBefore.getTime() || notAfter.getTime() > issuer.notAfter.getTime())) {
    add('VALIDITY_OUTSIDE_ISSUER', `validity ${notBefore.toISOString()} – ${notAfter.toISOString()} is not within the IACA validity`, DS, 'warning');
  }
  if (options.at) {
    if (options.at.getTime() < notBefore.getTime()) add('CERTIFICATE_NOT_YET_VALID', `not valid before ${notBefore.toISOString()}`, 'RFC 5280 §4.1.2.5');
    else if (options.at.getTime() > notAfter.getTime()) add('CERTIFICATE_EXPIRED', `expired ${notAfter.toISOString()}`, 'RFC 5280 §4.1.2.5');
  }

  // Subject public key (RFC 5480).
  try {
    const key = parsePublicKeyInfo(certificate.publicKey.rawData);
    if (!key.curve) add('PUBLIC_KEY_UNSUPPORTED', `public key is not an EC key on P-256, P-384 or P-521 (${key.curveOid ?? key.algorithmOid})`, `${ref}, RFC 5480 §2.1.1`);
    else if (key.publicKey[0] !== 0x04) add('PUBLIC_KEY_NOT_UNCOMPRESSED', 'EC public key is not in uncompressed form', ref);
  } catch (error) {
    add('PUBLIC_KEY_UNSUPPORTED', `public key cannot be parsed: ${(error as Error).message}`, 'RFC 5280 §4.1.2.7');
  }

  // Extensions common to both profiles.
  for (const { oid, critical } of extensions.all) {
    const forbidden = FORBIDDEN_EXTENSIONS[oid];
    if (forbidden) add('EXTENSION_FORBIDDEN', `${forbidden} (${oid}) shall not be used`, GENERAL);
    else if (critical && !KNOWN_EXTENSIONS.has(oid)) add('EXTENSION_UNKNOWN_CRITICAL', `unrecognised critical extension ${oid}`, 'RFC 5280 §4.2');
  }
  for (const oid of extensions.duplicates) add('EXTENSION_DUPLICATE', `extension ${oid} appears more than once`, 'RFC 5280 §4.2');
  await checkSubjectKeyIdentifier(certificate, extensions, ref, add);
  checkIssuerAltName(extensions, ref, add);
  checkCrlDistributionPoints(extensions, ref, add);

  if (profile === 'iaca') checkIacaExtensions(extensions, add);
  else checkDocumentSignerExtensions(extensions, issuer, add);
  return findings;
}

type Add = (code: ProfileFindingCode, message: string, reference: string, severity?: 'error' | 'warning') => void;

function checkSubject(subject: AsnName, ref: string, add: Add): void {
  const attributes = subject.flatMap((rdn) => [...rdn]);
  const country = attributes.find((attribute) => attribute.type === OID_ATTR.countryName);
  if (!country) add('SUBJECT_COUNTRY_MISSING', 'subject has no countryName', ref);
  else {
    const value = country.value.toString();
    if (!/^[A-Z]{2}$/.test(value)) add('SUBJECT_COUNTRY_INVALID', `subject countryName "${value.slice(0, 16)}" is not an upper-case ISO 3166-1 alpha-2 code`, ref);
    if (country.value.printableString === undefined) add('SUBJECT_COUNTRY_NOT_PRINTABLE_STRING', 'subject countryName is not a PrintableString', 'X.520 countryName, RFC 5280 Appendix A.1', 'warning');
  }
  if (!attributes.some((attribute) => attribute.type === OID_ATTR.commonName)) add('SUBJECT_COMMON_NAME_MISSING', 'subject has no commonName', ref);
}

async function checkSubjectKeyIdentifier(certificate: X509Certificate, extensions: CertificateExtensions, ref: string, add: Add): Promise<void> {
  const ski = extensions.subjectKeyIdentifier;
  if (!ski) return void add('SUBJECT_KEY_IDENTIFIER_MISSING', 'subjectKeyIdentifier is mandatory', ref);
  if (ski.critical) add('SUBJECT_KEY_IDENTIFIER_CRITICAL', 'subjectKeyIdentifier must not be critical', 'RFC 5280 §4.2.1.2');
  try {
    const key = parsePublicKeyInfo(certificate.publicKey.rawData);
    const sha1 = toHex(await globalThis.crypto.subtle.digest('SHA-1', toArrayBuffer(key.publicKey)));
    if (sha1 !== ski.keyId) add('SUBJECT_KEY_IDENTIFIER_NOT_SHA1', 'subjectKeyIdentifier is not the SHA-1 hash of the subjectPublicKey (RFC 5280 §4.2.1.2 method 1, which Annex B specifies)', ref, 'warning');
  } catch {
    // The public key finding already covers an unparseable key.
  }
}

function checkIssuerAltName(extensions: CertificateExtensions, ref: string, add: Add): void {
  const ian = extensions.issuerAlternativeName;
  if (!ian) return void add('ISSUER_ALT_NAME_MISSING', 'issuerAltName is mandatory', ref);
  if (ian.critical) add('ISSUER_ALT_NAME_CRITICAL', 'issuerAltName should not be critical', 'RFC 5280 §4.2.1.7', 'warning');
  if (!ian.names.some((name) => name.type === 'url' || name.type === 'email')) add('ISSUER_ALT_NAME_INVALID', 'issuerAltName must contain a URI or an rfc822Name (e-mail)', ref);
  const other = ian.names.filter((name) => name.type !== 'url' && name.type !== 'email');
  if (other.length > 0) add('ISSUER_ALT_NAME_INVALID', `issuerAltName contains name types other than URI and rfc822Name (${other.map((name) => name.type).join(', ')})`, ref, 'warning');
}

function checkCrlDistributionPoints(extensions: CertificateExtensions, ref: string, add: Add): void {
  const points = extensions.crlDistributionPoints;
  if (!points) return void add('CRL_DISTRIBUTION_POINTS_MISSING', 'cRLDistributionPoints is mandatory', ref);
  if (points.critical) add('CRL_DISTRIBUTION_POINTS_CRITICAL', 'cRLDistributionPoints should not be critical', 'RFC 5280 §4.2.1.13', 'warning');
  if (points.uris.length === 0) add('CRL_DISTRIBUTION_POINTS_INVALID', 'cRLDistributionPoints has no distributionPoint URI', ref);
  if (points.usesForbiddenFields) add('CRL_DISTRIBUTION_POINTS_INVALID', 'cRLDistributionPoints uses reasons, cRLIssuer or nameRelativeToCRLIssuer, which shall not be used', ref);
}

function checkIacaExtensions(extensions: CertificateExtensions, add: Add): void {
  const basic = extensions.basicConstraints;
  if (!basic) add('BASIC_CONSTRAINTS_MISSING', 'basicConstraints is mandatory', IACA);
  else {
    if (!basic.critical) add('BASIC_CONSTRAINTS_NOT_CRITICAL', 'basicConstraints must be critical', `${IACA}, RFC 5280 §4.2.1.9`);
    if (!basic.ca) add('BASIC_CONSTRAINTS_INVALID', 'basicConstraints cA must be TRUE', IACA);
    else if (basic.pathLength !== 0) add('BASIC_CONSTRAINTS_INVALID', `basicConstraints pathLenConstraint must be 0 (is ${basic.pathLength ?? 'absent'})`, IACA);
  }
  checkKeyUsage(extensions, ['keyCertSign', 'cRLSign'], IACA, add);
  const aki = extensions.authorityKeyIdentifier;
  if (aki?.keyId && extensions.subjectKeyIdentifier && aki.keyId !== extensions.subjectKeyIdentifier.keyId) {
    add('AUTHORITY_KEY_IDENTIFIER_MISMATCH', 'a self-signed IACA certificate authorityKeyIdentifier, when present, should equal its subjectKeyIdentifier', 'RFC 5280 §4.2.1.1', 'warning');
  }
}

function checkDocumentSignerExtensions(extensions: CertificateExtensions, issuer: X509Certificate | undefined, add: Add): void {
  if (extensions.basicConstraints?.ca) add('BASIC_CONSTRAINTS_INVALID', 'a document signer certificate must not be a CA (basicConstraints cA=TRUE)', DS);
  checkKeyUsage(extensions, ['digitalSignature'], DS, add);
  const eku = extensions.extendedKeyUsage;
  if (!eku) add('EXTENDED_KEY_USAGE_MISSING', `extKeyUsage with ${OID_MDL_DOCUMENT_SIGNER_EKU} (id-mdl-kp-mdlDS) is mandatory`, DS);
  else {
    if (!eku.usages.includes(OID_MDL_DOCUMENT_SIGNER_EKU)) add('EXTENDED_KEY_USAGE_INVALID', `extKeyUsage (${eku.usages.join(', ')}) lacks ${OID_MDL_DOCUMENT_SIGNER_EKU}`, DS);
    if (!eku.critical) add('EXTENDED_KEY_USAGE_NOT_CRITICAL', 'extKeyUsage should be critical', DS, 'warning');
  }
  const aki = extensions.authorityKeyIdentifier;
  if (!aki?.keyId) add('AUTHORITY_KEY_IDENTIFIER_MISSING', 'authorityKeyIdentifier with a keyIdentifier is mandatory', `${DS}, RFC 5280 §4.2.1.1`);
  else if (issuer) {
    let issuerKeyId: string | undefined;
    try {
      issuerKeyId = readCertificateExtensions(issuer).subjectKeyIdentifier?.keyId;
    } catch {
      issuerKeyId = undefined;
    }
    if (issuerKeyId && aki.keyId !== issuerKeyId) add('AUTHORITY_KEY_IDENTIFIER_MISMATCH', `authorityKeyIdentifier ${aki.keyId} is not the IACA subjectKeyIdentifier ${issuerKeyId}`, DS);
  }
}

function checkKeyUsage(extensions: CertificateExtensions, expected: readonly KeyUsageName[], ref: string, add: Add): void {
  const keyUsage = extensions.keyUsage;
  if (!keyUsage) return void add('KEY_USAGE_MISSING', `keyUsage (${expected.join(', ')}) is mandatory`, ref);
  if (!keyUsage.critical) add('KEY_USAGE_NOT_CRITICAL', 'keyUsage must be critical', ref);
  const missing = expected.filter((usage) => !keyUsage.usages.includes(usage));
  const extra = keyUsage.usages.filter((usage) => !expected.includes(usage));
  if (missing.length > 0 || extra.length > 0) {
    add('KEY_USAGE_INVALID', `keyUsage must be exactly ${expected.join(' + ')} (${[missing.length ? `missing ${missing.join(', ')}` : '', extra.length ? `unexpected ${extra.join(', ')}` : ''].filter(Boolean).join('; ')})`, ref);
  }
}
