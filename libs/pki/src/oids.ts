/**
 * Object identifiers used by the ISO/IEC 18013-5 certificate hierarchy.
 */

/** id-mdl-kp-mdlDS: extended key usage of an mDL document signer (ISO/IEC 18013-5:2021 Annex B.1.4, Table B.3). */
export const OID_MDL_DOCUMENT_SIGNER_EKU = '1.0.18013.5.1.2';

/** id-mdl-kp-mdlReaderAuth: extended key usage of an mdoc reader authentication certificate (ISO/IEC 18013-5:2021 Annex B.1.7). */
export const OID_MDL_READER_AUTH_EKU = '1.0.18013.5.1.6';

/** Certificate and CRL extensions (RFC 5280 §4.2.1, §5.2). */
export const OID_EXT = {
  subjectKeyIdentifier: '2.5.29.14',
  keyUsage: '2.5.29.15',
  subjectAltName: '2.5.29.17',
  issuerAltName: '2.5.29.18',
  basicConstraints: '2.5.29.19',
  cRLNumber: '2.5.29.20',
  cRLReason: '2.5.29.21',
  nameConstraints: '2.5.29.30',
  cRLDistributionPoints: '2.5.29.31',
  certificatePolicies: '2.5.29.32',
  policyMappings: '2.5.29.33',
  authorityKeyIdentifier: '2.5.29.35',
  policyConstraints: '2.5.29.36',
  extKeyUsage: '2.5.29.37',
  freshestCRL: '2.5.29.46',
  inhibitAnyPolicy: '2.5.29.54',
} as const;

/** Distinguished name attribute types (RFC 5280 §4.1.2.4, X.520). */
export const OID_ATTR = {
  countryName: '2.5.4.6',
  stateOrProvinceName: '2.5.4.8',
  localityName: '2.5.4.7',
  organizationName: '2.5.4.10',
  commonName: '2.5.4.3',
} as const;

/** id-ecPublicKey (RFC 5480 §2.1.1). */
export const OID_EC_PUBLIC_KEY = '1.2.840.10045.2.1';
