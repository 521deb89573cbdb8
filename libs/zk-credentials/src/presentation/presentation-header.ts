import { concatBytes, uint16, utf8 } from '../encoding/bytes';
import { ZkCredentialError } from '../zk-error';

/**
 * What a presentation is bound to: the verifier's audience (who asked) and its fresh nonce.
 * Both come from the verifier; neither comes from the credential, so they add nothing a
 * verifier could correlate across presentations.
 */
export interface ProofBinding {
  readonly audience: string;
  readonly nonce: string;
}

const MAX_LENGTH = 1024;
const DOMAIN = utf8('cz-zk-presentation:v1');

/**
 * The BBS presentation header (the draft's `ph` of ProofGen and ProofVerify), which the proof's challenge commits to:
 * `"cz-zk-presentation:v1" ‖ 0x00 ‖ I2OSP(len(aud), 2) ‖ aud ‖ I2OSP(len(nonce), 2) ‖ nonce`, both
 * UTF-8. Length prefixes make it injective; a proof made for one (audience, nonce) does not verify
 * for any other. Throws ZK_BINDING_INVALID for an empty or over-long value.
 */
export function presentationHeader(binding: ProofBinding): Uint8Array {
  const audience = utf8(binding.audience);
  const nonce = utf8(binding.nonce);
  if (audience.length === 0 || audience.length > MAX_LENGTH) throw new ZkCredentialError('ZK_BINDING_INVALID', `the audience must be 1 to ${MAX_LENGTH} bytes`);
  if (nonce.length < 16 || nonce.length > MAX_LENGTH) throw new ZkCredentialError('ZK_BINDING_INVALID', `the nonce must be 16 to ${MAX_LENGTH} bytes (at least 128 bits of a fresh random value, encoded)`);
  return concatBytes(DOMAIN, Uint8Array.of(0), uint16(audience.length), audience, uint16(nonce.length), nonce);
}
