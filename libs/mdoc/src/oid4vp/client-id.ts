import { parseCertificate } from '@citizen-zero/pki';
// After @citizen-zero/pki, which installs the Reflect metadata polyfill @peculiar/x509 needs.
import { SubjectAlternativeNameExtension } from '@peculiar/x509';
import { Oid4vpError } from './oid4vp-error';

/** The only Client Identifier Prefix implemented (OpenID4VP 1.0 §5.9.3). */
export const X509_SAN_DNS_PREFIX = 'x509_san_dns';

const DNS_NAME = /^(?=.{1,253}$)([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)(\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$/;

/**
 * Splits a Client Identifier into its prefix and original identifier (OpenID4VP 1.0 §5.9.1: the
 * prefix is what precedes the first `:`) and requires `x509_san_dns` with a DNS name (§5.9.3).
 * The full value, prefix included, is what the wallet binds the presentation to (§14.8).
 */
export function parseX509SanDnsClientId(clientId: string): { readonly prefix: typeof X509_SAN_DNS_PREFIX; readonly dnsName: string } {
  const colon = clientId.indexOf(':');
  const prefix = colon < 0 ? '' : clientId.slice(0, colon);
  if (prefix !== X509_SAN_DNS_PREFIX) {
    throw new Oid4vpError('OID4VP_CLIENT_ID_PREFIX_UNSUPPORTED', `Client Identifier Prefix "${prefix || '(none: pre-registered)'}" is not supported; only ${X509_SAN_DNS_PREFIX} is (OpenID4VP 1.0 §5.9.3)`);
  }
  const dnsName = clientId.slice(colon + 1);
  if (!DNS_NAME.test(dnsName) || /^[\d.]+$/.test(dnsName)) throw new Oid4vpError('OID4VP_CLIENT_ID_MISMATCH', `"${dnsName.slice(0, 100)}" is not a DNS name (x509_san_dns, §5.9.3)`);
  return { prefix: X509_SAN_DNS_PREFIX, dnsName };
}

/** The dNSName entries of a certificate's Subject Alternative Name extension (RFC 5280 §4.2.1.6), lower-cased. */
export function certificateDnsNames(certificateDer: Uint8Array): string[] {
  const extension = parseCertificate(certificateDer).getExtension(SubjectAlternativeNameExtension);
  if (!extension) return [];
  return extension.names.items.filter((name) => name.type === 'dns').map((name) => name.value.toLowerCase());
}

/** The Client Identifier a verifier with this DNS name uses under `x509_san_dns`. */
export function x509SanDnsClientId(dnsName: string): string {
  const clientId = `${X509_SAN_DNS_PREFIX}:${dnsName}`;
  parseX509SanDnsClientId(clientId);
  return clientId;
}
