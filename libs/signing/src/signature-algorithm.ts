/**
 * ECDSA signature algorithms used for credentials and certificates.
 *
 * ISO/IEC 18013-5:2021 §9.1.5.1 (cryptographic algorithms for mdoc authentication)
 * allows ECDSA with P-256/P-384/P-521 and SHA-256/384/512; COSE identifiers from
 * RFC 9053 §2.1 (ES256 = -7, ES384 = -35, ES512 = -36).
 */
export type SignatureAlgorithm = 'ES256' | 'ES384' | 'ES512';
export type NamedCurve = 'P-256' | 'P-384' | 'P-521';
export type HashName = 'SHA-256' | 'SHA-384' | 'SHA-512';

export interface SignatureAlgorithmInfo {
  readonly algorithm: SignatureAlgorithm;
  /** COSE algorithm identifier, RFC 9053 §2.1 table 1. */
  readonly coseAlgorithm: -7 | -35 | -36;
  readonly curve: NamedCurve;
  readonly hash: HashName;
  /** Length in bytes of each of r and s (the field size of the curve). */
  readonly coordinateLength: 32 | 48 | 66;
  /** OID of the named curve (RFC 5480 §2.1.1.1). */
  readonly curveOid: string;
}

const TABLE: Record<SignatureAlgorithm, SignatureAlgorithmInfo> = {
  ES256: { algorithm: 'ES256', coseAlgorithm: -7, curve: 'P-256', hash: 'SHA-256', coordinateLength: 32, curveOid: '1.2.840.10045.3.1.7' },
  ES384: { algorithm: 'ES384', coseAlgorithm: -35, curve: 'P-384', hash: 'SHA-384', coordinateLength: 48, curveOid: '1.3.132.0.34' },
  ES512: { algorithm: 'ES512', coseAlgorithm: -36, curve: 'P-521', hash: 'SHA-512', coordinateLength: 66, curveOid: '1.3.132.0.35' },
};

export const SIGNATURE_ALGORITHMS: readonly SignatureAlgorithmInfo[] = Object.values(TABLE);

export function signatureAlgorithmInfo(algorithm: SignatureAlgorithm): SignatureAlgorithmInfo {
  return TABLE[algorithm];
}

export function signatureAlgorithmForCurve(curve: NamedCurve): SignatureAlgorithmInfo {
  const info = SIGNATURE_ALGORITHMS.find((candidate) => candidate.curve === curve);
  if (!info) throw new RangeError(`unsupported curve ${curve}`);
  return info;
}

export function signatureAlgorithmForCose(coseAlgorithm: number): SignatureAlgorithmInfo | undefined {
  return SIGNATURE_ALGORITHMS.find((candidate) => candidate.coseAlgorithm === coseAlgorithm);
}

export function curveForOid(oid: string): NamedCurve | undefined {
  return SIGNATURE_ALGORITHMS.find((candidate) => candidate.curveOid === oid)?.curve;
}
