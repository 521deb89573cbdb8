import { ecdsaDerToRaw, signatureAlgorithmForCurve } from '@citizen-zero/signing';
import { AsnConvert } from '@peculiar/asn1-schema';
import { Certificate, CertificateList, type AlgorithmIdentifier } from '@peculiar/asn1-x509';
import { ECDSA_SIGNATURE_ALGORITHMS, signatureAlgorithmName } from './annex-b';
import { toArrayBuffer } from './bytes';
import { importEcdsaPublicKey } from './public-key';

/**
 * The signed envelope shared by certificates (RFC 5280 §4.1.1) and CRLs (§5.1.1):
 * SEQUENCE { tbs, signatureAlgorithm, signatureValue BIT STRING }.
 */
export interface SignedData {
  /** The to-be-signed bytes exactly as they appear in the encoding (not re-encoded). */
  readonly tbs: Uint8Array;
  readonly signatureAlgorithm: AlgorithmIdentifier;
  /** The `signature` field inside the TBS, which RFC 5280 §4.1.1.2 / §5.1.1.2 requires to equal signatureAlgorithm. */
  readonly innerSignatureAlgorithm: AlgorithmIdentifier;
  /** The BIT STRING contents: for ECDSA, a DER Ecdsa-Sig-Value. */
  readonly signature: Uint8Array;
}

export function certificateSignedData(der: Uint8Array | ArrayBuffer): SignedData {
  const asn = AsnConvert.parse(der instanceof Uint8Array ? toArrayBuffer(der) : der, Certificate);
  if (!asn.tbsCertificateRaw) throw new RangeError('certificate has no TBSCertificate');
  return {
    tbs: new Uint8Array(asn.tbsCertificateRaw),
    signatureAlgorithm: asn.signatureAlgorithm,
    innerSignatureAlgorithm: asn.tbsCertificate.signature,
    signature: new Uint8Array(asn.signatureValue),
  };
}

export function crlSignedData(der: Uint8Array | ArrayBuffer): SignedData {
  const asn = AsnConvert.parse(der instanceof Uint8Array ? toArrayBuffer(der) : der, CertificateList);
  if (!asn.tbsCertListRaw) throw new RangeError('CRL has no TBSCertList');
  return {
    tbs: new Uint8Array(asn.tbsCertListRaw),
    signatureAlgorithm: asn.signatureAlgorithm,
    innerSignatureAlgorithm: asn.tbsCertList.signature,
    signature: new Uint8Array(asn.signature),
  };
}

export type SignatureCheck = { readonly valid: true } | { readonly valid: false; readonly reason: string };

/**
 * Verifies an ECDSA signature over `signed.tbs` with the issuer's public key (DER SPKI), using
 * Web Crypto: ecdsa-with-SHA256/384/512 (RFC 5758 §3.2) only, the inner and outer algorithm
 * identifiers must be equal, and the DER signature is converted to r‖s for `subtle.verify`.
 * Never throws: anything unverifiable is reported as invalid with a reason.
 */
export async function verifySignedData(signed: SignedData, issuerSpki: Uint8Array | ArrayBuffer): Promise<SignatureCheck> {
  if (!sameAlgorithm(signed.signatureAlgorithm, signed.innerSignatureAlgorithm)) {
    return { valid: false, reason: `signatureAlgorithm ${signed.signatureAlgorithm.algorithm} differs from the signature field inside the signed data ${signed.innerSignatureAlgorithm.algorithm}` };
  }
  const hash = ECDSA_SIGNATURE_ALGORITHMS[signed.signatureAlgorithm.algorithm];
  if (!hash) return { valid: false, reason: `unsupported signature algorithm ${signatureAlgorithmName(signed.signatureAlgorithm.algorithm)} (ECDSA with SHA-256/384/512 only)` };
  let key: CryptoKey;
  let coordinateLength: number;
  try {
    const imported = await importEcdsaPublicKey(issuerSpki);
    key = imported.key;
    coordinateLength = signatureAlgorithmForCurve(imported.curve).coordinateLength;
  } catch (error) {
    return { valid: false, reason: `issuer public key cannot verify ECDSA signatures: ${(error as Error).message}` };
  }
  let raw: Uint8Array;
  try {
    raw = ecdsaDerToRaw(signed.signature, coordinateLength);
  } catch (error) {
    return { valid: false, reason: `signature value is not a DER ECDSA signature: ${(error as Error).message}` };
  }
  try {
    const ok = await globalThis.crypto.subtle.verify({ name: 'ECDSA', hash }, key, toArrayBuffer(raw), toArrayBuffer(signed.tbs));
    return ok ? { valid: true } : { valid: false, reason: `${signatureAlgorithmName(signed.signatureAlgorithm.algorithm)} signature does not verify with the issuer public key` };
  } catch (error) {
    return { valid: false, reason: `signature verification failed: ${(error as Error).message}` };
  }
}

function sameAlgorithm(a: AlgorithmIdentifier, b: AlgorithmIdentifier): boolean {
  if (a.algorithm !== b.algorithm) return false;
  const x = a.parameters ? new Uint8Array(a.parameters) : undefined;
  const y = b.parameters ? new Uint8Array(b.parameters) : undefined;
  if (!x || !y) return !x === !y;
  return x.length === y.length && x.every((byte, index) => byte === y[index]);
}
