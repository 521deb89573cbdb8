import { bytesEqual, CoseHeader, CoseSign1, encodeCbor, Tag } from '@citizen-zero/mdoc';
import { parseCertificate, type X509Certificate } from '@citizen-zero/pki';
import { signatureAlgorithmInfo, type Signer } from '@citizen-zero/signing';
import { TravelDocumentError } from '../travel-document-error';
import { base45Encode } from './base45';
import { COSE_SIGN1_TAG, SEAL_TEXT_PREFIX } from './seal-format';
import { encodeSealPayload, type SealPayload } from './seal-payload';

export interface CreateDocumentSealParams {
  readonly payload: SealPayload;
  /** The document signer key, in the HSM in production; only its `sign` and `publicKeySpki` are used. */
  readonly signer: Signer;
  /**
   * The document signer certificate, DER, leaf first, carried in the `x5chain` header (RFC 9360 §2).
   * Give only the leaf to keep the QR code small: verifiers hold the trust anchor.
   */
  readonly certificateChain: readonly Uint8Array[];
  /** The signing time written into the payload (whole seconds); defaults to now. */
  readonly signedAt?: Date;
}

export interface DocumentSeal {
  /** `CZ1:` + Base45 of `bytes`: QR alphanumeric mode text (RFC 9285). */
  readonly text: string;
  /** The tagged COSE_Sign1, exactly as encoded in `text`. */
  readonly bytes: Uint8Array;
}

/**
 * Creates a visible digital seal for a printed document: the payload as deterministic CBOR with small
 * integer keys (RFC 8949 §4.2.1), signed as a tagged COSE_Sign1 (RFC 9052 §4.2, §4.4) through the `Signer`
 * port with the algorithm in the protected header, the document signer certificate in the unprotected
 * `x5chain` header (RFC 9360 §2, as ISO/IEC 18013-5 §9.1.2.4 does for IssuerAuth), and written as `CZ1:`
 * + Base45 (RFC 9285) for a QR code.
 *
 * The signer must hold the key of the leaf certificate and the signing time must fall within the
 * certificate's validity (`SEAL_SIGNER_MISMATCH`, `SEAL_SIGNED_OUTSIDE_CERTIFICATE_VALIDITY`).
 */
export async function createDocumentSeal(params: CreateDocumentSealParams): Promise<DocumentSeal> {
  const signedAt = new Date(Math.floor((params.signedAt ?? new Date()).getTime() / 1000) * 1000);
  const payloadBytes = encodeSealPayload(params.payload, signedAt);
  const [leafDer] = params.certificateChain;
  if (!leafDer) throw new TravelDocumentError('SEAL_CERTIFICATE_MISSING', 'the document signer certificate is required in x5chain (RFC 9360 §2)');
  let leaf: X509Certificate;
  try {
    leaf = parseCertificate(leafDer);
  } catch (error) {
    throw new TravelDocumentError('SEAL_CERTIFICATE_MISSING', `the document signer certificate cannot be parsed: ${(error as Error).message}`, {}, { cause: error });
  }
  if (!bytesEqual(new Uint8Array(leaf.publicKey.rawData), await params.signer.publicKeySpki())) {
    throw new TravelDocumentError('SEAL_SIGNER_MISMATCH', `signer ${params.signer.keyId} does not hold the key of the document signer certificate`, { keyId: params.signer.keyId });
  }
  signatureAlgorithmInfo(params.signer.algorithm);
  if (signedAt.getTime() < leaf.notBefore.getTime() || signedAt.getTime() > leaf.notAfter.getTime()) {
    throw new TravelDocumentError('SEAL_SIGNED_OUTSIDE_CERTIFICATE_VALIDITY', `signing time ${signedAt.toISOString()} is outside the document signer certificate validity`);
  }
  const x5chain = params.certificateChain.length === 1 ? leafDer : [...params.certificateChain];
  const sign1 = await CoseSign1.sign({ signer: params.signer, payload: payloadBytes, unprotectedHeaders: new Map([[CoseHeader.x5chain, x5chain]]) });
  const bytes = encodeCbor(new Tag(sign1.toCbor(), COSE_SIGN1_TAG));
  return { text: `${SEAL_TEXT_PREFIX}${base45Encode(bytes)}`, bytes };
}
