/**
 * COSE header parameter labels (RFC 9052 §3.1; x5chain from RFC 9360 §2) and
 * the algorithm identifiers Citizen Zero uses (RFC 9053 §2.1, §3.1).
 */
export const CoseHeader = {
  alg: 1,
  crit: 2,
  contentType: 3,
  kid: 4,
  x5chain: 33,
} as const;

export const CoseAlgorithm = {
  ES256: -7,
  ES384: -35,
  ES512: -36,
  /** HMAC w/ SHA-256, 256-bit tag (RFC 9053 §3.1), the 18013-5 device MAC. */
  HMAC_256_256: 5,
} as const;
