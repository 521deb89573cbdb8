import type { HashName } from '@citizen-zero/signing';
import { OID_EXT } from './oids';

/**
 * Numeric limits and fixed lists of the ISO/IEC 18013-5:2021 Annex B certificate profiles.
 *
 * - B.1.1 (general): extensions that "shall not be used" in any Annex B certificate.
 * - B.1.2 (IACA root certificate, Table B.1): notAfter at most 20 years after notBefore
 *   (3–5 years recommended; 20 years covers ISO/IEC 18013-3 IDLs).
 * - B.1.4 (document signer certificate, Table B.3): notAfter at most 457 days after notBefore.
 * - Serial numbers (Tables B.1, B.3): positive, non-sequential, at least 63 bits of CSPRNG output,
 *   at most 20 octets (also RFC 5280 §4.1.2.2).
 */
export const ANNEX_B = {
  iacaMaxValidityYears: 20,
  documentSignerMaxValidityDays: 457,
  serialNumberMaxOctets: 20,
  /** 63 bits of randomness need at least 8 octets. */
  serialNumberMinOctets: 8,
  /** Random octets in a generated serial: 16 octets with the top bit cleared = 127 random bits. */
  serialNumberRandomOctets: 16,
} as const;

/** Extensions Annex B.1.1 says shall not be used. */
export const FORBIDDEN_EXTENSIONS: Readonly<Record<string, string>> = {
  [OID_EXT.policyMappings]: 'policyMappings',
  [OID_EXT.nameConstraints]: 'nameConstraints',
  [OID_EXT.policyConstraints]: 'policyConstraints',
  [OID_EXT.inhibitAnyPolicy]: 'inhibitAnyPolicy',
  [OID_EXT.freshestCRL]: 'freshestCRL',
};

/** ECDSA signature algorithm OIDs (RFC 5758 §3.2) and the hash each implies. */
export const ECDSA_SIGNATURE_ALGORITHMS: Readonly<Record<string, HashName>> = {
  '1.2.840.10045.4.3.2': 'SHA-256',
  '1.2.840.10045.4.3.3': 'SHA-384',
  '1.2.840.10045.4.3.4': 'SHA-512',
};

/** Name of an ECDSA signature algorithm OID, for messages. */
export function signatureAlgorithmName(oid: string): string {
  const hash = ECDSA_SIGNATURE_ALGORITHMS[oid];
  return hash ? `ecdsa-with-${hash.replace('-', '')}` : oid;
}
