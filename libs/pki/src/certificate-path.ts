import { bytesEqual } from './bytes';
import { BytesCache } from './bounded-cache';
import { parseCertificate, type CertificateInput } from './certificate-input';
import { readCertificateExtensions, type CertificateExtensions } from './certificate-extensions';
import { checkCrl, findRevokedEntry, parseCrl, type CrlInput, type ParsedCrl } from './crl-parsing';
import { distinguishedNamesMatch } from './distinguished-name';
import { OID_EXT, OID_MDL_DOCUMENT_SIGNER_EKU } from './oids';
import { PkiError, type PkiErrorCode } from './pki-error';
import { certificateSignedData, verifySignedData, type SignatureCheck } from './signature-verification';
import type { X509Certificate } from './x509';

/** What the leaf certificate must be good for. */
export type CertificatePurpose = 'mdoc-document-signer' | 'any';

export type CertificatePathErrorCode = Extract<
  PkiErrorCode,
  | 'CERT_CHAIN_UNTRUSTED'
  | 'CERT_SIGNATURE_INVALID'
  | 'CERT_EXPIRED'
  | 'CERT_NOT_YET_VALID'
  | 'CERT_KEY_USAGE_INVALID'
  | 'CERT_EKU_INVALID'
  | 'CERT_REVOKED'
  | 'CERT_MALFORMED'
  | 'CERT_PROFILE_INVALID'
  | 'CRL_INVALID'
>;

export interface CertificatePathError {
  readonly code: CertificatePathErrorCode;
  readonly message: string;
  /** Subject of the certificate the error is about, when it is about one. */
  readonly subject?: string;
}

export interface ValidateCertificatePathInput {
  /** The chain as received (e.g. a COSE x5chain), leaf first; it may or may not end with the IACA. */
  readonly chain: readonly CertificateInput[];
  /** Trusted IACA certificates (DER, PEM or parsed). */
  readonly trustAnchors: readonly CertificateInput[];
  /** The time at which the path must be valid. */
  readonly at: Date;
  readonly purpose: CertificatePurpose;
  /**
   * CRLs to check revocation against. A CRL applies to the certificates its issuer issued; a CRL
   * that applies but cannot be relied on (bad signature, outside thisUpdate/nextUpdate, …) fails the
   * validation with `CRL_INVALID` (fail closed). Without CRLs, revocation is not checked.
   */
  readonly crls?: readonly CrlInput[];
}

export interface CertificatePathValidationResult {
  readonly valid: boolean;
  /** Every problem found, each with a stable code; empty when valid. */
  readonly errors: readonly CertificatePathError[];
  /** The parsed leaf, whenever it could be parsed (even if the path is invalid). */
  readonly leaf?: X509Certificate;
  /** The trust anchor the path ends at, when one was found. */
  readonly anchor?: X509Certificate;
  /** The certification path, leaf first and ending with the anchor; partial when no anchor was reached. */
  readonly path: readonly X509Certificate[];
}

interface Node {
  readonly certificate: X509Certificate;
  readonly der: Uint8Array;
  readonly extensions: CertificateExtensions;
}

/** Extensions this validator processes (RFC 5280 §4.2: a critical extension it does not recognise fails the path). */
const RECOGNISED_EXTENSIONS: ReadonlySet<string> = new Set([
  OID_EXT.basicConstraints,
  OID_EXT.keyUsage,
  OID_EXT.extKeyUsage,
  OID_EXT.subjectKeyIdentifier,
  OID_EXT.authorityKeyIdentifier,
  OID_EXT.issuerAltName,
  OID_EXT.subjectAltName,
  OID_EXT.cRLDistributionPoints,
]);

/**
 * Validates a certification path from a leaf certificate to one of the trusted IACAs, in the manner
 * of RFC 5280 §6 for the two-level ISO/IEC 18013-5 hierarchy (Annex B: IACA → document signer):
 *
 * 1. Path building (RFC 5280 §6.1 / RFC 4158): from the leaf, repeatedly find the issuer among the
 *    trust anchors, then among the other chain certificates, by issuer name = subject name
 *    (§7.1 matching) and authorityKeyIdentifier = subjectKeyIdentifier when both are present; a
 *    candidate is accepted only if the child's signature verifies with its key (Web Crypto ECDSA
 *    over the original TBSCertificate bytes). A chain that contains the IACA itself is fine.
 *    When the identified issuer (AKI = SKI) is found but its key does not verify the signature, the
 *    error is `CERT_SIGNATURE_INVALID`; when no issuer is found, `CERT_CHAIN_UNTRUSTED`.
 * 2. For every certificate on the path, the anchor included: notBefore ≤ at ≤ notAfter (§6.1.3 (a)(2)).
 * 3. Every issuer: basicConstraints cA=TRUE, keyCertSign when keyUsage is present, and
 *    pathLenConstraint (§6.1.4 (k)(l)(m)(n)); no unrecognised critical extension (§6.1.4 (o)).
 * 4. Purpose `mdoc-document-signer` (Annex B.1.4 Table B.3): the leaf has keyUsage digitalSignature,
 *    is not a CA, and has extKeyUsage 1.0.18013.5.1.2.
 * 5. Revocation (§6.3): each certificate is looked up in the supplied CRLs of its issuer; such a CRL
 *    must verify with the issuer key and be current (thisUpdate ≤ at ≤ nextUpdate).
 *
 * Never throws on bad input: malformed certificates are reported as `CERT_MALFORMED`, malformed
 * CRLs as `CRL_INVALID`. Unparseable trust anchors are skipped (and mentioned if no path is found).
 */
export async function validateCertificatePath(input: ValidateCertificatePathInput): Promise<CertificatePathValidationResult> {
  const errors: CertificatePathError[] = [];
  const report = (code: CertificatePathErrorCode, message: string, node?: Node): void => void errors.push({ code, message, ...(node && { subject: node.certificate.subject }) });
  let leaf: Node | undefined;
  let anchor: Node | undefined;
  const path: Node[] = [];
  try {
    const at = input.at;
    if (!(at instanceof Date) || Number.isNaN(at.getTime())) {
      report('CERT_MALFORMED', 'validation time is not a valid Date');
      return { valid: false, errors, path: [] };
    }
    const chain = Array.isArray(input.chain) ? input.chain : [];
    if (chain.length === 0) {
      report('CERT_MALFORMED', 'the certificate chain is empty');
      return { valid: false, errors, path: [] };
    }
    const parsed = chain.map((certificate, index) => toNode(certificate, index === 0 ? 'leaf certificate' : `chain certificate #${index}`));
    for (const item of parsed) if (!('node' in item)) report('CERT_MALFORMED', item.error);
    const first = parsed[0]!;
    if (!('node' in first)) return { valid: false, errors, path: [] };
    leaf = first.node;
    const intermediates = parsed.slice(1).flatMap((item) => ('node' in item ? [item.node] : []));
    const anchorItems = (Array.isArray(input.trustAnchors) ? input.trustAnchors : []).map((certificate, index) => toNode(certificate, `trust anchor #${index}`));
    const anchors = anchorItems.flatMap((item) => ('node' in item ? [item.node] : []));
    const skippedAnchors = anchorItems.length - anchors.length;

    // 1. Build the path.
    path.push(leaf);
    let current: Node = leaf;
    const identicalToAnchor = anchors.find((candidate) => bytesEqual(candidate.der, leaf!.der));
    if (identicalToAnchor) {
      anchor = identicalToAnchor;
      path.pop();
    }
    while (!anchor && path.length <= chain.length) {
      const child: Node = current;
      const anchorCandidates = anchors.filter((candidate) => mayHaveIssued(candidate, child));
      const chainCandidates = intermediates.filter((candidate) => !path.includes(candidate) && mayHaveIssued(candidate, child));
      let failure: { issuer: Node; check: SignatureCheck } | undefined;
      let next: Node | undefined;
      for (const candidate of anchorCandidates) {
        const check = await verifyIssuedBy(child, candidate);
        if (check.valid) {
          anchor = candidate;
          break;
        }
        if (keyIdentifiersMatch(candidate, child)) failure ??= { issuer: candidate, check };
      }
      if (anchor) break;
      for (const candidate of chainCandidates) {
        const check = await verifyIssuedBy(child, candidate);
        if (check.valid) {
          next = candidate;
          break;
        }
        if (keyIdentifiersMatch(candidate, child)) failure ??= { issuer: candidate, check };
      }
      if (next) {
        path.push(next);
        current = next;
        continue;
      }
      if (failure) {
        const reason = failure.check.valid ? '' : failure.check.reason;
        report('CERT_SIGNATURE_INVALID', `signature of ${child.certificate.subject} does not verify with the key of ${failure.issuer.certificate.subject}: ${reason}`, child);
      } else {
        const skipped = skippedAnchors > 0 ? ` (${skippedAnchors} trust anchor(s) could not be parsed and were ignored)` : '';
        report('CERT_CHAIN_UNTRUSTED', `no trusted IACA issued ${child.certificate.subject} (issuer ${child.certificate.issuer})${skipped}`, child);
      }
      break;
    }
    if (!anchor && !errors.some((error) => error.code === 'CERT_CHAIN_UNTRUSTED' || error.code === 'CERT_SIGNATURE_INVALID')) {
      report('CERT_CHAIN_UNTRUSTED', `no path from ${leaf.certificate.subject} to a trusted IACA`, leaf);
    }

    // 2.–3. Per-certificate checks, anchor included.
    const everyCertificate = anchor ? [...path, anchor] : path;
    for (const node of everyCertificate) {
      const { notBefore, notAfter } = node.certificate;
      if (at.getTime() < notBefore.getTime()) report('CERT_NOT_YET_VALID', `${node.certificate.subject} is valid from ${notBefore.toISOString()}; validation time ${at.toISOString()}`, node);
      else if (at.getTime() > notAfter.getTime()) report('CERT_EXPIRED', `${node.certificate.subject} expired ${notAfter.toISOString()}; validation time ${at.toISOString()}`, node);
      if (node.extensions.duplicates.length > 0) report('CERT_MALFORMED', `${node.certificate.subject} repeats extension(s) ${node.extensions.duplicates.join(', ')} (RFC 5280 §4.2)`, node);
      for (const extension of node.extensions.all) {
        if (extension.critical && !RECOGNISED_EXTENSIONS.has(extension.oid)) report('CERT_PROFILE_INVALID', `${node.certificate.subject} has an unrecognised critical extension ${extension.oid} (RFC 5280 §6.1.4 (o))`, node);
      }
    }
    const issuers: Array<{ issuer: Node; below: Node[] }> = [];
    for (let index = 1; index < path.length; index++) issuers.push({ issuer: path[index]!, below: path.slice(0, index) });
    if (anchor && path.length > 0) issuers.push({ issuer: anchor, below: path });
    for (const { issuer, below } of issuers) {
      const basic = issuer.extensions.basicConstraints;
      if (!basic?.ca) report('CERT_KEY_USAGE_INVALID', `${issuer.certificate.subject} issued a certificate but is not a CA (basicConstraints cA=TRUE missing, RFC 5280 §6.1.4 (k))`, issuer);
      const usages = issuer.extensions.keyUsage?.usages;
      if (usages && !usages.includes('keyCertSign')) report('CERT_KEY_USAGE_INVALID', `${issuer.certificate.subject} keyUsage lacks keyCertSign (RFC 5280 §6.1.4 (n))`, issuer);
      const intermediatesBelow = below.slice(1).filter((node) => !isSelfIssued(node)).length;
      if (basic?.ca && basic.pathLength !== undefined && intermediatesBelow > basic.pathLength) {
        report('CERT_KEY_USAGE_INVALID', `${issuer.certificate.subject} pathLenConstraint ${basic.pathLength} allows fewer than the ${intermediatesBelow} intermediate CA(s) below it (RFC 5280 §6.1.4 (m))`, issuer);
      }
    }

    // 4. Purpose of the leaf.
    if (input.purpose === 'mdoc-document-signer') {
      const usages = leaf.extensions.keyUsage?.usages;
      if (!usages) report('CERT_KEY_USAGE_INVALID', `${leaf.certificate.subject} has no keyUsage; a document signer needs digitalSignature (Annex B.1.4)`, leaf);
      else if (!usages.includes('digitalSignature')) report('CERT_KEY_USAGE_INVALID', `${leaf.certificate.subject} keyUsage (${usages.join(', ')}) lacks digitalSignature (Annex B.1.4)`, leaf);
      if (leaf.extensions.basicConstraints?.ca) report('CERT_KEY_USAGE_INVALID', `${leaf.certificate.subject} is a CA certificate; a document signer certificate must not be (Annex B.1.4)`, leaf);
      const eku = leaf.extensions.extendedKeyUsage?.usages;
      if (!eku) report('CERT_EKU_INVALID', `${leaf.certificate.subject} has no extKeyUsage; a document signer needs ${OID_MDL_DOCUMENT_SIGNER_EKU} (id-mdl-kp-mdlDS, Annex B.1.4)`, leaf);
      else if (!eku.includes(OID_MDL_DOCUMENT_SIGNER_EKU)) report('CERT_EKU_INVALID', `${leaf.certificate.subject} extKeyUsage (${eku.join(', ')}) lacks ${OID_MDL_DOCUMENT_SIGNER_EKU} (id-mdl-kp-mdlDS, Annex B.1.4)`, leaf);
    }

    // 5. Revocation.
    if (anchor && input.crls && input.crls.length > 0) {
      const crls: ParsedCrl[] = [];
      for (const [index, crl] of input.crls.entries()) {
        try {
          crls.push(parseCrl(crl));
        } catch (error) {
          report('CRL_INVALID', `CRL #${index}: ${(error as Error).message}`);
        }
      }
      const chainToAnchor = [...path, anchor];
      for (let index = 0; index < path.length; index++) {
        const subject = path[index]!;
        const issuer = chainToAnchor[index + 1]!;
        const issuerKeyId = issuer.extensions.subjectKeyIdentifier?.keyId;
        const applicable = crls.filter(
          (crl) => distinguishedNamesMatch(crl.crl.issuerName, issuer.certificate.subjectName) && (!crl.authorityKeyIdentifier || !issuerKeyId || crl.authorityKeyIdentifier === issuerKeyId),
        );
        for (const crl of applicable) {
          const check = await checkCrl(crl, issuer.certificate, at);
          if (!check.valid) {
            report('CRL_INVALID', `CRL of ${issuer.certificate.subject} (thisUpdate ${crl.thisUpdate.toISOString()}) cannot be relied on: ${check.problems.join('; ')}`);
            continue;
          }
          const entry = findRevokedEntry(crl, subject.certificate.serialNumber);
          if (entry && entry.revocationDate.getTime() <= at.getTime()) {
            report('CERT_REVOKED', `${subject.certificate.subject} (serial ${subject.certificate.serialNumber}) was revoked ${entry.revocationDate.toISOString()}${entry.reason ? ` (${entry.reason})` : ''}`, subject);
          }
        }
      }
    }
  } catch (error) {
    report('CERT_MALFORMED', `certificate path could not be processed: ${(error as Error).message}`);
  }
  const fullPath = anchor ? [...path, anchor] : path;
  return {
    valid: errors.length === 0 && anchor !== undefined,
    errors: dedupe(errors),
    ...(leaf && { leaf: leaf.certificate }),
    ...(anchor && { anchor: anchor.certificate }),
    path: fullPath.map((node) => node.certificate),
  };
}

/**
 * Parsed certificates and certificate signature checks are pure functions of the DER bytes, so
 * they are memoised: a verifier sees the same document signers and IACAs again and again. What
 * depends on the validation time (validity, revocation) is evaluated on every call.
 */
const parsedCertificates = new BytesCache<Node>(2048);
const signatureChecks = new BytesCache<Promise<SignatureCheck>>(4096);

function toNode(input: CertificateInput, what: string): { node: Node } | { error: string } {
  try {
    const bytes = input instanceof Uint8Array ? input : undefined;
    const cached = bytes && parsedCertificates.get(bytes);
    if (cached) return { node: cached };
    const certificate = parseCertificate(input, what);
    const der = new Uint8Array(certificate.rawData);
    const node: Node = { certificate, der, extensions: readCertificateExtensions(certificate) };
    if (bytes) parsedCertificates.set(bytes, node);
    return { node };
  } catch (error) {
    return { error: error instanceof PkiError ? error.message : `${what} is malformed: ${(error as Error).message}` };
  }
}

function mayHaveIssued(issuer: Node, child: Node): boolean {
  if (!distinguishedNamesMatch(child.certificate.issuerName, issuer.certificate.subjectName)) return false;
  const authorityKeyId = child.extensions.authorityKeyIdentifier?.keyId;
  const subjectKeyId = issuer.extensions.subjectKeyIdentifier?.keyId;
  return !authorityKeyId || !subjectKeyId || authorityKeyId === subjectKeyId;
}

/**
 * Whether the child's authorityKeyIdentifier names the candidate's subjectKeyIdentifier (both
 * present and equal). Only then is a failing signature reported as CERT_SIGNATURE_INVALID; a
 * candidate matched by name alone whose signature fails is just not the issuer.
 */
function keyIdentifiersMatch(issuer: Node, child: Node): boolean {
  const authorityKeyId = child.extensions.authorityKeyIdentifier?.keyId;
  return authorityKeyId !== undefined && authorityKeyId === issuer.extensions.subjectKeyIdentifier?.keyId;
}

function verifyIssuedBy(child: Node, issuer: Node): Promise<SignatureCheck> {
  const key = concatDer(child.der, issuer.der);
  let check = signatureChecks.get(key);
  if (!check) {
    check = verifySignedData(certificateSignedData(child.der), issuer.certificate.publicKey.rawData).catch((error: unknown) => ({
      valid: false as const,
      reason: `signature cannot be checked: ${(error as Error).message}`,
    }));
    signatureChecks.set(key, check);
  }
  return check;
}

/** Two DER certificates back to back: unambiguous, because each DER SEQUENCE encodes its own length. */
function concatDer(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}

function isSelfIssued(node: Node): boolean {
  return distinguishedNamesMatch(node.certificate.issuerName, node.certificate.subjectName);
}

function dedupe(errors: readonly CertificatePathError[]): CertificatePathError[] {
  const seen = new Set<string>();
  return errors.filter((error) => {
    const key = `${error.code}\u0000${error.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
