// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { SoftwareSigner } from '@citizen-zero/signing/testing';
import { createDocumentSignerCsr, createIacaCertificate, issueReaderCertificate } from '@citizen-zero/pki';
import type { ReceivedDeviceRequest } from '@citizen-zero/mdoc';
import { MemoryVerifierStore } from '../src/storage/verifier-store';
import { synchronise, type SyncedStatusList, type SyncedZkIssuerKeys } from '../src/sync/sync';
import type { SyncedTrustList } from '../src/sync/trust-list';
import { profileById } from '../src/verify/profiles';
import { PresentationError, runPresentation, type PresentationContext } from '../src/verify/presentation';
import { verifySealOffline } from '../src/seal/seal-verdict-view';
import { createTestWorld, issueHolder, REVOKED_INDEX, sealText, walletOnRelay, type TestWorld } from './support/test-world';
import type { ReaderIdentity } from '../src/reader/reader-identity';

async function syncedContext(world: TestWorld, extra: Partial<PresentationContext> = {}): Promise<Omit<PresentationContext, 'WebSocket'>> {
  const store = new MemoryVerifierStore();
  await synchronise({ config: world.config, store, fetch: world.fetch });
  return {
    config: world.config,
    trustList: await store.get<SyncedTrustList>('trust-list'),
    statusLists: (await store.get<SyncedStatusList[]>('status-lists')) ?? [],
    zkIssuerKeys: await store.get<SyncedZkIssuerKeys>('zk-issuer-keys'),
    reader: undefined,
    ...extra,
  };
}

describe('a presentation, verified offline from the synced material', () => {
  it('identity with portrait: green, the verified portrait, the requested data, every check passed; IntentToRetain false', async () => {
    const world = await createTestWorld();
    const holder = await issueHolder(world);
    const seen: ReceivedDeviceRequest[] = [];
    const wallet = await walletOnRelay(holder, { only: 'pid', seen });
    const verdict = await runPresentation(wallet.engagement, profileById('identity'), { ...(await syncedContext(world)), WebSocket: wallet.WebSocket });
    expect(verdict.reasons).toEqual([]);
    expect(verdict.outcome).toBe('accepted');
    expect(verdict.headline).toBe('VERIFIED — identity confirmed');
    const [document] = verdict.documents;
    expect(document!.title).toBe('National identity card');
    expect(document!.portrait?.length).toBeGreaterThan(1000);
    expect(Object.fromEntries(document!.elements.map((element) => [element.identifier, element.value]))).toMatchObject({ family_name: 'Okonkwo', given_name: 'Adaeze Marie', birth_date: '1990-04-17', nationality: 'UT' });
    expect(document!.checks.every((check) => check.passed)).toBe(true);
    expect(document!.checks.map((check) => check.label)).toContain('Not revoked or suspended (status list)');
    // The request the wallet received: two doctypes, no element marked to be retained, no reader authentication (not enrolled).
    expect(seen[0]!.docRequests.map((docRequest) => docRequest.docType)).toEqual(['eu.europa.ec.eudi.pid.1', 'org.iso.18013.5.1.mDL']);
    expect(seen[0]!.docRequests.flatMap((docRequest) => docRequest.elements.map((element) => element.intentToRetain))).not.toContain(true);
    expect(seen[0]!.docRequests[0]!.readerAuthentication.status).toBe('absent');
    expect(verdict.checks.find((check) => check.label.startsWith('This reader'))).toMatchObject({ passed: true, warning: true });
  });

  it('age over 18: only the age and the portrait leave the wallet (selective disclosure); under 18 is red', async () => {
    const world = await createTestWorld();
    const context = await syncedContext(world);
    const adult = await walletOnRelay(await issueHolder(world), { only: 'mdl' });
    const verdict = await runPresentation(adult.engagement, profileById('age-over-18'), { ...context, WebSocket: adult.WebSocket });
    expect(verdict.outcome).toBe('accepted');
    expect(verdict.headline).toBe('VERIFIED — over 18');
    expect(verdict.documents[0]!.elements.map((element) => element.identifier)).toEqual(['age_over_18']);
    expect(verdict.documents[0]!.portrait).toBeDefined();

    const minor = await walletOnRelay(await issueHolder(world, { birthDate: new Date(Date.now() - 10 * 365 * 86_400_000).toISOString().slice(0, 10), statusIndex: 20 }), { only: 'mdl' });
    const refused = await runPresentation(minor.engagement, profileById('age-over-18'), { ...context, WebSocket: minor.WebSocket });
    expect(refused.outcome).toBe('rejected');
    expect(refused.reasons).toEqual(['Over 18: NO']);
  });

  it('rejects a revoked credential (status list, offline) and a tampered one (digest)', async () => {
    const world = await createTestWorld();
    const context = await syncedContext(world);
    const revoked = await walletOnRelay(await issueHolder(world, { statusIndex: REVOKED_INDEX }), { only: 'pid' });
    const revokedVerdict = await runPresentation(revoked.engagement, profileById('identity'), { ...context, WebSocket: revoked.WebSocket });
    expect(revokedVerdict.outcome).toBe('rejected');
    expect(revokedVerdict.documents[0]!.checks.find((check) => !check.passed)).toMatchObject({ code: 'CREDENTIAL_REVOKED' });

    const replace = (bytes: Uint8Array, from: string, to: string): Uint8Array => {
      const text = Buffer.from(bytes).toString('latin1');
      expect(text).toContain(from);
      return Uint8Array.from(Buffer.from(text.replace(from, to), 'latin1'));
    };
    const tampered = await walletOnRelay(await issueHolder(world, { statusIndex: 30 }), { only: 'pid', tamper: (bytes) => replace(bytes, 'Okonkwo', 'Okonkwx') });
    const tamperedVerdict = await runPresentation(tampered.engagement, profileById('identity'), { ...context, WebSocket: tampered.WebSocket });
    expect(tamperedVerdict.outcome).toBe('rejected');
    expect(tamperedVerdict.documents[0]!.checks.filter((check) => !check.passed).map((check) => check.code)).toContain('MSO_DIGEST_MISMATCH');
    expect(tamperedVerdict.documents[0]!.elements.map((element) => element.value)).not.toContain('Okonkwx');
  });

  it('age over 18 with a BBS proof: verified against the synced issuer keys and this session’s nonce; a proof from an untrusted issuer is red', async () => {
    const world = await createTestWorld();
    const wallet = await walletOnRelay(await issueHolder(world));
    const verdict = await runPresentation(wallet.engagement, profileById('age-over-18-zk'), { ...(await syncedContext(world)), WebSocket: wallet.WebSocket });
    expect(verdict.reasons).toEqual([]);
    expect(verdict.outcome).toBe('accepted');
    expect(verdict.documents[0]!.elements).toEqual([expect.objectContaining({ identifier: 'age_over_18', value: 'Yes' }), expect.objectContaining({ identifier: 'valid_until' })]);
    expect(verdict.documents[0]!.portrait).toBeUndefined();

    const otherIssuer = await createTestWorld();
    const forged = await walletOnRelay(await issueHolder(otherIssuer));
    const refused = await runPresentation(forged.engagement, profileById('age-over-18-zk'), { ...(await syncedContext(world)), WebSocket: forged.WebSocket });
    expect(refused.outcome).toBe('rejected');
    expect(refused.documents[0]!.checks[0]).toMatchObject({ passed: false, code: 'ZK_ISSUER_KEY_UNKNOWN' });
  });

  it('authenticates to the wallet with the enrolled reader certificate (§9.1.4), and refuses QR codes that are not a wallet’s or name another relay', async () => {
    const world = await createTestWorld();
    const caSigner = await SoftwareSigner.generate('ES256', 'reader-ca');
    const ca = await createIacaCertificate({ signer: caSigner, subject: { country: 'UT', commonName: 'Reader CA' }, validity: { notBefore: new Date(Date.now() - 3_600_000), notAfter: new Date(Date.now() + 86_400_000 * 30) }, issuerAlternativeName: { uri: 'https://r.example' }, crlDistributionPointUri: 'https://r.example/crl' });
    const keyPair = (await crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, false, ['sign', 'verify'])) as CryptoKeyPair;
    const csr = await createDocumentSignerCsr({ signer: SoftwareSigner.fromKeyPair('ES256', keyPair), subject: { country: 'UT', commonName: 'x' } });
    const certificate = await issueReaderCertificate({ caSigner, caCertificate: ca, csr, subject: { country: 'UT', commonName: 'Border post 7' }, validity: { notBefore: new Date(Date.now() - 60_000), notAfter: new Date(Date.now() + 86_400_000) } });
    const reader: ReaderIdentity = { keyPair, deviceName: 'Border post 7', certificate: new Uint8Array(certificate.rawData), subject: certificate.subject, notAfter: certificate.notAfter };
    const seen: ReceivedDeviceRequest[] = [];
    const wallet = await walletOnRelay(await issueHolder(world), { only: 'mdl', seen, readerTrust: [new Uint8Array(ca.rawData)] });
    const verdict = await runPresentation(wallet.engagement, profileById('driving-privileges'), { ...(await syncedContext(world)), reader, WebSocket: wallet.WebSocket });
    expect(verdict.outcome).toBe('accepted');
    expect(seen[0]!.docRequests[0]!.readerAuthentication).toMatchObject({ status: 'verified', reader: { subject: 'C=UT, CN=Border post 7' } });
    expect(verdict.documents[0]!.elements.find((element) => element.identifier === 'driving_privileges')?.value).toBe('B');

    const context = { ...(await syncedContext(world)), WebSocket: wallet.WebSocket };
    await expect(runPresentation('https://example.com', profileById('identity'), context)).rejects.toMatchObject({ code: 'ENGAGEMENT_INVALID' });
    const elsewhere = await syncedContext(await createTestWorld({ relayUrlPrefixes: ['wss://relay.elsewhere.example/'] }));
    await expect(runPresentation(wallet.engagement, profileById('identity'), { ...elsewhere, WebSocket: wallet.WebSocket })).rejects.toBeInstanceOf(PresentationError);
    await expect(runPresentation(wallet.engagement, profileById('identity'), { ...elsewhere, WebSocket: wallet.WebSocket })).rejects.toMatchObject({ code: 'RELAY_NOT_ALLOWED' });
  });
});

describe('a printed seal, verified offline', () => {
  it('shows the sealed data when the seal chains to the synced trust list, and refuses an altered or foreign seal', async () => {
    const world = await createTestWorld();
    const { trustList } = await syncedContext(world);
    const text = await sealText(world);
    const view = await verifySealOffline(text, trustList!, new Date());
    expect(view.outcome).toBe('accepted');
    expect(view.documentTitle).toBe('National identity card');
    expect(Object.fromEntries(view.fields.map((field) => [field.identifier, field.value]))).toMatchObject({ primaryIdentifier: 'OKONKWO', dateOfBirth: '1990-04-17', documentNumber: 'ID0001' });

    const altered = `${text.slice(0, 60)}${text[60] === 'A' ? 'B' : 'A'}${text.slice(61)}`;
    const alteredView = await verifySealOffline(altered, trustList!, new Date());
    expect(alteredView.outcome).toBe('rejected');
    expect(alteredView.fields).toEqual([]);

    const foreign = await verifySealOffline(await sealText(await createTestWorld()), trustList!, new Date());
    expect(foreign.outcome).toBe('rejected');
    expect(foreign.checks.find((check) => !check.passed)?.code).toBe('SEAL_CHAIN_UNTRUSTED');
  });
});
