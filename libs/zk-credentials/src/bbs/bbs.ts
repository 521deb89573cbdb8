import * as bbs from '@digitalbazaar/bbs-signatures';
import { BBS_CIPHERSUITE } from '../draft';

/**
 * The BBS operations of the draft's interface (KeyGen, SkToPk, Sign, Verify, ProofGen,
 * ProofVerify), fixed to BLS12-381-SHA-256. Everything BBS-specific in this library goes
 * through here, so swapping the implementation (a native one, or a newer draft) touches one file.
 * The underlying package throws on malformed points and scalars; callers turn that into codes.
 */
const ciphersuite = BBS_CIPHERSUITE;

/** KeyGen from 32+ bytes of fresh randomness, and SkToPk. */
export function bbsKeyGen(keyMaterial?: Uint8Array): Promise<{ secretKey: Uint8Array; publicKey: Uint8Array }> {
  return bbs.generateKeyPair({ ciphersuite, ...(keyMaterial && { seed: keyMaterial }) });
}

export function bbsSkToPk(secretKey: Uint8Array): Promise<Uint8Array> {
  return bbs.secretKeyToPublicKey({ secretKey, ciphersuite });
}

/** Sign: deterministic, `A ‖ e` (80 bytes). */
export function bbsSign(secretKey: Uint8Array, publicKey: Uint8Array, header: Uint8Array, messages: readonly Uint8Array[]): Promise<Uint8Array> {
  return bbs.sign({ secretKey, publicKey, header, messages: [...messages], ciphersuite });
}

/** Verify. */
export function bbsVerify(publicKey: Uint8Array, signature: Uint8Array, header: Uint8Array, messages: readonly Uint8Array[]): Promise<boolean> {
  return bbs.verifySignature({ publicKey, signature, header, messages: [...messages], ciphersuite });
}

/** ProofGen: fresh random scalars on every call (Web Crypto's CSPRNG). */
export function bbsProofGen(params: { publicKey: Uint8Array; signature: Uint8Array; header: Uint8Array; presentationHeader: Uint8Array; messages: readonly Uint8Array[]; disclosedIndexes: readonly number[] }): Promise<Uint8Array> {
  return bbs.deriveProof({
    publicKey: params.publicKey,
    signature: params.signature,
    header: params.header,
    messages: [...params.messages],
    presentationHeader: params.presentationHeader,
    disclosedMessageIndexes: [...params.disclosedIndexes],
    ciphersuite,
  });
}

/** ProofVerify. */
export function bbsProofVerify(params: { publicKey: Uint8Array; proof: Uint8Array; header: Uint8Array; presentationHeader: Uint8Array; disclosedMessages: readonly Uint8Array[]; disclosedIndexes: readonly number[] }): Promise<boolean> {
  return bbs.verifyProof({
    publicKey: params.publicKey,
    proof: params.proof,
    header: params.header,
    presentationHeader: params.presentationHeader,
    disclosedMessages: [...params.disclosedMessages],
    disclosedMessageIndexes: [...params.disclosedIndexes],
    ciphersuite,
  });
}
