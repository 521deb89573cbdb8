import { parseCertificate, type CertificateInput } from './certificate-input';
import { certificateFingerprint } from './certificate-description';
import { PkiError } from './pki-error';
import { PemConverter } from './x509';

/**
 * Exports trusted IACA certificates as a PEM bundle (RFC 7468 §5 "CERTIFICATE" blocks), each
 * preceded by comment lines — explanatory text outside the encapsulation boundaries, which
 * RFC 7468 §2 lets parsers ignore — naming the subject, SHA-256 fingerprint and notAfter:
 *
 * ```
 * # Subject: C=UT, CN=Utopia IACA
 * # SHA-256: 3f1c…
 * # Not After: 2031-01-01T00:00:00Z
 * -----BEGIN CERTIFICATE-----
 * ```
 *
 * Control characters in subjects are replaced so a crafted name cannot inject lines into the bundle.
 * Throws {@link PkiError} `CERT_MALFORMED` if a certificate cannot be parsed.
 */
export async function exportTrustListPem(certificates: readonly CertificateInput[]): Promise<string> {
  const blocks: string[] = [];
  for (const [index, input] of certificates.entries()) {
    const certificate = parseCertificate(input, `certificate #${index}`);
    const notAfter = certificate.notAfter.toISOString().replace(/\.\d{3}Z$/, 'Z');
    blocks.push(
      [
        `# Subject: ${commentSafe(certificate.subject)}`,
        `# SHA-256: ${await certificateFingerprint(certificate)}`,
        `# Not After: ${notAfter}`,
        PemConverter.encode(certificate.rawData, 'CERTIFICATE').trim(),
      ].join('\n'),
    );
  }
  return blocks.length ? `${blocks.join('\n\n')}\n` : '';
}

/**
 * Reads the DER certificates of a PEM bundle, in order, ignoring text outside the
 * BEGIN/END lines (RFC 7468 §2) and blocks of other types. Throws {@link PkiError}
 * `CERT_MALFORMED` for an unterminated block, invalid base64, or a block that is not a certificate.
 */
export function parsePemBundle(text: string): Uint8Array[] {
  const out: Uint8Array[] = [];
  const lines = text.split(/\r?\n/);
  let label: string | undefined;
  let body: string[] = [];
  for (const [index, raw] of lines.entries()) {
    const line = raw.trim();
    const begin = /^-----BEGIN ([A-Z0-9 ]+)-----$/.exec(line);
    const end = /^-----END ([A-Z0-9 ]+)-----$/.exec(line);
    if (begin) {
      if (label !== undefined) throw new PkiError('CERT_MALFORMED', `PEM line ${index + 1}: BEGIN ${begin[1]} inside an unterminated ${label} block`);
      label = begin[1];
      body = [];
    } else if (end) {
      if (label === undefined || end[1] !== label) throw new PkiError('CERT_MALFORMED', `PEM line ${index + 1}: END ${end[1]} without a matching BEGIN`);
      if (label === 'CERTIFICATE') out.push(decodeCertificateBlock(body.join(''), out.length));
      label = undefined;
    } else if (label !== undefined && line !== '') {
      body.push(line);
    }
  }
  if (label !== undefined) throw new PkiError('CERT_MALFORMED', `PEM ${label} block is not terminated`);
  return out;
}

function decodeCertificateBlock(base64: string, index: number): Uint8Array {
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(base64) || base64.length % 4 !== 0) throw new PkiError('CERT_MALFORMED', `PEM certificate #${index} is not valid base64`);
  const der = Uint8Array.from(atob(base64), (character) => character.charCodeAt(0));
  parseCertificate(der, `PEM certificate #${index}`);
  return der;
}

function commentSafe(value: string): string {
  // eslint-disable-next-line no-control-regex
  return value.replace(/[\u0000-\u001f\u007f\u2028\u2029]/g, '?');
}
