import { CoseSign1, decodeCbor, MdocError } from '@citizen-zero/mdoc';
import { describeCertificate, validateCertificatePath, type CertificateInput, type CrlInput, type X509Certificate } from '@citizen-zero/pki';
import type { SignatureAlgorithmInfo } from '@citizen-zero/signing';
import { TravelDocumentError, type TravelDocumentErrorCode } from '../travel-document-error';
import { base45Decode } from './base45';
import { certificateEnvelopeProblem } from './certificate-envelope';
import { SEAL_TEXT_MAX_LENGTH, SEAL_TEXT_PREFIX } from './seal-format';
import { decodeSealPayload, type SealPayload } from './seal-payload';
import type { SealCheckName, SealCheckResult, SealSignerSummary, SealVerdict } from './seal-verdict';

export interface VerifyDocumentSealOptions {
  /** Trusted anchors (the IACA / CSCA certificates), DER or PEM. */
  readonly trustAnchors: readonly CertificateInput[];
  /** The verification time; defaults to now. */
  readonly at?: Date;
  /** CRLs of the trust anchors; without them revocation is not checked. */
  readonly crls?: readonly CrlInput[];
}

/** Clock skew tolerated between the issuing system and the verifier for the signing time. */
const CLOCK_SKEW_MS = 5 * 60_000;
const DAY_MS = 86_400_000;

/**
 * Verifies a seal read from a QR code. Never throws: every check is reported with a stable code, and the
 * payload is returned only when the signature verifies with a certificate that chains to a trust anchor.
 *
 * 1. structure: `CZ1:` prefix, Base45 (RFC 9285), a COSE_Sign1 (RFC 9052 §4.2) with a supported `alg`
 *    (ES256/ES384/ES512, RFC 9053 §2.1) — `SEAL_MALFORMED`, `SEAL_ALGORITHM_UNSUPPORTED`;
 * 2. payload: a version-1 payload in deterministic CBOR — `SEAL_PAYLOAD_INVALID`;
 * 3. certificate-chain: the `x5chain` leaf (RFC 9360) validated to a trust anchor at the verification
 *    time with `validateCertificatePath` (RFC 5280 §6), its outer DER envelope strict (see
 *    `certificateEnvelopeProblem`), keyUsage digitalSignature and not a CA —
 *    `SEAL_CERTIFICATE_MISSING`, `SEAL_CHAIN_UNTRUSTED`, `SEAL_CERTIFICATE_USAGE_INVALID`;
 * 4. signature: the Sig_structure (RFC 9052 §4.4) over the received protected header and payload bytes,
 *    never re-encoded — `SEAL_SIGNATURE_INVALID`;
 * 5. signing-time: within the certificate's validity and not after the verification time —
 *    `SEAL_SIGNED_OUTSIDE_CERTIFICATE_VALIDITY`;
 * 6. document-validity: the verification time is not after the date of expiry — `SEAL_DOCUMENT_EXPIRED`.
 *
 * Browser-safe: Web Crypto (or Node's crypto through `@citizen-zero/signing`), no Node-only modules.
 */
export async function verifyDocumentSeal(text: string, options: VerifyDocumentSealOptions): Promise<SealVerdict> {
  const verifiedAt = options.at ?? new Date();
  const checks: SealCheckResult[] = [];
  const pass = (check: SealCheckName, message: string): void => void checks.push({ check, passed: true, message });
  const fail = (check: SealCheckName, code: TravelDocumentErrorCode, message: string, cause?: string): void =>
    void checks.push({ check, passed: false, code, message, ...(cause !== undefined && { cause }) });
  const done = (extra: Partial<SealVerdict> = {}): SealVerdict => ({ valid: checks.every((check) => check.passed), checks, verifiedAt, ...extra });

  // 1. Structure.
  let bytes: Uint8Array;
  let sign1: CoseSign1;
  let algorithm: SignatureAlgorithmInfo;
  try {
    if (typeof text !== 'string' || !text.startsWith(SEAL_TEXT_PREFIX)) throw new TravelDocumentError('SEAL_MALFORMED', `a seal starts with ${SEAL_TEXT_PREFIX}`);
    if (text.length > SEAL_TEXT_MAX_LENGTH) throw new TravelDocumentError('SEAL_MALFORMED', `a seal has at most ${SEAL_TEXT_MAX_LENGTH} characters`);
    bytes = base45Decode(text.slice(SEAL_TEXT_PREFIX.length));
  } catch (error) {
    fail('structure', 'SEAL_MALFORMED', (error as Error).message);
    return done();
  }
  try {
    sign1 = CoseSign1.fromCbor(decodeCbor(bytes, 'seal'), 'seal COSE_Sign1');
    if (sign1.payload === null) throw new TravelDocumentError('SEAL_MALFORMED', 'the seal COSE_Sign1 has a detached payload');
  } catch (error) {
    fail('structure', 'SEAL_MALFORMED', (error as Error).message, codeOf(error));
    return done({ bytes });
  }
  try {
    algorithm = sign1.algorithm;
  } catch (error) {
    fail('structure', 'SEAL_ALGORITHM_UNSUPPORTED', (error as Error).message, codeOf(error));
    return done({ bytes });
  }
  pass('structure', `COSE_Sign1 ${algorithm.algorithm}, ${bytes.length} bytes`);

  // 2. Payload.
  let decoded: { payload: SealPayload; signedAt: Date } | undefined;
  try {
    decoded = decodeSealPayload(sign1.payload!);
    pass('payload', `${decoded.payload.documentType} payload, version 1`);
  } catch (error) {
    fail('payload', 'SEAL_PAYLOAD_INVALID', (error as Error).message, codeOf(error));
  }

  // 3. Certificate chain.
  let leaf: X509Certificate | undefined;
  let signer: SealSignerSummary | undefined;
  let chainTrusted = false;
  let chain: Uint8Array[] = [];
  try {
    chain = sign1.x5chain();
  } catch (error) {
    fail('certificate-chain', 'SEAL_MALFORMED', `x5chain: ${(error as Error).message}`, codeOf(error));
  }
  if (chain.length === 0) {
    if (!checks.some((check) => check.check === 'certificate-chain')) fail('certificate-chain', 'SEAL_CERTIFICATE_MISSING', 'the seal carries no x5chain (RFC 9360 §2)');
  } else {
    const envelopeProblems = chain.map(certificateEnvelopeProblem);
    envelopeProblems.forEach((problem, index) => {
      if (problem !== undefined) fail('certificate-chain', 'SEAL_CHAIN_UNTRUSTED', `x5chain[${index}]: ${problem}`, 'CERT_MALFORMED');
    });
    const path = await validateCertificatePath({ chain, trustAnchors: options.trustAnchors, at: verifiedAt, purpose: 'any', ...(options.crls && { crls: options.crls }) });
    leaf = path.leaf;
    if (leaf) signer = { subject: leaf.subject, issuer: leaf.issuer, serialNumber: leaf.serialNumber, notBefore: leaf.notBefore, notAfter: leaf.notAfter };
    for (const error of path.errors) fail('certificate-chain', 'SEAL_CHAIN_UNTRUSTED', error.message, error.code);
    if (path.valid && leaf && envelopeProblems.every((problem) => problem === undefined)) {
      const usage = await describeCertificate(leaf).catch(() => undefined);
      if (!usage || !usage.keyUsage.includes('digitalSignature') || usage.basicConstraints?.ca) {
        fail('certificate-chain', 'SEAL_CERTIFICATE_USAGE_INVALID', 'the document signer certificate needs keyUsage digitalSignature and must not be a CA (RFC 5280 §4.2.1.3, §4.2.1.9)');
      } else {
        chainTrusted = true;
        pass('certificate-chain', `document signer ${leaf.subject} chains to trusted ${path.anchor?.subject ?? 'anchor'}`);
      }
    }
  }

  // 4. Signature, over the bytes as received.
  let signatureValid = false;
  if (leaf) {
    try {
      const key = await crypto.subtle.importKey('spki', leaf.publicKey.rawData, { name: 'ECDSA', namedCurve: algorithm.curve }, false, ['verify']);
      signatureValid = await sign1.verify(key);
    } catch {
      signatureValid = false;
    }
    if (signatureValid) pass('signature', `${algorithm.algorithm} signature verified with the document signer key`);
    else fail('signature', 'SEAL_SIGNATURE_INVALID', 'the seal signature does not verify with the document signer key (RFC 9052 §4.4)');
  } else {
    fail('signature', 'SEAL_SIGNATURE_INVALID', 'the signature cannot be verified without a parseable document signer certificate');
  }

  // 5.–6. Times, from the (authenticated) payload.
  if (decoded && leaf) {
    const signed = decoded.signedAt.getTime();
    if (signed < leaf.notBefore.getTime() || signed > leaf.notAfter.getTime()) {
      fail('signing-time', 'SEAL_SIGNED_OUTSIDE_CERTIFICATE_VALIDITY', `signed ${decoded.signedAt.toISOString()}, outside the document signer certificate validity`);
    } else if (signed > verifiedAt.getTime() + CLOCK_SKEW_MS) {
      fail('signing-time', 'SEAL_SIGNED_OUTSIDE_CERTIFICATE_VALIDITY', `signed ${decoded.signedAt.toISOString()}, after the verification time ${verifiedAt.toISOString()}`);
    } else {
      pass('signing-time', `signed ${decoded.signedAt.toISOString()}`);
    }
    const expiry = decoded.payload.dateOfExpiry;
    if (expiry === undefined) pass('document-validity', 'the document does not expire');
    else if (verifiedAt.getTime() >= Date.parse(`${expiry}T00:00:00Z`) + DAY_MS) fail('document-validity', 'SEAL_DOCUMENT_EXPIRED', 'the verification time is after the date of expiry');
    else pass('document-validity', 'the verification time is not after the date of expiry');
  }

  const authentic = chainTrusted && signatureValid && decoded !== undefined;
  return done({ bytes, ...(signer && { signer }), ...(authentic && { payload: decoded!.payload, signedAt: decoded!.signedAt }) });
}

function codeOf(error: unknown): string | undefined {
  return error instanceof TravelDocumentError || error instanceof MdocError ? error.code : undefined;
}
