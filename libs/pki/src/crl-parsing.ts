import { toArrayBuffer } from './bytes';
import { parseCertificate, type CertificateInput } from './certificate-input';
import { readCertificateExtensions } from './certificate-extensions';
import { CRL_REASONS, type CrlReason } from './crl';
import { integerContentToBigInt } from './der';
import { distinguishedNamesMatch } from './distinguished-name';
import { OID_EXT } from './oids';
import { PkiError } from './pki-error';
import { normalizeSerialHex } from './serial-number';
import { crlSignedData, verifySignedData } from './signature-verification';
import { AuthorityKeyIdentifierExtension, PemConverter, X509Crl, type X509Certificate } from './x509';

/** A CRL as callers hold it: DER bytes, PEM ("X509 CRL"), or parsed. */
export type CrlInput = Uint8Array | ArrayBuffer | string | X509Crl;

export interface CrlEntryInfo {
  /** Lower-case hex without leading zero octets (compare with {@link normalizeSerialHex}). */
  readonly serialNumber: string;
  readonly revocationDate: Date;
  readonly reason?: CrlReason;
}

/** The fields of a CRL (RFC 5280 §5.1) that revocation checking and the console need. */
export interface ParsedCrl {
  readonly crl: X509Crl;
  readonly der: Uint8Array;
  readonly issuer: string;
  readonly thisUpdate: Date;
  readonly nextUpdate?: Date;
  /** cRLNumber (RFC 5280 §5.2.3), if present. */
  readonly crlNumber?: bigint;
  /** keyIdentifier of the authorityKeyIdentifier extension (RFC 5280 §5.2.1), lower-case hex, if present. */
  readonly authorityKeyIdentifier?: string;
  readonly entries: readonly CrlEntryInfo[];
}

const REASON_NAMES = new Map(Object.entries(CRL_REASONS).map(([name, value]) => [value as number, name as CrlReason]));
const KNOWN_CRL_EXTENSIONS: ReadonlySet<string> = new Set([OID_EXT.authorityKeyIdentifier, OID_EXT.cRLNumber]);
const KNOWN_ENTRY_EXTENSIONS: ReadonlySet<string> = new Set([OID_EXT.cRLReason, '2.5.29.24' /* invalidityDate */]);

/** Parses a CRL. Throws {@link PkiError} `CRL_INVALID` if it is not a well-formed DER/PEM CertificateList. */
export function parseCrl(input: CrlInput): ParsedCrl {
  try {
    let crl: X509Crl;
    if (input instanceof X509Crl) crl = input;
    else if (typeof input === 'string') {
      const blocks = PemConverter.isPem(input) ? PemConverter.decodeWithHeaders(input).filter((block) => block.type === 'X509 CRL') : [];
      if (blocks.length !== 1) throw new Error(`expected PEM with exactly one X509 CRL block, found ${blocks.length}`);
      crl = new X509Crl(blocks[0]!.rawData);
    } else crl = new X509Crl(input instanceof Uint8Array ? toArrayBuffer(input) : input.slice(0));
    const crlNumberExtension = crl.extensions.find((extension) => extension.type === OID_EXT.cRLNumber);
    const aki = crl.getExtension(AuthorityKeyIdentifierExtension);
    return {
      crl,
      der: new Uint8Array(crl.rawData),
      issuer: crl.issuer,
      thisUpdate: crl.thisUpdate,
      ...(crl.nextUpdate && { nextUpdate: crl.nextUpdate }),
      ...(crlNumberExtension && { crlNumber: decodeInteger(new Uint8Array(crlNumberExtension.value)) }),
      ...(aki?.keyId !== undefined && { authorityKeyIdentifier: aki.keyId.toLowerCase() }),
      entries: crl.entries.map((entry) => {
        const reason = entry.reason === undefined ? undefined : REASON_NAMES.get(entry.reason);
        return { serialNumber: normalizeSerialHex(entry.serialNumber), revocationDate: entry.revocationDate, ...(reason && { reason }) };
      }),
    };
  } catch (error) {
    if (error instanceof PkiError) throw error;
    throw new PkiError('CRL_INVALID', `not a valid CRL: ${(error as Error).message}`, {}, { cause: error });
  }
}

/** The CRL entry for a certificate serial number (hex, any case, leading zeros ignored), if the CRL lists it. */
export function findRevokedEntry(crl: ParsedCrl, serialNumber: string): CrlEntryInfo | undefined {
  const wanted = normalizeSerialHex(serialNumber);
  return crl.entries.find((entry) => entry.serialNumber === wanted);
}

export interface CrlVerification {
  readonly valid: boolean;
  /** Why the CRL cannot be used; empty when valid. */
  readonly problems: readonly string[];
}

/**
 * Checks that a CRL can be relied on at time `at` for certificates issued by `issuer`
 * (RFC 5280 §6.3.3): the CRL issuer is the certificate issuer, its authorityKeyIdentifier matches
 * the issuer's subjectKeyIdentifier, the issuer may sign CRLs (keyUsage cRLSign if keyUsage is present),
 * the signature verifies with the issuer key (Web Crypto), version is v2, no unrecognised critical
 * extensions, and thisUpdate ≤ at ≤ nextUpdate (nextUpdate is mandatory in the Annex B profile).
 * Never throws for a bad CRL or certificate; reports problems instead.
 */
export async function verifyCrl(input: { readonly crl: CrlInput | ParsedCrl; readonly issuer: CertificateInput; readonly at: Date }): Promise<CrlVerification> {
  let crl: ParsedCrl;
  let issuer: X509Certificate;
  try {
    crl = isParsedCrl(input.crl) ? input.crl : parseCrl(input.crl);
    issuer = parseCertificate(input.issuer, 'CRL issuer certificate');
  } catch (error) {
    return { valid: false, problems: [(error as Error).message] };
  }
  return checkCrl(crl, issuer, input.at);
}

/** {@link verifyCrl} on already parsed values. */
export async function checkCrl(crl: ParsedCrl, issuer: X509Certificate, at: Date): Promise<CrlVerification> {
  const problems: string[] = [];
  if (!distinguishedNamesMatch(crl.crl.issuerName, issuer.subjectName)) problems.push(`CRL issuer ${crl.issuer} is not ${issuer.subject}`);
  let issuerKeyId: string | undefined;
  try {
    const extensions = readCertificateExtensions(issuer);
    issuerKeyId = extensions.subjectKeyIdentifier?.keyId;
    if (extensions.keyUsage && !extensions.keyUsage.usages.includes('cRLSign')) problems.push(`${issuer.subject} keyUsage does not include cRLSign`);
  } catch (error) {
    problems.push(`CRL issuer certificate extensions are malformed: ${(error as Error).message}`);
  }
  if (!crl.authorityKeyIdentifier) problems.push('CRL has no authorityKeyIdentifier (RFC 5280 §5.2.1)');
  else if (issuerKeyId && crl.authorityKeyIdentifier !== issuerKeyId) problems.push(`CRL authorityKeyIdentifier ${crl.authorityKeyIdentifier} is not the issuer's subjectKeyIdentifier ${issuerKeyId}`);
  if (crl.crl.version !== 1) problems.push('CRL is not version 2 (RFC 5280 §5.1.2.1)');
  for (const extension of crl.crl.extensions) {
    if (extension.critical && !KNOWN_CRL_EXTENSIONS.has(extension.type)) problems.push(`CRL has an unrecognised critical extension ${extension.type} (RFC 5280 §5.2)`);
  }
  for (const entry of crl.crl.entries) {
    for (const extension of entry.extensions) {
      if (extension.critical && !KNOWN_ENTRY_EXTENSIONS.has(extension.type)) problems.push(`CRL entry ${entry.serialNumber} has an unrecognised critical extension ${extension.type}`);
    }
  }
  let signature;
  try {
    signature = await verifySignedData(crlSignedData(crl.der), issuer.publicKey.rawData);
  } catch (error) {
    signature = { valid: false as const, reason: `CRL signature cannot be checked: ${(error as Error).message}` };
  }
  if (!signature.valid) problems.push(`CRL signature: ${signature.reason}`);
  if (!(at instanceof Date) || Number.isNaN(at.getTime())) problems.push('validation time is not a valid Date');
  else {
    if (at.getTime() < crl.thisUpdate.getTime()) problems.push(`CRL thisUpdate ${crl.thisUpdate.toISOString()} is after the validation time ${at.toISOString()}`);
    if (!crl.nextUpdate) problems.push('CRL has no nextUpdate (mandatory in the Annex B CRL profile, RFC 5280 §5.1.2.5)');
    else if (at.getTime() > crl.nextUpdate.getTime()) problems.push(`CRL expired: nextUpdate ${crl.nextUpdate.toISOString()} is before the validation time ${at.toISOString()}`);
  }
  return { valid: problems.length === 0, problems };
}

function isParsedCrl(value: CrlInput | ParsedCrl): value is ParsedCrl {
  return typeof value === 'object' && value !== null && 'crl' in value && value.crl instanceof X509Crl && 'entries' in value;
}

function decodeInteger(der: Uint8Array): bigint {
  if (der[0] !== 0x02 || der[1] === undefined || der[1] > 0x7f || der.length !== 2 + der[1]) throw new RangeError('cRLNumber is not a DER INTEGER');
  return integerContentToBigInt(der.subarray(2));
}
