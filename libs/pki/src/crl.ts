import { ecdsaRawToDer, type HashName, type Signer } from '@citizen-zero/signing';
import { AsnConvert, OctetString } from '@peculiar/asn1-schema';
import { AlgorithmIdentifier, CertificateList, CRLReason, Extension as AsnExtension, Name as AsnName, RevokedCertificate, TBSCertList, Time, Version } from '@peculiar/asn1-x509';
import { bytesEqual, fromHex, toArrayBuffer, toHex } from './bytes';
import { parseCertificate, type CertificateInput } from './certificate-input';
import { readCertificateExtensions } from './certificate-extensions';
import { derUnsignedInteger } from './der';
import { OID_EXT } from './oids';
import { PkiError } from './pki-error';
import { normalizeSerialHex } from './serial-number';
import { createSignerCrypto } from './signer-crypto';
import { crlSignedData, verifySignedData } from './signature-verification';
import { AuthorityKeyIdentifierExtension, Extension, PemConverter, X509Crl, X509CrlReason } from './x509';

/** CRLReason values (RFC 5280 §5.3.1). `removeFromCRL` only belongs in delta CRLs and is not accepted here. */
export type CrlReason =
  | 'unspecified'
  | 'keyCompromise'
  | 'cACompromise'
  | 'affiliationChanged'
  | 'superseded'
  | 'cessationOfOperation'
  | 'certificateHold'
  | 'privilegeWithdrawn'
  | 'aACompromise';

export const CRL_REASONS: Readonly<Record<CrlReason, X509CrlReason>> = {
  unspecified: X509CrlReason.unspecified,
  keyCompromise: X509CrlReason.keyCompromise,
  cACompromise: X509CrlReason.cACompromise,
  affiliationChanged: X509CrlReason.affiliationChanged,
  superseded: X509CrlReason.superseded,
  cessationOfOperation: X509CrlReason.cessationOfOperation,
  certificateHold: X509CrlReason.certificateHold,
  privilegeWithdrawn: X509CrlReason.privilegeWithdrawn,
  aACompromise: X509CrlReason.aACompromise,
};

export interface RevokedCertificateInput {
  /** Serial number as hex (as `X509Certificate.serialNumber` prints it) or unsigned big-endian bytes. */
  readonly serialNumber: string | Uint8Array;
  readonly revocationDate: Date;
  /** Encoded as the reasonCode entry extension unless `unspecified`, which RFC 5280 §5.3.1 says to omit. */
  readonly reason?: CrlReason;
}

export interface CreateCrlOptions {
  /** The IACA key; must be the key of `iacaCertificate`. */
  readonly iacaSigner: Signer;
  readonly iacaCertificate: CertificateInput;
  readonly thisUpdate: Date;
  /** Mandatory in the Annex B / RFC 5280 §5.1.2.5 profile; relying parties treat the CRL as stale after it. */
  readonly nextUpdate: Date;
  readonly revoked: readonly RevokedCertificateInput[];
  /**
   * cRLNumber (RFC 5280 §5.2.3), which must increase with every CRL the IACA issues. Defaults to
   * thisUpdate in seconds since the epoch, which increases as long as thisUpdate does.
   */
  readonly crlNumber?: bigint;
}

/**
 * Creates a CRL issued and signed by the IACA (through the adapter of {@link createSignerCrypto}),
 * following RFC 5280 §5 and the CRL profile of
 * ISO/IEC 18013-5:2021 Annex B: version 2, issuer = the IACA subject (byte for byte), ECDSA
 * signature by the IACA, thisUpdate and nextUpdate (UTCTime until 2049, §5.1.2.4), one entry per
 * revoked serial, and the CRL extensions authorityKeyIdentifier = the IACA's subjectKeyIdentifier
 * (§5.2.1) and cRLNumber (§5.2.3), both non-critical. Without revoked certificates the
 * revokedCertificates field is omitted (§5.1.2.6).
 *
 * The TBSCertList is built here rather than with `X509CrlGenerator`, which writes an empty
 * crlEntryExtensions SEQUENCE for entries without extensions (RFC 5280 requires SIZE (1..MAX)).
 *
 * Note: the Annex B CRL profile (Table B.10 of the newer edition) says CRL entry extensions shall
 * not be used; pass no `reason` (or `unspecified`) to produce entries without extensions.
 *
 * Throws {@link PkiError}: `CRL_INVALID` (dates, duplicate or malformed serials),
 * `CERT_PROFILE_INVALID` (the IACA certificate cannot sign CRLs), `SIGNER_MISMATCH`.
 */
export async function createCrl(options: CreateCrlOptions): Promise<X509Crl> {
  const iaca = parseCertificate(options.iacaCertificate, 'IACA certificate');
  const extensions = readCertificateExtensions(iaca);
  if (extensions.keyUsage && !extensions.keyUsage.usages.includes('cRLSign')) throw new PkiError('CERT_PROFILE_INVALID', 'the IACA certificate keyUsage lacks cRLSign: it cannot sign CRLs (RFC 5280 §4.2.1.3)');
  const keyId = extensions.subjectKeyIdentifier?.keyId;
  if (!keyId) throw new PkiError('CERT_PROFILE_INVALID', 'the IACA certificate has no subjectKeyIdentifier for the CRL authorityKeyIdentifier (RFC 5280 §5.2.1)');
  const thisUpdate = wholeSeconds(options.thisUpdate, 'thisUpdate');
  const nextUpdate = wholeSeconds(options.nextUpdate, 'nextUpdate');
  if (nextUpdate.getTime() <= thisUpdate.getTime()) throw new PkiError('CRL_INVALID', `nextUpdate ${nextUpdate.toISOString()} must be after thisUpdate ${thisUpdate.toISOString()}`);
  const crlNumber = options.crlNumber ?? BigInt(Math.floor(thisUpdate.getTime() / 1000));
  if (crlNumber < 0n || derUnsignedInteger(crlNumber).length > 22) throw new PkiError('CRL_INVALID', 'cRLNumber must be a non-negative integer of at most 20 octets (RFC 5280 §5.2.3)');

  const seen = new Set<string>();
  const entries: RevokedCertificate[] = options.revoked.map((entry, index) => {
    const serial = serialHex(entry.serialNumber, index);
    if (seen.has(serial)) throw new PkiError('CRL_INVALID', `serial number ${serial} is listed twice`);
    seen.add(serial);
    const revocationDate = wholeSeconds(entry.revocationDate, `revoked[${index}].revocationDate`);
    if (entry.reason !== undefined && !(entry.reason in CRL_REASONS)) throw new PkiError('CRL_INVALID', `revoked[${index}].reason "${String(entry.reason)}" is not a CRLReason this profile accepts`);
    return revokedCertificate(serial, revocationDate, entry.reason);
  });

  const signer = await createSignerCrypto(options.iacaSigner);
  if (!bytesEqual(signer.spki, iaca.publicKey.rawData)) {
    throw new PkiError('SIGNER_MISMATCH', `iacaSigner ${options.iacaSigner.keyId} does not hold the key of the IACA certificate ${iaca.subject}`, { keyId: options.iacaSigner.keyId });
  }
  const signatureAlgorithm = new AlgorithmIdentifier({ algorithm: ECDSA_WITH[signer.signingAlgorithm.hash] });
  const tbsCertList = new TBSCertList({
    version: Version.v2,
    signature: signatureAlgorithm,
    issuer: AsnConvert.parse(iaca.subjectName.toArrayBuffer(), AsnName),
    thisUpdate: new Time(thisUpdate),
    nextUpdate: new Time(nextUpdate),
    ...(entries.length > 0 && { revokedCertificates: entries }),
    crlExtensions: [asnExtension(new AuthorityKeyIdentifierExtension(keyId, false)), asnExtension(new Extension(OID_EXT.cRLNumber, false, toArrayBuffer(derUnsignedInteger(crlNumber))))],
  });
  const tbs = AsnConvert.serialize(tbsCertList);
  const raw = new Uint8Array(await signer.crypto.subtle.sign(signer.signingAlgorithm, signer.signingKey, tbs));
  const der = new Uint8Array(AsnConvert.serialize(new CertificateList({ tbsCertList, signatureAlgorithm, signature: toArrayBuffer(ecdsaRawToDer(raw)) })));
  const check = await verifySignedData(crlSignedData(der), iaca.publicKey.rawData);
  if (!check.valid) throw new PkiError('SIGNER_MISMATCH', `the CRL signed by ${options.iacaSigner.keyId} does not verify with the IACA key: ${check.reason}`, { keyId: options.iacaSigner.keyId });
  return new X509Crl(toArrayBuffer(der));
}

/** PEM of a CRL with the RFC 7468 §6 label "X509 CRL" (@peculiar/x509 writes "CRL", which OpenSSL rejects). */
export function crlPem(crl: X509Crl | Uint8Array): string {
  return PemConverter.encode(crl instanceof X509Crl ? crl.rawData : toArrayBuffer(crl), 'X509 CRL');
}

const ECDSA_WITH: Readonly<Record<HashName, string>> = { 'SHA-256': '1.2.840.10045.4.3.2', 'SHA-384': '1.2.840.10045.4.3.3', 'SHA-512': '1.2.840.10045.4.3.4' };

function asnExtension(extension: Extension): AsnExtension {
  return AsnConvert.parse(extension.rawData, AsnExtension);
}

function revokedCertificate(serial: string, revocationDate: Date, reason: CrlReason | undefined): RevokedCertificate {
  return new RevokedCertificate({
    userCertificate: toArrayBuffer(positiveIntegerContent(fromHex(serial))),
    revocationDate: new Time(revocationDate),
    // reasonCode (RFC 5280 §5.3.1) only when it says something; crlEntryExtensions is omitted, never empty.
    ...(reason !== undefined &&
      reason !== 'unspecified' && {
        crlEntryExtensions: [new AsnExtension({ extnID: OID_EXT.cRLReason, critical: false, extnValue: new OctetString(AsnConvert.serialize(new CRLReason(CRL_REASONS[reason] as number))) })],
      }),
  });
}

function positiveIntegerContent(bytes: Uint8Array): Uint8Array {
  return (bytes[0] ?? 0) & 0x80 ? Uint8Array.of(0, ...bytes) : bytes;
}

function serialHex(serial: string | Uint8Array, index: number): string {
  let hex: string;
  if (typeof serial === 'string') {
    const trimmed = serial.replace(/[:\s]/g, '');
    if (!/^[0-9a-fA-F]+$/.test(trimmed)) throw new PkiError('CRL_INVALID', `revoked[${index}].serialNumber is not hexadecimal`);
    hex = trimmed.length % 2 ? `0${trimmed}` : trimmed;
  } else {
    hex = toHex(serial);
  }
  const normalized = normalizeSerialHex(hex);
  if (fromHex(normalized).every((byte) => byte === 0)) throw new PkiError('CRL_INVALID', `revoked[${index}].serialNumber must be positive`);
  return normalized;
}

function wholeSeconds(date: Date, what: string): Date {
  if (!(date instanceof Date) || Number.isNaN(date.getTime())) throw new PkiError('CRL_INVALID', `${what} is not a valid Date`);
  return new Date(Math.floor(date.getTime() / 1000) * 1000);
}
