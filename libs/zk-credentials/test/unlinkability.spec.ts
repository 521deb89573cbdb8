import { beforeAll, describe, expect, it } from 'vitest';
import { claimMessage, deriveProof, type DisclosableClaim, type InMemoryBbsSigner, serializeProofEnvelope, type ZkCredential } from '@citizen-zero/zk-credentials';
import { binding, credentialFor, testIssuer } from './support';

/**
 * Unlinkability (draft §1, "Unlinkable Proofs"): a verifier,
 * or several colluding, holding two presentations of the same credential must find nothing in
 * them to correlate beyond what they disclose. Tested on bytes, the way a verifier would look:
 *
 * - the proofs of one credential share no 8-byte window with each other, nor with the credential's
 *   signature or its undisclosed messages;
 * - outside the proof bytes, two envelopes of one credential are byte-identical to an envelope of
 *   another citizen's credential with the same disclosed values (format, system, issuer key id,
 *   schema, the disclosed values) — so what they have in common identifies nobody.
 */
const WINDOW = 8;

function windows(bytes: Uint8Array, size = WINDOW): Set<string> {
  const found = new Set<string>();
  for (let index = 0; index + size <= bytes.length; index++) found.add(Buffer.from(bytes.subarray(index, index + size)).toString('hex'));
  return found;
}

function sharedWindows(a: Uint8Array, b: Uint8Array, size = WINDOW): Set<string> {
  const inB = windows(b, size);
  return new Set([...windows(a, size)].filter((window) => inB.has(window)));
}

const proofBytes = (envelope: { proof: string }) => Uint8Array.from(Buffer.from(envelope.proof, 'base64url'));
const envelopeBytes = (envelope: Parameters<typeof serializeProofEnvelope>[0]) => new TextEncoder().encode(serializeProofEnvelope(envelope));

describe('two proofs from the same credential cannot be linked', () => {
  let signer: InMemoryBbsSigner;
  let credential: ZkCredential;
  let neighbour: ZkCredential;

  beforeAll(async () => {
    ({ signer } = await testIssuer());
    credential = await credentialFor(signer, '1990-04-17', 'UT', '0123456789abcdef0123456789abcdef');
    // Another citizen whose disclosed claims are the same (adult, UT, same validity month).
    neighbour = await credentialFor(signer, '1975-09-02', 'UT', 'fedcba9876543210fedcba9876543210');
  });

  const disclosures: DisclosableClaim[][] = [['age_over_18'], ['nationality'], ['age_over_18', 'nationality']];
  for (const disclose of disclosures) {
    it(`disclosing ${disclose.join(' and ')}: no common 8-byte window between the proofs, even for the same verifier and nonce`, async () => {
      const sameVerifier = binding();
      const a = await deriveProof(credential, disclose, sameVerifier);
      const b = await deriveProof(credential, disclose, sameVerifier);
      const c = await deriveProof(credential, disclose, binding());
      for (const [x, y] of [[a, b], [a, c], [b, c]] as const) expect(sharedWindows(proofBytes(x), proofBytes(y)).size).toBe(0);
    });
  }

  it('twelve proofs of one credential are pairwise disjoint at 8-byte granularity, and none contains the signature or an undisclosed message', async () => {
    const proofs = [];
    for (let index = 0; index < 12; index++) proofs.push(proofBytes(await deriveProof(credential, ['age_over_18'], binding())));
    for (let i = 0; i < proofs.length; i++) for (let j = i + 1; j < proofs.length; j++) expect(sharedWindows(proofs[i]!, proofs[j]!).size, `proofs ${i} and ${j}`).toBe(0);

    const signature = Uint8Array.from(Buffer.from(credential.signature, 'base64url'));
    const undisclosed = (['age_over_21', 'nationality', 'credential_id'] as const).map((name) => claimMessage(name, credential.claims[name]));
    for (const proof of proofs) {
      expect(sharedWindows(proof, signature).size).toBe(0);
      // Messages shorter than the window are compared whole.
      for (const message of undisclosed) expect(sharedWindows(proof, message, Math.min(WINDOW, message.length)).size).toBe(0);
    }
  });

  it('outside the proof bytes, an envelope is the same for every citizen with the same disclosed values; the proof bytes are disjoint', async () => {
    for (const disclose of disclosures) {
      const a = await deriveProof(credential, disclose, binding());
      const b = await deriveProof(credential, disclose, binding());
      const other = await deriveProof(neighbour, disclose, binding());
      // Everything but the proof — format, system, draft, suite, issuer key id, schema, the disclosed
      // values — is byte-identical across the two presentations AND another citizen's.
      const withoutProof = (envelope: typeof a) => serializeProofEnvelope({ ...envelope, proof: '' });
      expect(withoutProof(a)).toBe(withoutProof(b));
      expect(withoutProof(a)).toBe(withoutProof(other));
      expect(sharedWindows(proofBytes(a), proofBytes(b)).size).toBe(0);
      // As text the proofs may agree on their first base64 character (the flag bits of a compressed
      // G1 point, the same for everyone) but on no 8 consecutive characters.
      expect(sharedWindows(new TextEncoder().encode(a.proof), new TextEncoder().encode(b.proof)).size).toBe(0);
      expect(envelopeBytes(a).length).toBe(envelopeBytes(other).length);
    }
  });

  it('an envelope carries no encoding of what it does not disclose', async () => {
    const envelope = serializeProofEnvelope(await deriveProof(credential, ['age_over_18'], binding()));
    for (const hidden of ['"age_over_21"', '"nationality"', '"credential_id"', credential.claims.credential_id, credential.signature.slice(0, 16), credential.pk.slice(0, 16)]) expect(envelope).not.toContain(hidden);
    // The key id is a hash of the issuer key, the same in every citizen's envelopes.
    expect(envelope).toContain(credential.kid);
  });
});
