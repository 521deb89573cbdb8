export type { Signer } from './signer';
export {
  SIGNATURE_ALGORITHMS,
  curveForOid,
  signatureAlgorithmForCose,
  signatureAlgorithmForCurve,
  signatureAlgorithmInfo,
  type HashName,
  type NamedCurve,
  type SignatureAlgorithm,
  type SignatureAlgorithmInfo,
} from './signature-algorithm';
export { EcdsaSignatureFormatError, ecdsaDerToRaw, ecdsaRawToDer } from './ecdsa-signature';
export { digest, verifyEcdsa } from './platform-crypto';
