import { Encoder, Tag } from 'cbor-x';
import { fromHex } from './bytes';
import { parseCertificate, type CertificateInput } from './certificate-input';
import { readCertificateExtensions } from './certificate-extensions';
import { countryOf } from './distinguished-name';
import { OID_ATTR } from './oids';
import { PkiError } from './pki-error';
import { normalizeSerialHex } from './serial-number';

/**
 * VICAL (Verified Issuer Certificate Authority List) payload, ISO/IEC 18013-5:2021 Annex C.1.7
 * (also the AAMVA Digital Trust Service VICAL):
 *
 * ```cddl
 * VICAL = {
 *   "version" : tstr, "vicalProvider" : tstr, "date" : tdate,
 *   ? "vicalIssueID" : uint, ? "nextUpdate" : tdate,
 *   "certificateInfos" : [* CertificateInfo], ? "extensions" : Extensions
 * }
 * CertificateInfo = {
 *   "certificate" : bstr, "serialNumber" : biguint, "ski" : bstr, "docType" : [+ DocType],
 *   ? "certificateProfile" : [+ tstr], ? "issuingAuthority" : tstr, ? "issuingCountry" : tstr,
 *   ? "stateOrProvinceName" : tstr, ? "issuer" : bstr, ? "subject" : bstr,
 *   ? "notBefore" : tdate, ? "notAfter" : tdate, ? "extensions" : Extensions
 * }
 * ```
 *
 * Only the payload is produced here; the VICAL is published as a COSE_Sign1 over these bytes,
 * which the COSE library signs.
 */
export interface VicalCertificateInfoInput {
  readonly certificate: CertificateInput;
  /** DocTypes for which the IACA is a trust point, e.g. ["org.iso.18013.5.1.mDL"]. */
  readonly docType: readonly string[];
  readonly certificateProfile?: readonly string[];
  readonly issuingAuthority?: string;
  /** Defaults to the certificate subject's countryName. */
  readonly issuingCountry?: string;
  /** Defaults to the certificate subject's stateOrProvinceName, if any. */
  readonly stateOrProvinceName?: string;
}

export interface VicalInput {
  /** Defaults to "1.0". */
  readonly version?: string;
  readonly vicalProvider: string;
  readonly date: Date;
  /** Unique and monotonically increasing per provider. */
  readonly vicalIssueID?: number;
  readonly nextUpdate?: Date;
  readonly certificateInfos: readonly VicalCertificateInfoInput[];
}

const encoder = new Encoder({ useRecords: false, mapsAsObjects: false, tagUint8Array: false, variableMapSize: true });

/**
 * Encodes the VICAL payload as CBOR (maps as definite-length CBOR maps with text keys, byte strings
 * untagged, `tdate` = #6.0(tstr) without fractional seconds, `biguint` = #6.2(bstr)). Each entry
 * also carries the certificate's issuer, subject, notBefore and notAfter. Throws {@link PkiError}:
 * `CERT_MALFORMED` for an unparseable certificate, `CERT_PROFILE_INVALID` for one without a
 * subjectKeyIdentifier (the mandatory `ski`) or an entry without docType.
 */
export function encodeVicalPayload(input: VicalInput): Uint8Array {
  if (input.vicalIssueID !== undefined && (!Number.isSafeInteger(input.vicalIssueID) || input.vicalIssueID < 0)) {
    throw new PkiError('CERT_PROFILE_INVALID', 'vicalIssueID must be a non-negative integer');
  }
  const vical = new Map<string, unknown>([
    ['version', input.version ?? '1.0'],
    ['vicalProvider', input.vicalProvider],
    ['date', tdate(input.date, 'date')],
  ]);
  if (input.vicalIssueID !== undefined) vical.set('vicalIssueID', input.vicalIssueID);
  if (input.nextUpdate !== undefined) vical.set('nextUpdate', tdate(input.nextUpdate, 'nextUpdate'));
  vical.set(
    'certificateInfos',
    input.certificateInfos.map((info, index) => certificateInfo(info, index)),
  );
  const encoded = encoder.encode(vical);
  return new Uint8Array(encoded.buffer, encoded.byteOffset, encoded.byteLength);
}

function certificateInfo(info: VicalCertificateInfoInput, index: number): Map<string, unknown> {
  const certificate = parseCertificate(info.certificate, `certificateInfos[${index}].certificate`);
  const ski = readCertificateExtensions(certificate).subjectKeyIdentifier?.keyId;
  if (!ski) throw new PkiError('CERT_PROFILE_INVALID', `certificateInfos[${index}]: ${certificate.subject} has no subjectKeyIdentifier, which a VICAL entry requires`);
  if (info.docType.length === 0) throw new PkiError('CERT_PROFILE_INVALID', `certificateInfos[${index}]: docType needs at least one DocType`);
  const entry = new Map<string, unknown>([
    ['certificate', new Uint8Array(certificate.rawData)],
    ['serialNumber', new Tag(fromHex(normalizeSerialHex(certificate.serialNumber)), 2)],
    ['ski', fromHex(ski)],
    ['docType', [...info.docType]],
  ]);
  if (info.certificateProfile?.length) entry.set('certificateProfile', [...info.certificateProfile]);
  if (info.issuingAuthority !== undefined) entry.set('issuingAuthority', info.issuingAuthority);
  const country = info.issuingCountry ?? countryOf(certificate.subjectName);
  if (country !== undefined) entry.set('issuingCountry', country);
  const state = info.stateOrProvinceName ?? certificate.subjectName.getField(OID_ATTR.stateOrProvinceName)[0];
  if (state !== undefined) entry.set('stateOrProvinceName', state);
  entry.set('issuer', new Uint8Array(certificate.issuerName.toArrayBuffer()));
  entry.set('subject', new Uint8Array(certificate.subjectName.toArrayBuffer()));
  entry.set('notBefore', tdate(certificate.notBefore, 'notBefore'));
  entry.set('notAfter', tdate(certificate.notAfter, 'notAfter'));
  return entry;
}

function tdate(date: Date, what: string): Tag {
  if (!(date instanceof Date) || Number.isNaN(date.getTime())) throw new PkiError('CERT_PROFILE_INVALID', `VICAL ${what} is not a valid Date`);
  return new Tag(date.toISOString().replace(/\.\d{3}Z$/, 'Z'), 0);
}
