import { digest as platformDigest } from '@citizen-zero/signing';
import { MdocError } from '../mdoc-error';

/** Digest algorithms allowed in the MSO (ISO/IEC 18013-5:2021 §9.1.2.5). */
export type DigestAlgorithm = 'SHA-256' | 'SHA-384' | 'SHA-512';

export const DIGEST_ALGORITHMS: readonly DigestAlgorithm[] = ['SHA-256', 'SHA-384', 'SHA-512'];

export function asDigestAlgorithm(value: unknown): DigestAlgorithm {
  if (typeof value === 'string' && (DIGEST_ALGORITHMS as readonly string[]).includes(value)) return value as DigestAlgorithm;
  throw new MdocError('MSO_DIGEST_ALGORITHM_UNSUPPORTED', `digest algorithm ${String(value)} is not one of ${DIGEST_ALGORITHMS.join(', ')}`);
}

export function digest(algorithm: DigestAlgorithm, data: Uint8Array): Promise<Uint8Array> {
  return platformDigest(algorithm, data);
}
