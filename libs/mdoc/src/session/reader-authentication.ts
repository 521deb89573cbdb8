import { describeCertificate, parseCertificate, validateCertificatePath, type CertificateDescription } from '@citizen-zero/pki';
import type { DocRequest } from '../mdoc/device-request';
import { MdocError } from '../mdoc-error';
import { readerAuthenticationBytes } from './device-authentication';
import type { SessionTranscript } from './session-transcript';

/** id-mdl-kp-mdlReaderAuth, the extended key usage of an mdoc reader authentication certificate (ISO/IEC 18013-5:2021 Annex B). */
export const OID_MDL_READER_AUTH_EKU = '1.0.18013.5.1.6';

/** The reader CAs the holder's wallet trusts, and how to check them. */
export interface ReaderTrust {
  /** Trusted reader CA (or pinned reader) certificates, DER. */
  readonly trustAnchors: readonly Uint8Array[];
  /** CRLs of those CAs; without them revocation is not checked. */
  readonly crls?: readonly Uint8Array[];
  /** The time at which the reader certificate must be valid; defaults to now. */
  readonly at?: Date;
}

/** Who asks: the reader authentication certificate (leaf of x5chain), summarised for the holder. */
export interface ReaderIdentity {
  readonly subject: string;
  readonly issuer: string;
  readonly serialNumber: string;
  readonly notBefore: Date;
  readonly notAfter: Date;
  /** SHA-256 of the DER certificate, lower-case hex. */
  readonly sha256Fingerprint: string;
  /** The x5chain as received, leaf first. */
  readonly certificateChain: readonly Uint8Array[];
}

/**
 * The outcome of reader authentication for one DocRequest (§9.1.4): `absent` when the DocRequest has
 * no readerAuth; `verified` when the signature over ReaderAuthenticationBytes verifies with the
 * leaf certificate and that certificate chains to a trusted reader CA and is a reader authentication
 * certificate; `invalid` otherwise, with a stable code: `READER_AUTH_INVALID` (signature, detached
 * payload), `READER_CERTIFICATE_MISSING`, `READER_CERTIFICATE_INVALID` (keyUsage, EKU), or the path
 * validation's `CERT_*` code (`CERT_CHAIN_UNTRUSTED`, `CERT_EXPIRED`, `CERT_REVOKED`, …).
 */
export type ReaderAuthenticationResult =
  | { readonly status: 'absent' }
  | { readonly status: 'verified'; readonly reader: ReaderIdentity; readonly trustAnchorSubject: string }
  | { readonly status: 'invalid'; readonly code: string; readonly message: string; readonly reader?: ReaderIdentity };

/**
 * Verifies a DocRequest's readerAuth as the mdoc does (ISO/IEC 18013-5:2021 §9.1.4): the COSE_Sign1
 * (detached payload) over ReaderAuthenticationBytes =
 * `#6.24(bstr .cbor ["ReaderAuthentication", SessionTranscript, ItemsRequestBytes])`, built from the
 * transcript of this session and the ItemsRequestBytes as received; the leaf of its x5chain is the
 * reader authentication certificate, validated up to `trust` (RFC 5280 path validation through
 * @citizen-zero/pki) and required to have keyUsage digitalSignature and EKU 1.0.18013.5.1.6.
 * Without `trust` nothing can be trusted: a correct signature is still `CERT_CHAIN_UNTRUSTED`.
 * Never throws.
 */
export async function verifyReaderAuthentication(docRequest: DocRequest, transcript: SessionTranscript, trust?: ReaderTrust): Promise<ReaderAuthenticationResult> {
  const readerAuth = docRequest.readerAuth;
  if (!readerAuth) return { status: 'absent' };
  const invalid = (code: string, message: string, reader?: ReaderIdentity): ReaderAuthenticationResult => ({ status: 'invalid', code, message, ...(reader && { reader }) });
  let chain: Uint8Array[];
  try {
    chain = readerAuth.x5chain();
  } catch (error) {
    return invalid('READER_CERTIFICATE_MISSING', `readerAuth x5chain is malformed: ${(error as Error).message}`);
  }
  if (chain.length === 0) return invalid('READER_CERTIFICATE_MISSING', 'readerAuth carries no x5chain (§9.1.4)');
  let description: CertificateDescription;
  try {
    description = await describeCertificate(chain[0]!);
  } catch (error) {
    return invalid('CERT_MALFORMED', `the reader certificate cannot be parsed: ${(error as Error).message}`);
  }
  const reader: ReaderIdentity = {
    subject: description.subject,
    issuer: description.issuer,
    serialNumber: description.serialNumber,
    notBefore: description.notBefore,
    notAfter: description.notAfter,
    sha256Fingerprint: description.sha256Fingerprint,
    certificateChain: chain,
  };

  // 1. The signature, with the leaf key, over ReaderAuthenticationBytes (never over an attached payload).
  if (readerAuth.payload !== null) return invalid('READER_AUTH_INVALID', 'readerAuth must have a detached (nil) payload (§9.1.4)', reader);
  try {
    const algorithm = readerAuth.algorithm;
    const spki = new Uint8Array(parseCertificate(chain[0]!).publicKey.rawData);
    const key = await crypto.subtle.importKey('spki', spki as BufferSource, { name: 'ECDSA', namedCurve: algorithm.curve }, false, ['verify']);
    const payload = readerAuthenticationBytes(transcript, docRequest.itemsRequestBytes.itemBytes);
    if (!(await readerAuth.verify(key, payload))) return invalid('READER_AUTH_INVALID', 'readerAuth does not verify over ReaderAuthentication with the reader certificate key', reader);
  } catch (error) {
    const code = error instanceof MdocError && error.code === 'COSE_ALGORITHM_UNSUPPORTED' ? error.code : 'READER_AUTH_INVALID';
    return invalid(code, `readerAuth cannot be verified: ${(error as Error).message}`, reader);
  }

  // 2. The certificate path to a trusted reader CA (RFC 5280 §6).
  if (!trust || trust.trustAnchors.length === 0) return invalid('CERT_CHAIN_UNTRUSTED', 'no reader trust list is configured: the signature verifies but the reader is unknown', reader);
  const path = await validateCertificatePath({ chain, trustAnchors: [...trust.trustAnchors], at: trust.at ?? new Date(), purpose: 'any', ...(trust.crls && { crls: [...trust.crls] }) });
  const [first] = path.errors;
  if (!path.valid || !path.anchor) return invalid(first?.code ?? 'CERT_CHAIN_UNTRUSTED', first?.message ?? 'the reader certificate does not chain to a trusted reader CA', reader);

  // 3. The reader authentication certificate profile (Annex B): digitalSignature, EKU mdlReaderAuth, not a CA.
  if (!description.keyUsage.includes('digitalSignature')) return invalid('READER_CERTIFICATE_INVALID', `the reader certificate keyUsage (${description.keyUsage.join(', ') || 'none'}) lacks digitalSignature`, reader);
  if (!description.extendedKeyUsage.includes(OID_MDL_READER_AUTH_EKU)) {
    return invalid('READER_CERTIFICATE_INVALID', `the reader certificate extKeyUsage (${description.extendedKeyUsage.join(', ') || 'none'}) lacks ${OID_MDL_READER_AUTH_EKU} (id-mdl-kp-mdlReaderAuth)`, reader);
  }
  if (description.basicConstraints?.ca) return invalid('READER_CERTIFICATE_INVALID', 'the reader certificate is a CA certificate', reader);
  return { status: 'verified', reader, trustAnchorSubject: path.anchor.subject };
}
