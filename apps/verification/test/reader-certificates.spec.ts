import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Hsm } from '@citizen-zero/hsm';
import { MDL_DOCTYPE, MDL_NAMESPACE, OID_MDL_READER_AUTH_EKU, ReaderSession, createInMemoryTransportPair, DeviceEngagement, coseKeyFromJwk, verifyReaderAuthentication } from '@citizen-zero/mdoc';
import { certificatePem, createDocumentSignerCsr, createIacaCertificate, describeCertificate, parsePemBundle } from '@citizen-zero/pki';
import { SoftwareSigner } from '@citizen-zero/signing/testing';
import { createTestToken } from '@citizen-zero/test-harness';
import { startVerification, type VerificationTestContext } from './support/verification-test-app';

const HOURS = 12;

describe('reader certificates: the verification service issues reader authentication certificates with the reader CA key in the HSM (ISO/IEC 18013-5 §9.1.4)', () => {
  let verification: VerificationTestContext;
  let caPem: string;

  beforeAll(async () => {
    const token = createTestToken('verification');
    const hsm = await Hsm.open(token);
    await hsm.generateEcKeyPair({ label: 'reader-ca', curve: 'P-256' });
    const caSigner = await hsm.signer('reader-ca');
    const now = Date.now();
    const ca = await createIacaCertificate({ signer: caSigner, subject: { country: 'UT', organization: 'Republic of Utopia', commonName: 'Utopia Reader CA (test)' }, validity: { notBefore: new Date(now - 86_400_000), notAfter: new Date(now + 3 * 365 * 86_400_000) }, issuerAlternativeName: { uri: 'https://readers.utopia.example' }, crlDistributionPointUri: 'https://readers.utopia.example/crl' });
    await hsm.close();
    caPem = certificatePem(ca);
    const certificateFile = join(tmpdir(), `cz-reader-ca-${now}.pem`);
    writeFileSync(certificateFile, caPem);
    verification = await startVerification({ CZ_HSM_MODULE: token.modulePath, CZ_HSM_TOKEN: token.tokenLabel, CZ_HSM_PIN: token.pin, CZ_VERIFICATION_READER_CA_KEY_LABEL: 'reader-ca', CZ_VERIFICATION_READER_CA_CERTIFICATE: certificateFile, CZ_VERIFICATION_READER_CERTIFICATE_HOURS: String(HOURS) });
  });
  afterAll(async () => {
    await verification?.close();
  });

  /** A verifier device's key as the verifier app makes it: non-extractable ECDSA P-256 in Web Crypto. */
  const deviceKey = async () => SoftwareSigner.fromKeyPair('ES256', await crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, false, ['sign', 'verify']), 'verifier-device');
  const csrOf = async (signer: SoftwareSigner) => (await createDocumentSignerCsr({ signer, subject: { country: 'UT', commonName: 'ignored by the CA' } })).toString('pem');

  it('publishes the reader CA certificate for wallets, without authentication', async () => {
    const response = await fetch(`${verification.baseUrl}/trust/readers.pem`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('application/x-pem-file');
    expect(parsePemBundle(await response.text())).toEqual(parsePemBundle(caPem));
  });

  it('certifies an enrolled device’s key for a verifier official: short-lived, EKU mdlReaderAuth, its name as CN, recorded with the official; a wallet then verifies the reader’s requests', async () => {
    const device = await deviceKey();
    const before = Date.now();
    const issued = await verification.request('POST', '/readers/certificates', { roles: ['verifier'], subject: 'fola.verifier', body: { csr: await csrOf(device), deviceName: 'Harbour police - desk 2' } });
    expect(issued.status, JSON.stringify(issued.body)).toBe(201);
    expect(parsePemBundle(issued.body.caCertificatePem)).toEqual(parsePemBundle(caPem));
    const [der] = parsePemBundle(issued.body.certificatePem);
    const description = await describeCertificate(der!);
    expect(description.subject).toBe('C=UT, O=Republic of Utopia, CN=Harbour police - desk 2');
    expect(description.extendedKeyUsage).toEqual([OID_MDL_READER_AUTH_EKU]);
    expect(description.notAfter.getTime() - before).toBeLessThanOrEqual(HOURS * 3_600_000 + 1000);
    expect(description.notAfter.getTime() - before).toBeGreaterThan((HOURS - 1) * 3_600_000);
    expect(issued.body).toMatchObject({ serialNumber: description.serialNumber, subject: description.subject, notAfter: description.notAfter.toISOString() });

    const rows = await verification.app.get(DataSource).query(`SELECT requested_by, subject FROM reader_certificates WHERE serial_number = $1`, [description.serialNumber]);
    expect(rows).toEqual([{ requested_by: 'fola.verifier', subject: description.subject }]);

    // The holder's side: a DeviceRequest signed with the device key and this certificate verifies against the published CA.
    const eDevice = await crypto.subtle.generateKey({ name: 'ECDH', namedCurve: 'P-256' }, false, ['deriveBits']);
    const engagement = DeviceEngagement.create({ eDeviceKey: coseKeyFromJwk(await crypto.subtle.exportKey('jwk', eDevice.publicKey)) });
    const reader = await ReaderSession.create({ deviceEngagement: engagement, transport: createInMemoryTransportPair().reader });
    const request = await reader.createDeviceRequest({ requests: [{ docType: MDL_DOCTYPE, nameSpaces: new Map([[MDL_NAMESPACE, new Map([['age_over_18', false]])]]) }], readerAuth: { signer: device, certificateChain: [der!] } });
    const result = await verifyReaderAuthentication(request.docRequests[0]!, reader.transcript, { trustAnchors: parsePemBundle(caPem) });
    expect(result).toMatchObject({ status: 'verified', reader: { subject: description.subject } });
  });

  it('refuses callers without the verify permission, a request without proof of possession, and a device name it would not print', async () => {
    const csr = await csrOf(await deviceKey());
    expect((await verification.request('POST', '/readers/certificates', { bearer: null, body: { csr, deviceName: 'desk' } })).status).toBe(401);
    expect((await verification.request('POST', '/readers/certificates', { roles: ['auditor'], body: { csr, deviceName: 'desk' } })).status).toBe(403);
    const tampered = csr.replace(/([A-Za-z0-9+/]{10})([A-Za-z0-9+/])/, (_, head: string, char: string) => `${head}${char === 'A' ? 'B' : 'A'}`);
    const refused = await verification.request('POST', '/readers/certificates', { roles: ['verifier'], body: { csr: tampered, deviceName: 'desk' } });
    expect(refused.status).toBe(400);
    expect(refused.body.code).toBe('READER_REQUEST_INVALID');
    expect((await verification.request('POST', '/readers/certificates', { roles: ['verifier'], body: { csr, deviceName: '<script>' } })).status).toBe(400);
  });

  it('says clearly when a deployment has no reader CA', async () => {
    const without = await startVerification();
    try {
      const published = await fetch(`${without.baseUrl}/trust/readers.pem`);
      expect(published.status).toBe(404);
      expect((await published.json()).code).toBe('READER_CA_NOT_CONFIGURED');
      const issued = await without.request('POST', '/readers/certificates', { roles: ['verifier'], body: { csr: await csrOf(await deviceKey()), deviceName: 'desk' } });
      expect(issued.body.code).toBe('READER_CA_NOT_CONFIGURED');
    } finally {
      await without.close();
    }
  });
});
