import { beforeAll, describe, expect, it } from 'vitest';
import {
  bbsProofLength,
  bbsProofSystem,
  deriveProof,
  type DisclosableClaim,
  generateIssuerKeyPair,
  InMemoryBbsSigner,
  type IssuerPublicKey,
  parseProofEnvelope,
  parseZkCredential,
  serializeProofEnvelope,
  verifyProof,
  verifyZkCredential,
  verifyZkPresentation,
  type ZkCredential,
  ZkCredentialError,
  type ZkProofEnvelope,
} from '@citizen-zero/zk-credentials';
import { binding, credentialFor, ISSUED_AT, testIssuer } from './support';

const AT = new Date('2027-01-15T00:00:00Z');

describe('BBS age and nationality credentials: issue, derive, verify', () => {
  let signer: InMemoryBbsSigner;
  let publicKey: IssuerPublicKey;
  let credential: ZkCredential;

  beforeAll(async () => {
    ({ signer, publicKey } = await testIssuer());
    credential = await credentialFor(signer);
  });

  it('issues a credential the holder can check, with the claims computed at issuance', async () => {
    expect(credential.claims).toEqual({ age_over_18: true, age_over_21: true, nationality: 'UT', valid_until: '2027-11', credential_id: '0123456789abcdef0123456789abcdef' });
    expect(credential.kid).toBe(publicKey.kid);
    expect((await verifyZkCredential(parseZkCredential(JSON.stringify(credential)), [publicKey])).kid).toBe(publicKey.kid);
    const forged = { ...credential, claims: { ...credential.claims, age_over_21: false } };
    await expect(verifyZkCredential(forged)).rejects.toMatchObject({ code: 'ZK_CREDENTIAL_INVALID' });
    const other = await testIssuer();
    await expect(verifyZkCredential(credential, [other.publicKey])).rejects.toMatchObject({ code: 'ZK_ISSUER_KEY_UNKNOWN' });
  });

  const choices: DisclosableClaim[][] = [['age_over_18'], ['nationality'], ['age_over_18', 'nationality'], ['age_over_21']];
  for (const disclose of choices) {
    it(`derives and verifies a proof disclosing ${disclose.join(' and ')} (and valid_until), nothing else`, async () => {
      const bound = binding();
      const envelope = await deriveProof(credential, disclose, bound);
      expect(Object.keys(envelope.disclosed).sort()).toEqual([...disclose, 'valid_until'].sort());
      expect(serializeProofEnvelope(envelope)).not.toContain('0123456789abcdef');
      const verdict = await verifyProof(serializeProofEnvelope(envelope), { trustedKeys: [publicKey], binding: bound, at: AT });
      expect(verdict).toMatchObject({ valid: true, issuerKeyId: publicKey.kid, validUntil: '2027-11', properties: { statementBasis: 'issuer-precomputed-value', holderBinding: 'none' } });
      expect(verdict.proven).toEqual(Object.fromEntries(disclose.map((name) => [name, credential.claims[name]])));
      expect(Buffer.from(envelope.proof, 'base64url').length).toBe(bbsProofLength(5 - disclose.length - 1));
    });
  }

  it('answers false as proven when the holder discloses a false predicate (a minor at issuance)', async () => {
    const minor = await credentialFor(signer, '2010-02-01');
    const bound = binding();
    const verdict = await verifyProof(await deriveProof(minor, ['age_over_18'], bound), { trustedKeys: [publicKey], binding: bound, at: AT });
    expect(verdict).toMatchObject({ valid: true, proven: { age_over_18: false } });
  });

  describe('refuses', () => {
    let bound: { audience: string; nonce: string };
    let envelope: ZkProofEnvelope;
    beforeAll(async () => {
      bound = binding();
      envelope = await deriveProof(credential, ['age_over_18', 'nationality'], bound);
    });
    const verify = (value: unknown, options: Partial<Parameters<typeof verifyProof>[1]> = {}) => verifyProof(value, { trustedKeys: [publicKey], binding: bound, at: AT, ...options });

    it('a proof with any byte altered', async () => {
      const proof = Buffer.from(envelope.proof, 'base64url');
      for (const index of [0, 50, 100, 150, 200, proof.length - 1]) {
        const altered = Buffer.from(proof);
        altered[index]! ^= 0x04;
        const verdict = await verify({ ...envelope, proof: altered.toString('base64url') });
        expect(verdict.valid, `byte ${index}`).toBe(false);
        expect(verdict.code).toBe('ZK_PROOF_INVALID');
        expect(verdict.proven).toEqual({});
      }
    });

    it('a disclosed value changed after the fact (age, nationality, validity)', async () => {
      for (const disclosed of [
        { ...envelope.disclosed, age_over_18: false },
        { ...envelope.disclosed, nationality: 'FR' },
        { ...envelope.disclosed, valid_until: '2099-12' },
      ]) {
        expect((await verify({ ...envelope, disclosed })).code).toBe('ZK_PROOF_INVALID');
      }
    });

    it('a proof presented with another nonce or to another audience (replay)', async () => {
      expect((await verify(envelope, { binding: { ...bound, nonce: binding().nonce } })).code).toBe('ZK_PROOF_INVALID');
      expect((await verify(envelope, { binding: { ...bound, audience: 'https://shop.example' } })).code).toBe('ZK_PROOF_INVALID');
    });

    it('a proof checked against another issuer key, even when the kid is rewritten to it', async () => {
      const other = await testIssuer();
      expect((await verify(envelope, { trustedKeys: [other.publicKey] })).code).toBe('ZK_ISSUER_KEY_UNKNOWN');
      expect((await verify({ ...envelope, kid: other.publicKey.kid }, { trustedKeys: [other.publicKey] })).code).toBe('ZK_PROOF_INVALID');
      // A credential from an untrusted issuer, well-formed and honestly derived.
      const foreign = await deriveProof(await credentialFor(other.signer), ['age_over_18'], bound);
      expect((await verify(foreign)).code).toBe('ZK_ISSUER_KEY_UNKNOWN');
    });

    it('a disclosure that drops valid_until, hides a disclosed claim, or adds credential_id', async () => {
      const { valid_until: _dropped, ...withoutValidity } = envelope.disclosed;
      expect((await verify({ ...envelope, disclosed: withoutValidity })).code).toBe('ZK_DISCLOSURE_INVALID');
      const { nationality: _hidden, ...fewer } = envelope.disclosed;
      expect((await verify({ ...envelope, disclosed: fewer })).code).toBe('ZK_PROOF_INVALID');
      expect((await verify({ ...envelope, disclosed: { ...envelope.disclosed, credential_id: credential.claims.credential_id } })).code).toBe('ZK_DISCLOSURE_INVALID');
      await expect(deriveProof(credential, ['credential_id' as DisclosableClaim], bound)).rejects.toMatchObject({ code: 'ZK_DISCLOSURE_INVALID' });
      await expect(deriveProof(credential, [], bound)).rejects.toMatchObject({ code: 'ZK_DISCLOSURE_INVALID' });
      await expect(deriveProof(credential, ['age_over_18', 'age_over_18'], bound)).rejects.toMatchObject({ code: 'ZK_DISCLOSURE_INVALID' });
    });

    it('an expired credential, once the proof itself verifies', async () => {
      const verdict = await verify(envelope, { at: new Date('2027-12-01T00:00:00Z') });
      expect(verdict).toMatchObject({ valid: false, code: 'ZK_CREDENTIAL_EXPIRED', proven: {} });
      expect((await verify(envelope, { at: new Date('2027-11-30T23:59:59Z') })).valid).toBe(true);
    });

    it('malformed envelopes, other formats, drafts, systems and schemas, with codes and no throw', async () => {
      expect((await verify('{not json')).code).toBe('ZK_ENVELOPE_MALFORMED');
      expect((await verify({ ...envelope, extra: 1 })).code).toBe('ZK_ENVELOPE_MALFORMED');
      expect((await verify({ ...envelope, proof: 'AA==' })).code).toBe('ZK_ENVELOPE_MALFORMED');
      expect((await verify({ ...envelope, disclosed: { ...envelope.disclosed, age_over_18: 'yes' } })).code).toBe('ZK_ENVELOPE_MALFORMED');
      expect((await verify({ ...envelope, v: 2 })).code).toBe('ZK_FORMAT_UNSUPPORTED');
      expect((await verify({ ...envelope, spec: 'draft-irtf-cfrg-bbs-signatures-05' })).code).toBe('ZK_FORMAT_UNSUPPORTED');
      expect((await verify({ ...envelope, suite: 'BLS12-381-SHAKE-256' })).code).toBe('ZK_FORMAT_UNSUPPORTED');
      expect((await verify({ ...envelope, schema: 'cz-zk-age-nationality/2' })).code).toBe('ZK_SCHEMA_UNKNOWN');
      expect((await verify({ ...envelope, proof: envelope.proof.slice(0, -64) })).code).toBe('ZK_PROOF_INVALID');
      expect((await verifyZkPresentation({ ...envelope, sys: 'longfellow' }, { systems: [bbsProofSystem], trust: { issuerKeys: [publicKey] }, binding: bound, at: AT })).code).toBe('ZK_FORMAT_UNSUPPORTED');
      expect(() => parseProofEnvelope([])).toThrow(ZkCredentialError);
    });

    it('a nonce too short to be fresh, and an empty audience, at derivation', async () => {
      await expect(deriveProof(credential, ['age_over_18'], { audience: 'x', nonce: 'short' })).rejects.toMatchObject({ code: 'ZK_BINDING_INVALID' });
      await expect(deriveProof(credential, ['age_over_18'], { audience: '', nonce: binding().nonce })).rejects.toMatchObject({ code: 'ZK_BINDING_INVALID' });
    });
  });

  it('goes through the proof-system slot the same way', async () => {
    const bound = binding();
    const envelope = await bbsProofSystem.derive(credential, { disclose: ['nationality'], binding: bound });
    const verdict = await verifyZkPresentation(serializeProofEnvelope(envelope), { systems: [bbsProofSystem], trust: { issuerKeys: [publicKey] }, binding: bound, at: AT });
    expect(verdict).toMatchObject({ valid: true, system: 'bbs', proven: { nationality: 'UT' } });
  });

  it('keeps the signer from signing once destroyed, and refuses a secret key for another public key', async () => {
    const pair = await generateIssuerKeyPair();
    const doomed = await InMemoryBbsSigner.create(pair.secretKey);
    doomed.destroy();
    expect(() => doomed.sign(new Uint8Array(), [])).toThrow(ZkCredentialError);
    await expect(InMemoryBbsSigner.create(pair.secretKey, publicKey)).rejects.toMatchObject({ code: 'ZK_SECRET_KEY_INVALID' });
    await expect(InMemoryBbsSigner.create(new Uint8Array(32))).rejects.toMatchObject({ code: 'ZK_SECRET_KEY_INVALID' });
    expect(ISSUED_AT.getUTCFullYear()).toBe(2026);
  });
});
