import { OID_EXT } from './oids';
import {
  AuthorityKeyIdentifierExtension,
  BasicConstraintsExtension,
  CRLDistributionPointsExtension,
  ExtendedKeyUsageExtension,
  IssuerAlternativeNameExtension,
  KeyUsageFlags,
  KeyUsagesExtension,
  SubjectKeyIdentifierExtension,
  type Extension,
  type X509Certificate,
} from './x509';

/** keyUsage bits (RFC 5280 §4.2.1.3). */
export type KeyUsageName = 'digitalSignature' | 'nonRepudiation' | 'keyEncipherment' | 'dataEncipherment' | 'keyAgreement' | 'keyCertSign' | 'cRLSign' | 'encipherOnly' | 'decipherOnly';

const KEY_USAGE_FLAGS: ReadonlyArray<[KeyUsageName, KeyUsageFlags]> = [
  ['digitalSignature', KeyUsageFlags.digitalSignature],
  ['nonRepudiation', KeyUsageFlags.nonRepudiation],
  ['keyEncipherment', KeyUsageFlags.keyEncipherment],
  ['dataEncipherment', KeyUsageFlags.dataEncipherment],
  ['keyAgreement', KeyUsageFlags.keyAgreement],
  ['keyCertSign', KeyUsageFlags.keyCertSign],
  ['cRLSign', KeyUsageFlags.cRLSign],
  ['encipherOnly', KeyUsageFlags.encipherOnly],
  ['decipherOnly', KeyUsageFlags.decipherOnly],
];

/** A GeneralName as this library reports it (the @peculiar/x509 JSON form: type "url", "email", "dns", "dn", "ip", …). */
export interface GeneralNameValue {
  readonly type: string;
  readonly value: string;
}

/** The extensions of a certificate that the Annex B profiles and RFC 5280 path processing look at. */
export interface CertificateExtensions {
  readonly basicConstraints?: { readonly ca: boolean; readonly pathLength?: number; readonly critical: boolean };
  readonly keyUsage?: { readonly usages: readonly KeyUsageName[]; readonly critical: boolean };
  readonly extendedKeyUsage?: { readonly usages: readonly string[]; readonly critical: boolean };
  readonly subjectKeyIdentifier?: { readonly keyId: string; readonly critical: boolean };
  readonly authorityKeyIdentifier?: { readonly keyId?: string; readonly hasIssuerAndSerial: boolean; readonly critical: boolean };
  readonly issuerAlternativeName?: { readonly names: readonly GeneralNameValue[]; readonly critical: boolean };
  readonly crlDistributionPoints?: {
    readonly uris: readonly string[];
    /** Distribution points that use the reasons or cRLIssuer fields, or a nameRelativeToCRLIssuer (Annex B: shall not be used). */
    readonly usesForbiddenFields: boolean;
    readonly critical: boolean;
  };
  /** Every extension, in certificate order. */
  readonly all: ReadonlyArray<{ readonly oid: string; readonly critical: boolean }>;
  /** OIDs that occur more than once (RFC 5280 §4.2: a certificate MUST NOT include an extension twice). */
  readonly duplicates: readonly string[];
}

/**
 * Reads the extensions of a parsed certificate. Throws if an extension value is malformed
 * (callers that accept untrusted input translate that into `CERT_MALFORMED`).
 */
export function readCertificateExtensions(certificate: X509Certificate): CertificateExtensions {
  const list: Extension[] = certificate.extensions;
  const seen = new Set<string>();
  const duplicates = new Set<string>();
  for (const extension of list) {
    if (seen.has(extension.type)) duplicates.add(extension.type);
    seen.add(extension.type);
  }
  const find = <T extends Extension>(oid: string, type: new (raw: BufferSource) => T): T | undefined => {
    const found = list.find((extension) => extension.type === oid);
    if (!found) return undefined;
    return found instanceof type ? found : new type(found.rawData);
  };
  const basic = find(OID_EXT.basicConstraints, BasicConstraintsExtension);
  const keyUsage = find(OID_EXT.keyUsage, KeyUsagesExtension);
  const eku = find(OID_EXT.extKeyUsage, ExtendedKeyUsageExtension);
  const ski = find(OID_EXT.subjectKeyIdentifier, SubjectKeyIdentifierExtension);
  const aki = find(OID_EXT.authorityKeyIdentifier, AuthorityKeyIdentifierExtension);
  const ian = find(OID_EXT.issuerAltName, IssuerAlternativeNameExtension);
  const crlDp = find(OID_EXT.cRLDistributionPoints, CRLDistributionPointsExtension);
  return {
    ...(basic && { basicConstraints: { ca: basic.ca, ...(basic.pathLength !== undefined && { pathLength: basic.pathLength }), critical: basic.critical } }),
    ...(keyUsage && { keyUsage: { usages: keyUsageNames(keyUsage.usages), critical: keyUsage.critical } }),
    ...(eku && { extendedKeyUsage: { usages: eku.usages.map(String), critical: eku.critical } }),
    ...(ski && { subjectKeyIdentifier: { keyId: ski.keyId.toLowerCase(), critical: ski.critical } }),
    ...(aki && {
      authorityKeyIdentifier: { ...(aki.keyId !== undefined && { keyId: aki.keyId.toLowerCase() }), hasIssuerAndSerial: aki.certId !== undefined, critical: aki.critical },
    }),
    ...(ian && { issuerAlternativeName: { names: ian.names.items.map((name) => ({ type: name.type, value: name.value })), critical: ian.critical } }),
    ...(crlDp && {
      crlDistributionPoints: {
        uris: crlDp.distributionPoints.flatMap((point) => point.distributionPoint?.fullName ?? []).flatMap((name) => (name.uniformResourceIdentifier !== undefined ? [name.uniformResourceIdentifier] : [])),
        usesForbiddenFields: crlDp.distributionPoints.some((point) => point.reasons !== undefined || point.cRLIssuer !== undefined || point.distributionPoint?.nameRelativeToCRLIssuer !== undefined),
        critical: crlDp.critical,
      },
    }),
    all: list.map((extension) => ({ oid: extension.type, critical: extension.critical })),
    duplicates: [...duplicates],
  };
}

export function keyUsageNames(flags: number): KeyUsageName[] {
  return KEY_USAGE_FLAGS.filter(([, flag]) => (flags & flag) !== 0).map(([name]) => name);
}
