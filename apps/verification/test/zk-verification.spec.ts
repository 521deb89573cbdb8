import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AGE_NATIONALITY_SCHEMA, ageNationalityClaims, deriveProof, generateIssuerKeyPair, InMemoryBbsSigner, issueZkCredential, publishIssuerKey, type ZkCredential } from '@citizen-zero/zk-credentials';
import { startVerification, type VerificationTestContext } from './support/verification-test-app';

const teller = { subject: 'bank-teller-1' };
const shop = { subject: 'corner-shop-1' };

async function issuer(): Promise<{ signer: InMemoryBbsSigner; published: ReturnType<typeof publishIssuerKey> }> {
  const { secretKey, publicKey } = await generateIssuerKeyPair();
  const signer = await InMemoryBbsSigner.create(secretKey, publicKey);
  secretKey.fill(0);
  return { signer, published: publishIssuerKey(publicKey, [AGE_NATIONALITY_SCHEMA]) };
}

async function credential(signer: InMemoryBbsSigner, birthDate = '1990-04-17', nationality = 'UT'): Promise<ZkCredential> {
  return issueZkCredential(signer, ageNationalityClaims({ birthDate, nationality, issuedAt: new Date(), validityMonths: 12, credentialId: crypto.getRandomValues(new Uint8Array(16)).reduce((hex, byte) => hex + byte.toString(16).padStart(2, '0'), '') }));
}

/**
 * POST /verifications/zk on the running service: proofs from libs/zk-credentials checked against
 * the trusted issuer key file, single-use nonces bound to the relying party, records by name only.
 */
describe('verification service: zero-knowledge (BBS) proofs', () => {
  let verification: VerificationTestContext;
  let dir: string;
  let trusted: Awaited<ReturnType<typeof issuer>>;
  let citizen: ZkCredential;

  beforeAll(async () => {
    trusted = await issuer();
    citizen = await credential(trusted.signer);
    dir = mkdtempSync(join(tmpdir(), 'cz-zk-keys-'));
    writeFileSync(join(dir, 'keys.json'), JSON.stringify({ keys: [trusted.published] }));
    verification = await startVerification({ CZ_VERIFICATION_ZK_ISSUER_KEYS_FILE: join(dir, 'keys.json') });
  });
  afterAll(async () => {
    await verification?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const nonceFor = async (who = teller) => {
    const issued = await verification.request('POST', '/verifications/zk/nonce', who);
    expect(issued.status, JSON.stringify(issued.body)).toBe(201);
    return issued.body as { nonce: string; audience: string; expiresAt: string };
  };
  const verify = (body: Record<string, unknown>, who = teller) => verification.request('POST', '/verifications/zk', { ...who, body });

  it('issues a nonce with the audience naming the relying party; verifies a proof once, answering what was asked, recording names only', async () => {
    const { nonce, audience, expiresAt } = await nonceFor();
    expect(nonce).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(audience).toContain(encodeURIComponent(teller.subject));
    expect(new Date(expiresAt).getTime()).toBeGreaterThan(Date.now());

    const proof = await deriveProof(citizen, ['age_over_18', 'nationality'], { audience, nonce });
    const result = await verify({ proof, nonce, request: ['age_over_18'] });
    expect(result.status).toBe(200);
    expect(result.body).toMatchObject({ valid: true, proven: { age_over_18: true }, issuerKeyId: trusted.published.kid, system: 'bbs', schema: AGE_NATIONALITY_SCHEMA, properties: { statementBasis: 'issuer-precomputed-value', holderBinding: 'none', revocation: 'expiry-only' } });
    // Nationality was disclosed by the wallet but not asked for: not returned.
    expect(result.body.proven.nationality).toBeUndefined();
    expect(result.body.validUntil).toMatch(/^\d{4}-\d{2}$/);

    const [record] = await verification.app.get(DataSource).query(`SELECT * FROM verification_records WHERE id = $1`, [result.body.recordId]);
    expect(record).toMatchObject({ kind: 'zk', relying_party: teller.subject, valid: true, doc_types: [AGE_NATIONALITY_SCHEMA] });
    expect(record.disclosed_elements.sort()).toEqual(['age_over_18', 'valid_until']);
    expect(JSON.stringify(record)).not.toMatch(/"UT"|credential_id|=/);

    // The same proof and nonce again: the nonce is spent.
    const replay = await verify({ proof, nonce, request: ['age_over_18'] });
    expect(replay.body).toMatchObject({ valid: false, code: 'ZK_NONCE_INVALID', proven: {} });
  });

  it('refuses a nonce issued to another relying party without spending it, and a proof bound to another audience', async () => {
    const mine = await nonceFor(teller);
    const proof = await deriveProof(citizen, ['age_over_18'], mine);
    expect((await verify({ proof, nonce: mine.nonce }, shop)).body.code).toBe('ZK_NONCE_INVALID');
    expect((await verify({ proof, nonce: mine.nonce }, teller)).body.valid).toBe(true);

    // The shop obtains a nonce but the wallet's proof was made for the teller's audience.
    const shopNonce = await nonceFor(shop);
    const misbound = await deriveProof(citizen, ['age_over_18'], { audience: mine.audience, nonce: shopNonce.nonce });
    expect((await verify({ proof: misbound, nonce: shopNonce.nonce }, shop)).body).toMatchObject({ valid: false, code: 'ZK_PROOF_INVALID' });
  });

  it('answers with stable codes: tampered proof, altered disclosure, untrusted issuer, claim not disclosed, expired nonce, malformed envelope', async () => {
    const tamper = async () => {
      const issued = await nonceFor();
      const proof = await deriveProof(citizen, ['age_over_18'], issued);
      const bytes = Buffer.from(proof.proof, 'base64url');
      bytes[60]! ^= 0x01;
      return verify({ proof: { ...proof, proof: bytes.toString('base64url') }, nonce: issued.nonce });
    };
    expect((await tamper()).body.code).toBe('ZK_PROOF_INVALID');

    let issued = await nonceFor();
    const honest = await deriveProof(citizen, ['age_over_21'], issued);
    expect((await verify({ proof: { ...honest, disclosed: { ...honest.disclosed, age_over_21: !honest.disclosed.age_over_21 } }, nonce: issued.nonce })).body.code).toBe('ZK_PROOF_INVALID');

    issued = await nonceFor();
    const stranger = await issuer();
    expect((await verify({ proof: await deriveProof(await credential(stranger.signer), ['age_over_18'], issued), nonce: issued.nonce })).body.code).toBe('ZK_ISSUER_KEY_UNKNOWN');

    issued = await nonceFor();
    expect((await verify({ proof: await deriveProof(citizen, ['nationality'], issued), nonce: issued.nonce, request: ['age_over_18'] })).body).toMatchObject({ valid: false, code: 'ZK_CLAIM_NOT_DISCLOSED', proven: {} });

    issued = await nonceFor();
    await verification.app.get(DataSource).query(`UPDATE zk_nonces SET expires_at = now() - interval '1 second' WHERE nonce = $1`, [issued.nonce]);
    expect((await verify({ proof: await deriveProof(citizen, ['age_over_18'], issued), nonce: issued.nonce })).body.code).toBe('ZK_NONCE_INVALID');

    issued = await nonceFor();
    expect((await verify({ proof: { fmt: 'cz-zk-proof', v: 1 }, nonce: issued.nonce })).body).toMatchObject({ valid: false, code: 'ZK_ENVELOPE_MALFORMED' });
    expect((await verify({ proof: { ...honest, fmt: 'something-else' }, nonce: (await nonceFor()).nonce })).body.code).toBe('ZK_FORMAT_UNSUPPORTED');

    // Shape errors are the caller's: 400 before any nonce is taken.
    expect((await verify({ proof: honest })).status).toBe(400);
    expect((await verify({ proof: honest, nonce: (await nonceFor()).nonce, request: ['birth_date'] })).status).toBe(400);
    const failed = await verification.app.get(DataSource).query(`SELECT failed_checks FROM verification_records WHERE kind = 'zk' AND NOT valid`);
    expect(failed.flatMap((row: { failed_checks: string[] }) => row.failed_checks)).toEqual(expect.arrayContaining(['ZK_PROOF_INVALID', 'ZK_ISSUER_KEY_UNKNOWN', 'ZK_CLAIM_NOT_DISCLOSED', 'ZK_NONCE_INVALID', 'ZK_ENVELOPE_MALFORMED']));
  });

  it('needs the verify permission', async () => {
    expect((await verification.request('POST', '/verifications/zk/nonce', { roles: ['auditor'] })).status).toBe(403);
    expect((await verification.request('POST', '/verifications/zk', { roles: ['auditor'], body: { proof: {}, nonce: 'x'.repeat(20) } })).status).toBe(403);
    expect((await verification.request('POST', '/verifications/zk/nonce', { bearer: null })).status).toBe(401);
  });

  it('says so when no issuer keys are configured', async () => {
    const bare = await startVerification();
    try {
      const refused = await bare.request('POST', '/verifications/zk/nonce', teller);
      expect(refused.status).toBe(404);
      expect(refused.body.code).toBe('ZK_NOT_CONFIGURED');
    } finally {
      await bare.close();
    }
  });
});
