import type { Signer } from '@citizen-zero/signing';
import { ECDSA_SIGNATURE_ALGORITHMS } from './annex-b';
import { buildDistinguishedName, type DistinguishedNameInput } from './distinguished-name';
import { PkiError } from './pki-error';
import { parsePublicKeyInfo } from './public-key';
import { createSignerCrypto } from './signer-crypto';
import { PemConverter, Pkcs10CertificateRequest, Pkcs10CertificateRequestGenerator } from './x509';

/** A PKCS#10 request as callers hold it: DER bytes, PEM ("CERTIFICATE REQUEST"), or parsed. */
export type CsrInput = Uint8Array | ArrayBuffer | string | Pkcs10CertificateRequest;

export interface CreateDocumentSignerCsrOptions {
  /** The document signer key (an HSM key in production); signs the request to prove possession. */
  readonly signer: Signer;
  /** Requested subject; the IACA decides the final subject when it issues the certificate. */
  readonly subject: DistinguishedNameInput;
}

/**
 * Creates a PKCS#10 certification request (RFC 2986) for a document signer key, self-signed by
 * that key through its {@link Signer} (ECDSA with the signer's hash). The IACA issues the document
 * signer certificate from it with `issueDocumentSignerCertificate`, which verifies the self-signature
 * first (proof of possession, RFC 2986 §3).
 */
export async function createDocumentSignerCsr(options: CreateDocumentSignerCsrOptions): Promise<Pkcs10CertificateRequest> {
  const name = buildDistinguishedName(options.subject, 'document signer subject');
  const signer = await createSignerCrypto(options.signer);
  const request = await Pkcs10CertificateRequestGenerator.create(
    { name, keys: { privateKey: signer.signingKey, publicKey: signer.publicKey }, signingAlgorithm: signer.signingAlgorithm },
    signer.crypto,
  );
  return new Pkcs10CertificateRequest(request.rawData);
}

/**
 * Parses a PKCS#10 request and verifies its self-signature with the public key it carries.
 * Only EC keys on P-256/P-384/P-521 signed with ECDSA-SHA256/384/512 are accepted. Throws
 * {@link PkiError} `CSR_INVALID` on any problem.
 */
export async function verifyCertificateRequest(input: CsrInput): Promise<Pkcs10CertificateRequest> {
  let request: Pkcs10CertificateRequest;
  try {
    if (input instanceof Pkcs10CertificateRequest) request = input;
    else if (typeof input === 'string') {
      const blocks = PemConverter.isPem(input) ? PemConverter.decodeWithHeaders(input).filter((block) => block.type === 'CERTIFICATE REQUEST' || block.type === 'NEW CERTIFICATE REQUEST') : [];
      if (blocks.length !== 1) throw new Error(`expected PEM with exactly one CERTIFICATE REQUEST block, found ${blocks.length}`);
      request = new Pkcs10CertificateRequest(blocks[0]!.rawData);
    } else request = new Pkcs10CertificateRequest(input instanceof Uint8Array ? input.slice() : input.slice(0));
    void request.subject;
  } catch (error) {
    throw new PkiError('CSR_INVALID', `certification request is malformed: ${(error as Error).message}`, {}, { cause: error });
  }
  let key;
  try {
    key = parsePublicKeyInfo(request.publicKey.rawData);
  } catch (error) {
    throw new PkiError('CSR_INVALID', `certification request public key is malformed: ${(error as Error).message}`, {}, { cause: error });
  }
  if (!key.curve) throw new PkiError('CSR_INVALID', `certification request key is not an EC key on P-256, P-384 or P-521 (${key.curveOid ?? key.algorithmOid})`);
  const hash = typeof request.signatureAlgorithm.hash === 'object' ? request.signatureAlgorithm.hash.name : undefined;
  if (request.signatureAlgorithm.name !== 'ECDSA' || !hash || !(Object.values(ECDSA_SIGNATURE_ALGORITHMS) as string[]).includes(hash)) {
    throw new PkiError('CSR_INVALID', `certification request is signed with ${request.signatureAlgorithm.name}/${hash ?? '?'}; ECDSA with SHA-256/384/512 is required`);
  }
  let verified = false;
  try {
    verified = await request.verify(globalThis.crypto);
  } catch (error) {
    throw new PkiError('CSR_INVALID', `certification request signature cannot be verified: ${(error as Error).message}`, {}, { cause: error });
  }
  if (!verified) throw new PkiError('CSR_INVALID', 'certification request self-signature does not verify: no proof of possession of the private key (RFC 2986 §3)');
  return request;
}
