import type { SignatureAlgorithm } from './signature-algorithm';

/**
 * The signing port. The domain builds the exact to-be-signed bytes
 * (a COSE Sig_structure, an X.509 TBSCertificate, …) and hands them to a Signer;
 * the Signer hashes and signs them with a key it holds and returns the signature.
 * The private key never crosses this interface, so an HSM can implement it.
 */
export interface Signer {
  readonly algorithm: SignatureAlgorithm;
  /** A stable, non-secret identifier of the key (e.g. the HSM key label), for audit and logs. */
  readonly keyId: string;
  /**
   * Signs `toBeSigned` (the message, not its hash) and returns the ECDSA signature
   * in IEEE P1363 form, r‖s each left-padded to the curve's coordinate length —
   * the form COSE (RFC 9053 §2.1) and Web Crypto use.
   */
  sign(toBeSigned: Uint8Array): Promise<Uint8Array>;
  /** The public key of the signing key pair, as DER SubjectPublicKeyInfo. */
  publicKeySpki(): Promise<Uint8Array>;
}
