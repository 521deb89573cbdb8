import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deriveProof, parsePublishedIssuerKeySet, parseZkCredential, verifyProof, verifyZkCredential, type ZkCredential } from '@citizen-zero/zk-credentials';
import { syntheticPortraitJpeg } from '@citizen-zero/test-harness';
import { BiometricStandIn, eventually } from './support/biometric-stand-in';
import { type IdentityTestContext, startIdentity } from './support/identity-test-app';
import { TestWallet } from './support/test-wallet';
import { bbsKeyCeremony } from './support/zk-ceremony';
import { EnvelopeEncryption } from '../src/crypto/envelope-encryption';
import { KeyCustody } from '../src/crypto/key-custody';
import { ZkIssuer } from '../src/zk/zk-issuer';

const registrar = { roles: ['registrar'], subject: 'registrar-zk' };
const approver = { roles: ['approver'], subject: 'approver-zk' };
const ZK = 'citizen-zero-zk-age-nationality';

/**
 * The zero-knowledge age and nationality credential issued by the identity service beside the
 * mdoc, on real PostgreSQL, Redis and SoftHSM2: the BBS key from `cz bbs keygen` (sealed under an
 * HSM key), unsealed at boot; the claims from the person's record at redemption.
 */
describe('zero-knowledge credentials (BBS) through OpenID4VCI, beside the mdoc', () => {
  let identity: IdentityTestContext;
  let biometric: BiometricStandIn;
  let ceremony: ReturnType<typeof bbsKeyCeremony>;

  /** A person with an approved mDL ready to offer; returns the document id. */
  async function personWithMdl(givenNames: string, birthDate: string, nationalities: string[]): Promise<{ personId: string; documentId: string }> {
    const person = await identity.request('POST', '/persons', {
      ...registrar,
      body: { familyName: 'Zeroknowledge', givenNames, birthDate, placeOfBirth: 'Utopia City', sex: 'X', nationalities, addresses: [], portrait: Buffer.from(syntheticPortraitJpeg()).toString('base64') },
    });
    expect(person.status, JSON.stringify(person.body)).toBe(201);
    const created = await identity.request('POST', '/applications', { ...registrar, body: { type: 'mdl', personId: person.body.id, drivingPrivileges: [{ vehicleCategoryCode: 'B' }], reason: 'passed the driving test' } });
    const id = created.body.id;
    await identity.request('POST', `/applications/${id}/submission`, { ...registrar, body: { reason: 'form signed' } });
    await identity.request('POST', `/applications/${id}/biometrics`, { ...registrar, body: { reason: 'live capture', references: [{ modality: 'face', reference: `face-${givenNames}` }] } });
    await eventually(async () => ((await identity.request('GET', `/applications/${id}`, approver)).body.state === 'review' ? true : undefined), 'review');
    await identity.request('POST', `/applications/${id}/approval`, { ...approver, body: { reason: 'test passed' } });
    await eventually(async () => ((await identity.request('GET', `/applications/${id}`, approver)).body.state === 'issued' ? true : undefined), 'issued');
    const documents = await identity.request('GET', `/persons/${person.body.id}/documents`, approver);
    return { personId: person.body.id, documentId: documents.body.find((document: { kind: string }) => document.kind === 'mdl-credential').id };
  }

  async function requestZk(issuer: string, accessToken: string): Promise<{ status: number; body: any }> {
    const response = await fetch(`${issuer}/oid4vci/credential`, { method: 'POST', headers: { authorization: `Bearer ${accessToken}`, 'content-type': 'application/json' }, body: JSON.stringify({ credential_configuration_id: ZK }) });
    return { status: response.status, body: await response.json() };
  }

  beforeAll(async () => {
    identity = await startIdentity();
    biometric = new BiometricStandIn(identity.config.redisUrl, identity.config.queuePrefix, () => ({ outcome: 'no-match' }));
  }, 60_000);

  afterAll(async () => {
    await biometric?.close();
    await identity?.close();
    if (ceremony) rmSync(ceremony.dataDir, { recursive: true, force: true });
  });

  it('is not offered while no issuer key is configured', async () => {
    expect((await identity.request('GET', '/zk/issuer-keys', { bearer: null })).body).toEqual({ keys: [] });
    const metadata = await (await fetch(`${identity.baseUrl}/.well-known/openid-credential-issuer`)).json();
    expect(Object.keys(metadata.credential_configurations_supported)).not.toContain(ZK);
  });

  it('unseals the key the ceremony made (through the HSM) at boot and publishes its public key', async () => {
    ceremony = bbsKeyCeremony(identity.token);
    const sealedFile = readFileSync(ceremony.sealedKeyFile, 'utf8');
    expect(JSON.parse(sealedFile)).toMatchObject({ format: 'cz-bbs-issuer-key', kid: ceremony.kid, sealedSecretKey: { keyLabel: 'zk-issuer-kek-1' } });
    await identity.restart({ CZ_IDENTITY_ZK_ISSUER_KEY_FILE: ceremony.sealedKeyFile });
    const published = await identity.request('GET', '/zk/issuer-keys', { bearer: null });
    expect(published.status).toBe(200);
    const [key] = await parsePublishedIssuerKeySet(published.body);
    expect(key!.kid).toBe(ceremony.kid);
    // What the service publishes is what the ceremony wrote for verifiers.
    expect(published.body).toEqual(JSON.parse(readFileSync(ceremony.publicKeyFile, 'utf8')));
  });

  it('refuses a sealed key that was altered or moved under another key id (what boot does, with the HSM custody of the service)', async () => {
    const file = JSON.parse(readFileSync(ceremony.sealedKeyFile, 'utf8'));
    const ciphertext = Buffer.from(file.sealedSecretKey.ciphertext, 'base64url');
    ciphertext[20]! ^= 0x01;
    const tampered = join(ceremony.dataDir, 'tampered.key.json');
    writeFileSync(tampered, JSON.stringify({ ...file, sealedSecretKey: { ...file.sealedSecretKey, ciphertext: ciphertext.toString('base64url') } }));
    const other = bbsKeyCeremony(identity.token, 'bbs-issuer-other');
    const swapped = join(ceremony.dataDir, 'swapped.key.json');
    writeFileSync(swapped, JSON.stringify({ ...JSON.parse(readFileSync(other.sealedKeyFile, 'utf8')), sealedSecretKey: file.sealedSecretKey }));
    const custody = await KeyCustody.open(identity.config);
    try {
      const load = (issuerKeyFile: string) => ZkIssuer.load({ ...identity.config, zk: { issuerKeyFile, validityMonths: 12 } }, new EnvelopeEncryption(custody));
      await expect(load(tampered)).rejects.toMatchObject({ code: 'RECORD_DECRYPTION_FAILED' });
      await expect(load(swapped)).rejects.toMatchObject({ code: 'RECORD_DECRYPTION_FAILED' });
      await expect(load(join(ceremony.dataDir, 'missing.key.json'))).rejects.toMatchObject({ code: 'ZK_ISSUER_KEY_UNAVAILABLE' });
      const good = await load(ceremony.sealedKeyFile);
      expect(good.publishedKeys().keys[0]!.kid).toBe(ceremony.kid);
      good.onApplicationShutdown();
      expect(() => good.bbsSigner.sign(new Uint8Array(), [])).toThrow();
    } finally {
      await custody.onApplicationShutdown();
      rmSync(other.dataDir, { recursive: true, force: true });
    }
  });

  it('offers the BBS credential with the mDL; issues it from the record, bound to no device, and it yields verifiable, unlinkable proofs', async () => {
    const { documentId } = await personWithMdl('Ada', '1990-04-17', ['UT', 'FR']);
    const offer = await identity.request('POST', `/documents/${documentId}/offer`, approver);
    expect(offer.status).toBe(200);
    expect(JSON.parse(decodeURIComponent(offer.body.uri.split('credential_offer=')[1])).credential_configuration_ids).toEqual(['org.iso.18013.5.1.mDL', ZK]);

    const wallet = await TestWallet.create();
    const redeemed = await wallet.redeem(offer.body.uri, offer.body.txCode);
    expect(redeemed.credentialStatus).toBe(200);
    expect(redeemed.metadata.credential_configurations_supported[ZK]).toMatchObject({ format: 'cz_zk_bbs', cz_zk: { schema: 'cz-zk-age-nationality/1', specification: 'draft-irtf-cfrg-bbs-signatures-08', issuer_keys_uri: `${identity.baseUrl}/zk/issuer-keys` } });
    expect(redeemed.metadata.credential_configurations_supported[ZK].cryptographic_binding_methods_supported).toBeUndefined();

    // The same access token redeems the zero-knowledge credential, with no key proof.
    const zk = await requestZk(redeemed.issuer, redeemed.accessToken!);
    expect(zk.status, JSON.stringify(zk.body)).toBe(200);
    const credential: ZkCredential = parseZkCredential(zk.body.credentials[0].credential);
    const trusted = await parsePublishedIssuerKeySet((await identity.request('GET', '/zk/issuer-keys', { bearer: null })).body);
    expect((await verifyZkCredential(credential, trusted)).kid).toBe(ceremony.kid);
    expect(credential.claims).toMatchObject({ age_over_18: true, age_over_21: true, nationality: 'UT' });
    expect(credential.claims.valid_until).toMatch(/^\d{4}-\d{2}$/);
    expect(JSON.stringify(credential)).not.toMatch(/Ada|Zeroknowledge|1990-04-17|deviceKey|cose_key/);

    // A wallet derives proofs for two verifiers; each verifies, and they share no 8-byte window.
    const proofs = [];
    for (const verifier of ['https://bank.example', 'https://bar.example']) {
      const binding = { audience: verifier, nonce: Buffer.from(crypto.getRandomValues(new Uint8Array(24))).toString('base64url') };
      const envelope = await deriveProof(credential, ['age_over_18'], binding);
      expect(await verifyProof(envelope, { trustedKeys: trusted, binding })).toMatchObject({ valid: true, proven: { age_over_18: true } });
      proofs.push(Buffer.from(envelope.proof, 'base64url'));
    }
    const windows = (bytes: Buffer) => new Set(Array.from({ length: bytes.length - 7 }, (_, index) => bytes.subarray(index, index + 8).toString('hex')));
    const first = windows(proofs[0]!);
    expect([...windows(proofs[1]!)].filter((window) => first.has(window))).toEqual([]);

    // Each issuance is audited with ids and codes only.
    const [entry] = await identity.app.get(DataSource).query(`SELECT actor, action, resource_id, details FROM audit_log WHERE action = 'credential.zk-issue' AND resource_id = $1`, [documentId]);
    expect(entry).toMatchObject({ actor: 'system:issuance', resource_id: documentId, details: { schema: 'cz-zk-age-nationality/1', kid: ceremony.kid, credentialId: credential.claims.credential_id } });
    expect(JSON.stringify(entry)).not.toMatch(/Ada|1990|"UT"/);
  });

  it('computes the age predicates from the birth date on the day of redemption (a 19-year-old is over 18, not over 21)', async () => {
    const nineteen = new Date();
    nineteen.setUTCFullYear(nineteen.getUTCFullYear() - 19);
    const { documentId } = await personWithMdl('Bo', nineteen.toISOString().slice(0, 10), ['UT']);
    const offer = await identity.request('POST', `/documents/${documentId}/offer`, approver);
    const redeemed = await (await TestWallet.create()).redeem(offer.body.uri, offer.body.txCode);
    const zk = await requestZk(redeemed.issuer, redeemed.accessToken!);
    expect(zk.body.credentials[0].credential.claims).toMatchObject({ age_over_18: true, age_over_21: false });
  });

  it('refuses the credential for a suspended document and an unknown access token, in the OAuth error shape', async () => {
    const { documentId } = await personWithMdl('Cy', '1985-01-01', ['UT']);
    const offer = await identity.request('POST', `/documents/${documentId}/offer`, approver);
    const redeemed = await (await TestWallet.create()).redeem(offer.body.uri, offer.body.txCode);
    const suspended = await identity.request('POST', `/documents/${documentId}/lifecycle`, { ...approver, body: { action: 'suspend', reason: 'lost' } });
    expect(suspended.status, JSON.stringify(suspended.body)).toBeLessThan(300);
    const refused = await requestZk(redeemed.issuer, redeemed.accessToken!);
    expect(refused.status).toBe(400);
    expect(refused.body).toMatchObject({ error: 'credential_request_denied' });
    const unknown = await requestZk(redeemed.issuer, 'not-a-token');
    expect(unknown.status).toBe(401);
    expect(unknown.body.error).toBe('invalid_token');
  });
});
