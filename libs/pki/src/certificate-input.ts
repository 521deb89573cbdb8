import { PkiError } from './pki-error';
import { PemConverter, X509Certificate } from './x509';

/**
 * A certificate as callers hold it: DER bytes, a PEM string (one CERTIFICATE block), or an
 * already parsed {@link X509Certificate}.
 */
export type CertificateInput = Uint8Array | ArrayBuffer | string | X509Certificate;

/**
 * Parses a certificate, strictly: exactly one DER `Certificate` (RFC 5280 §4.1) with no trailing
 * bytes. Throws {@link PkiError} `CERT_MALFORMED` otherwise.
 */
export function parseCertificate(input: CertificateInput, what = 'certificate'): X509Certificate {
  if (input instanceof X509Certificate) return input;
  let der: Uint8Array;
  if (typeof input === 'string') {
    let blocks: ArrayBuffer[];
    try {
      blocks = PemConverter.isPem(input) ? PemConverter.decodeWithHeaders(input).filter((block) => block.type === 'CERTIFICATE').map((block) => block.rawData) : [];
    } catch (error) {
      throw new PkiError('CERT_MALFORMED', `${what} is not valid PEM: ${(error as Error).message}`, {}, { cause: error });
    }
    if (blocks.length !== 1) throw new PkiError('CERT_MALFORMED', `${what} must be PEM with exactly one CERTIFICATE block (found ${blocks.length})`);
    der = new Uint8Array(blocks[0]!);
  } else {
    der = input instanceof Uint8Array ? input : new Uint8Array(input);
  }
  return parseDerCertificate(der, what);
}

function parseDerCertificate(der: Uint8Array, what: string): X509Certificate {
  const length = derElementLength(der);
  if (length === undefined || length !== der.length) {
    throw new PkiError('CERT_MALFORMED', `${what} is not a single DER-encoded certificate${length !== undefined ? ` (${der.length - length} trailing byte(s))` : ''}`);
  }
  try {
    const certificate = new X509Certificate(copy(der));
    // Touch the fields every caller relies on so that structural errors surface here.
    void certificate.subject;
    void certificate.issuer;
    void certificate.notBefore;
    void certificate.notAfter;
    void certificate.publicKey.rawData;
    void certificate.extensions;
    return certificate;
  } catch (error) {
    throw new PkiError('CERT_MALFORMED', `${what} is not a valid X.509 certificate: ${(error as Error).message}`, {}, { cause: error });
  }
}

/** The DER encoding of a certificate. */
export function certificateDer(input: CertificateInput): Uint8Array {
  return new Uint8Array(parseCertificate(input).rawData);
}

/** The PEM encoding of a certificate (RFC 7468 §5). */
export function certificatePem(input: CertificateInput): string {
  return PemConverter.encode(parseCertificate(input).rawData, 'CERTIFICATE');
}

/**
 * Total length of the DER element at the start of `bytes` (tag + length + content), or
 * undefined if the header is not a definite-length SEQUENCE header that fits in `bytes`.
 */
export function derElementLength(bytes: Uint8Array): number | undefined {
  if (bytes[0] !== 0x30) return undefined;
  const first = bytes[1];
  if (first === undefined) return undefined;
  let contentLength: number;
  let headerLength: number;
  if (first < 0x80) {
    contentLength = first;
    headerLength = 2;
  } else {
    const count = first & 0x7f;
    if (count < 1 || count > 4) return undefined;
    contentLength = 0;
    for (let index = 0; index < count; index++) {
      const byte = bytes[2 + index];
      if (byte === undefined) return undefined;
      contentLength = contentLength * 256 + byte;
    }
    headerLength = 2 + count;
  }
  const total = headerLength + contentLength;
  return total <= bytes.length ? total : undefined;
}

function copy(bytes: Uint8Array): ArrayBuffer {
  const out = new ArrayBuffer(bytes.byteLength);
  new Uint8Array(out).set(bytes);
  return out;
}
