import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import * as bbs from '@digitalbazaar/bbs-signatures';
import { BBS_CIPHERSUITE, BBS_CIPHERSUITE_ID, bbsProofLength } from '@citizen-zero/zk-credentials';

/**
 * The BBS implementation against the draft's own test vectors (BLS12-381-SHA-256): signing is
 * deterministic, so signatures must match byte for byte; proofs are randomised, so the fixtures
 * are reproduced with the draft's mocked random scalars through the package's internal ProofGen
 * (its public API always draws real randomness), and verified through the public API.
 */
interface Fixtures {
  keyPair: { keyMaterial: string; keyInfo: string; keyDst: string; secretKey: string; publicKey: string };
  messages: string[];
  mockedRandomScalars: { seed: string; dst: string };
  signatures: Array<{ case: string; header: string; messages: number[]; signature: string }>;
  invalidSignatures: Array<{ case: string; publicKey: string; header: string; messages: number[]; signature: string }>;
  proofs: Array<{ case: string; signature: string; header: string; presentationHeader: string; messages: number[]; disclosed: number[]; proof: string }>;
}

const fixtures = JSON.parse(readFileSync(join(import.meta.dirname, 'fixtures', 'bbs-draft-08-bls12-381-sha-256.json'), 'utf8')) as Fixtures;
const hex = (text: string) => Uint8Array.from(Buffer.from(text, 'hex'));
const toHex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex');
const messages = fixtures.messages.map(hex);
const ciphersuite = BBS_CIPHERSUITE;
const secretKey = hex(fixtures.keyPair.secretKey);
const publicKey = hex(fixtures.keyPair.publicKey);

/** The package's internal modules (not in its export map), for the draft's deterministic KeyGen and mocked ProofGen. */
async function internal<T>(path: string): Promise<T> {
  const entry = createRequire(import.meta.url).resolve('@digitalbazaar/bbs-signatures');
  return (await import(pathToFileURL(join(dirname(entry), path)).href)) as T;
}

describe('BBS against the draft-irtf-cfrg-bbs-signatures-08 BLS12-381-SHA-256 vectors', () => {
  it('names the ciphersuite the vectors are for', () => {
    expect(BBS_CIPHERSUITE_ID).toBe('BBS_BLS12381G1_XMD:SHA-256_SSWU_RO_');
    expect(fixtures.keyPair.keyDst.startsWith(BBS_CIPHERSUITE_ID)).toBe(true);
  });

  it('KeyGen with the key material, key_info and key_dst gives the secret key; SkToPk its public key', async () => {
    const { KeyGen } = await internal<{ KeyGen: (input: { key_material: Uint8Array; key_info: Uint8Array; key_dst: Uint8Array; ciphersuite: string }) => bigint }>('bbs/keypair.js');
    const sk = KeyGen({ key_material: hex(fixtures.keyPair.keyMaterial), key_info: hex(fixtures.keyPair.keyInfo), key_dst: new TextEncoder().encode(fixtures.keyPair.keyDst), ciphersuite });
    expect(sk.toString(16).padStart(64, '0')).toBe(fixtures.keyPair.secretKey);
    expect(toHex(await bbs.secretKeyToPublicKey({ secretKey, ciphersuite }))).toBe(fixtures.keyPair.publicKey);
  });

  for (const vector of fixtures.signatures) {
    it(`Sign reproduces "${vector.case}" byte for byte, and Verify accepts it`, async () => {
      const signed = await bbs.sign({ secretKey, publicKey, header: hex(vector.header), messages: vector.messages.map((index) => messages[index]!), ciphersuite });
      expect(toHex(signed)).toBe(vector.signature);
      expect(await bbs.verifySignature({ publicKey, signature: signed, header: hex(vector.header), messages: vector.messages.map((index) => messages[index]!), ciphersuite })).toBe(true);
    });
  }

  for (const vector of fixtures.invalidSignatures) {
    it(`Verify rejects "${vector.case}"`, async () => {
      expect(await bbs.verifySignature({ publicKey: hex(vector.publicKey), signature: hex(vector.signature), header: hex(vector.header), messages: vector.messages.map((index) => messages[index]!), ciphersuite })).toBe(false);
    });
  }

  for (const vector of fixtures.proofs) {
    it(`ProofGen with the mocked random scalars reproduces "${vector.case}", ProofVerify accepts it and rejects it altered`, async () => {
      const { ProofGen } = await internal<{ ProofGen: (input: Record<string, unknown>) => Promise<Uint8Array> }>('bbs/interface.js');
      const proof = await ProofGen({
        PK: publicKey,
        signature: hex(vector.signature),
        header: hex(vector.header),
        ph: hex(vector.presentationHeader),
        messages: vector.messages.map((index) => messages[index]!),
        disclosed_indexes: vector.disclosed,
        ciphersuite,
        mocked_random_scalars_options: { seed: hex(fixtures.mockedRandomScalars.seed), dst: new TextEncoder().encode(fixtures.mockedRandomScalars.dst) },
      });
      expect(toHex(proof)).toBe(vector.proof);
      expect(proof.length).toBe(bbsProofLength(vector.messages.length - vector.disclosed.length));
      const verify = (overrides: { proof?: Uint8Array; presentationHeader?: Uint8Array; disclosedMessages?: Uint8Array[] } = {}) =>
        bbs.verifyProof({
          publicKey,
          proof: overrides.proof ?? hex(vector.proof),
          header: hex(vector.header),
          presentationHeader: overrides.presentationHeader ?? hex(vector.presentationHeader),
          disclosedMessages: overrides.disclosedMessages ?? vector.disclosed.map((index) => messages[index]!),
          disclosedMessageIndexes: vector.disclosed,
          ciphersuite,
        });
      expect(await verify()).toBe(true);
      const flipped = hex(vector.proof);
      flipped[flipped.length - 1]! ^= 0x01;
      expect(await verify({ proof: flipped })).toBe(false);
      expect(await verify({ presentationHeader: Uint8Array.of(1, 2, 3) })).toBe(false);
    });
  }
});
