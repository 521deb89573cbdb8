/**
 * A strict reading of the certificate's outer DER structure (RFC 5280 §4.1):
 *
 *   Certificate ::= SEQUENCE { tbsCertificate, signatureAlgorithm AlgorithmIdentifier, signatureValue BIT STRING }
 *
 * The signature covers only tbsCertificate, so a parser that is lenient about the rest accepts certificates
 * whose bytes were altered outside the signed part. This check closes that gap for the seal, where every
 * received byte must be accounted for: definite minimal lengths (X.690 §10.1), no trailing bytes,
 * signatureAlgorithm identical to tbsCertificate.signature (RFC 5280 §4.1.1.2), and a signatureValue with
 * no unused bits (an ECDSA signature is a whole number of octets, RFC 5480 / RFC 3279 §2.2.3).
 *
 * @returns a description of the first problem, or `undefined` when the envelope is well formed.
 */
export function certificateEnvelopeProblem(der: Uint8Array): string | undefined {
  try {
    const certificate = readTlv(der, 0);
    if (certificate.tag !== 0x30 || certificate.end !== der.length) return 'the certificate is not a single DER SEQUENCE';
    const tbs = readTlv(der, certificate.contentStart);
    const signatureAlgorithm = readTlv(der, tbs.end);
    const signatureValue = readTlv(der, signatureAlgorithm.end);
    if (tbs.tag !== 0x30 || signatureAlgorithm.tag !== 0x30 || signatureValue.tag !== 0x03 || signatureValue.end !== certificate.end) {
      return 'the certificate is not SEQUENCE { tbsCertificate, signatureAlgorithm, signatureValue } (RFC 5280 §4.1)';
    }
    if (signatureValue.end - signatureValue.contentStart < 2 || der[signatureValue.contentStart] !== 0) return 'signatureValue has unused bits';
    let position = tbs.contentStart;
    let element = readTlv(der, position);
    if (element.tag === 0xa0) element = readTlv(der, (position = element.end));
    if (element.tag !== 0x02) return 'tbsCertificate has no serialNumber';
    const innerSignature = readTlv(der, element.end);
    if (innerSignature.tag !== 0x30 || !sameBytes(der.subarray(innerSignature.start, innerSignature.end), der.subarray(signatureAlgorithm.start, signatureAlgorithm.end))) {
      return 'signatureAlgorithm differs from tbsCertificate.signature (RFC 5280 §4.1.1.2)';
    }
    return undefined;
  } catch (error) {
    return (error as Error).message;
  }
}

interface Tlv {
  readonly tag: number;
  readonly start: number;
  readonly contentStart: number;
  readonly end: number;
}

/** One DER TLV with a single-octet tag and a definite length in minimal form (X.690 §8.1.3, §10.1). */
function readTlv(bytes: Uint8Array, start: number): Tlv {
  if (start + 2 > bytes.length) throw new Error('truncated DER');
  const tag = bytes[start]!;
  if ((tag & 0x1f) === 0x1f) throw new Error('multi-octet DER tags are not expected here');
  const first = bytes[start + 1]!;
  let length = first;
  let contentStart = start + 2;
  if (first & 0x80) {
    const octets = first & 0x7f;
    if (octets === 0 || octets > 4) throw new Error('indefinite or oversized DER length');
    if (contentStart + octets > bytes.length) throw new Error('truncated DER length');
    length = 0;
    for (let index = 0; index < octets; index++) length = length * 256 + bytes[contentStart + index]!;
    if (bytes[contentStart] === 0 || length < 0x80) throw new Error('DER length not in minimal form');
    contentStart += octets;
  }
  const end = contentStart + length;
  if (end > bytes.length) throw new Error('DER length beyond the data');
  return { tag, start, contentStart, end };
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((byte, index) => byte === b[index]);
}
