import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Hsm } from '@citizen-zero/hsm';
import { CoseSign1, decodeCbor } from '@citizen-zero/mdoc';
import { certificatePem, createIacaCertificate, issueDocumentSignerCertificate, parseCertificate } from '@citizen-zero/pki';
import { SoftwareSigner } from '@citizen-zero/signing/testing';
import { createTestToken } from '@citizen-zero/test-harness';
import { TestIssuer } from './support/test-issuer';
import { startVerification, type VerificationTestContext } from './support/verification-test-app';

const officer = { roles: ['security-officer'], subject: 'security-officer-2' };

describe('signed trust bundle (VICAL in COSE_Sign1, key in the HSM)', () => {
  let issuer: TestIssuer;
  let verification: VerificationTestContext;
  let signerCertificateDer: Uint8Array;

  beforeAll(async () => {
    issuer = await TestIssuer.start();
    // The trust-list signer: a key in the HSM, certified by the operator's own CA.
    const token = createTestToken('verification');
    const hsm = await Hsm.open(token);
    await hsm.generateEcKeyPair({ label: 'trust-list-signer', curve: 'P-256' });
    const spki = await (await hsm.signer('trust-list-signer')).publicKeySpki();
    await hsm.close();
    const caSigner = await SoftwareSigner.generate('ES384', 'operator-ca');
    const now = Date.now();
    const ca = await createIacaCertificate({ signer: caSigner, subject: { country: 'UT', commonName: 'Utopia Trust List CA' }, validity: { notBefore: new Date(now - 86_400_000), notAfter: new Date(now + 3 * 365 * 86_400_000) }, issuerAlternativeName: { uri: 'https://trust.utopia.example' }, crlDistributionPointUri: 'https://trust.utopia.example/crl' });
    const signerCertificate = await issueDocumentSignerCertificate({ iacaSigner: caSigner, iacaCertificate: ca, publicKeySpki: spki, subject: { country: 'UT', commonName: 'Utopia Trust List Signer' }, validity: { notBefore: new Date(now - 86_400_000), notAfter: new Date(now + 365 * 86_400_000) } });
    signerCertificateDer = new Uint8Array(signerCertificate.rawData);
    const certificateFile = join(tmpdir(), `cz-trust-list-signer-${now}.pem`);
    writeFileSync(certificateFile, certificatePem(signerCertificate));
    verification = await startVerification({ CZ_HSM_MODULE: token.modulePath, CZ_HSM_TOKEN: token.tokenLabel, CZ_HSM_PIN: token.pin, CZ_VERIFICATION_BUNDLE_KEY_LABEL: 'trust-list-signer', CZ_VERIFICATION_BUNDLE_CERTIFICATE: certificateFile });
  });
  afterAll(async () => {
    await verification?.close();
    await issuer?.close();
  });

  const fetchVical = async () => {
    const response = await fetch(`${verification.baseUrl}/trust/bundle.vical`);
    expect(response.headers.get('content-type')).toContain('application/cose');
    const message = CoseSign1.fromCbor(decodeCbor(new Uint8Array(await response.arrayBuffer())));
    const key = await crypto.subtle.importKey('spki', new Uint8Array(parseCertificate(message.x5chain()[0]!).publicKey.rawData), { name: 'ECDSA', namedCurve: 'P-256' }, false, ['verify']);
    expect(await message.verify(key)).toBe(true);
    return { message, vical: decodeCbor(message.payload!) as Map<string, unknown> };
  };

  it('publishes the active IACAs signed with the HSM key, the signer certificate in x5chain, and a growing issue id', async () => {
    const empty = await fetchVical();
    expect(empty.message.x5chain()[0]).toEqual(signerCertificateDer);
    expect(empty.vical.get('certificateInfos')).toEqual([]);
    const firstIssue = empty.vical.get('vicalIssueID') as number;

    await verification.request('POST', '/trust/iacas', { ...officer, body: { pem: issuer.iacaPem, docTypes: ['org.iso.18013.5.1.mDL'] } });
    const { vical } = await fetchVical();
    expect(vical.get('vicalIssueID')).toBeGreaterThan(firstIssue);
    expect(vical.get('date')).toBeInstanceOf(Date);
    const [entry] = vical.get('certificateInfos') as Array<Map<string, unknown>>;
    expect(entry!.get('certificate')).toEqual(new Uint8Array(issuer.iaca.rawData));
    expect(entry!.get('docType')).toEqual(['org.iso.18013.5.1.mDL']);
    expect(entry!.get('issuingCountry')).toBe('UT');
  });

  it('names its signer for the security officers’ inventory: key label and certificate chain with validity', async () => {
    const signer = await verification.request('GET', '/trust/signer', { roles: ['auditor'], subject: 'auditor-1' });
    expect(signer.status).toBe(200);
    const described = parseCertificate(signerCertificateDer);
    expect(signer.body).toEqual({
      configured: true,
      keyLabel: 'trust-list-signer',
      certificates: [{ subject: described.subject, issuer: described.issuer, serialNumber: described.serialNumber.toLowerCase(), notBefore: described.notBefore.toISOString(), notAfter: described.notAfter.toISOString(), sha256Fingerprint: expect.stringMatching(/^[0-9a-f]{64}$/) }],
    });
    expect((await verification.request('GET', '/trust/signer', { bearer: null })).status).toBe(401);
    expect((await verification.request('GET', '/trust/signer', { roles: ['relying-party'], subject: 'x' })).status).toBe(403);
  });

  it('includes the HSM session in its readiness when it signs its trust list', async () => {
    expect((await verification.request('GET', '/health/ready', { bearer: null })).body).toEqual({ status: 'ok', checks: { database: 'up', redis: 'up', hsm: 'up' } });
  });

  it('refuses to add a removed IACA again, and says that it was removed rather than that it is trusted', async () => {
    const [anchor] = (await verification.request('GET', '/trust/iacas', officer)).body;
    expect((await verification.request('POST', `/trust/iacas/${anchor.id}/retirement`, { ...officer, body: { reason: 'key-compromise' } })).status).toBe(204);
    const again = await verification.request('POST', '/trust/iacas', { ...officer, body: { pem: issuer.iacaPem } });
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({ code: 'TRUST_ANCHOR_EXISTS', detail: `this IACA certificate was removed from the trust list on ${new Date().toISOString().slice(0, 10)} (key-compromise); a removed trust anchor is not added again` });
    expect((await verification.request('GET', '/trust/iacas', officer)).body).toEqual([]);
  });

  it('says clearly when a deployment does not sign its trust list', async () => {
    const unsigned = await startVerification();
    try {
      const response = await fetch(`${unsigned.baseUrl}/trust/bundle.vical`);
      expect(response.status).toBe(404);
      expect((await response.json()).code).toBe('TRUST_BUNDLE_NOT_CONFIGURED');
      expect((await unsigned.request('GET', '/trust/signer', officer)).body).toEqual({ configured: false, certificates: [] });
    } finally {
      await unsigned.close();
    }
  });
});
