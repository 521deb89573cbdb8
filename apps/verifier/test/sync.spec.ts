// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { certificatePem, createIacaCertificate, issueDocumentSignerCertificate } from '@citizen-zero/pki';
import { SoftwareSigner } from '@citizen-zero/signing/testing';
import { parseVerifierConfig, VerifierConfigError } from '../src/config';
import { MemoryVerifierStore } from '../src/storage/verifier-store';
import { freshnessOf } from '../src/sync/freshness';
import { synchronise, type SyncedStatusList, type SyncedZkIssuerKeys } from '../src/sync/sync';
import { TrustListError, verifyVical, type SyncedTrustList } from '../src/sync/trust-list';
import { createTestWorld, signVical, STATUS_LIST_URI } from './support/test-world';

const HOUR = 3_600_000;

describe('sync: the trust list, status lists and BBS issuer keys, verified and kept with their fetch time', () => {
  it('keeps the signed VICAL’s IACAs, the verified status list and the issuer keys, each with its fetch time', async () => {
    const world = await createTestWorld();
    const store = new MemoryVerifierStore();
    const at = new Date();
    const outcome = await synchronise({ config: world.config, store, fetch: world.fetch, now: () => at });
    expect(outcome.results).toEqual({ 'trust-list': { ok: true }, 'status-lists': { ok: true }, 'zk-issuer-keys': { ok: true } });
    const trust = (await store.get<SyncedTrustList>('trust-list'))!;
    expect(trust.source).toBe('vical');
    expect(trust.anchors).toEqual([new Uint8Array(world.iaca.rawData)]);
    expect(trust.entries.map((entry) => entry.subject)).toEqual(['C=UT, CN=Utopia Test IACA']);
    expect(trust.signer).toBe('C=UT, CN=Utopia Test Trust List Signer');
    expect(trust.issueId).toBe(3);
    expect(trust.fetchedAt).toEqual(at);
    const [list] = (await store.get<SyncedStatusList[]>('status-lists'))!;
    expect(list).toMatchObject({ uri: STATUS_LIST_URI, fetchedAt: at });
    expect(list!.bytes).toEqual(Uint8Array.from(world.statusList));
    expect((await store.get<SyncedZkIssuerKeys>('zk-issuer-keys'))!.kids).toHaveLength(1);
  });

  it('refuses a VICAL whose signature or signer does not check out, and keeps the previous trust list', async () => {
    const world = await createTestWorld();
    const tampered = Uint8Array.from(world.vical);
    tampered[tampered.length - 3]! ^= 0x40;
    await expect(verifyVical(tampered, [new Uint8Array(world.iaca.rawData)], new Date())).rejects.toMatchObject({ code: 'TRUST_LIST_SIGNATURE_INVALID' });

    // A VICAL signed by a key certified by another root than the configured one.
    const otherRoot = await SoftwareSigner.generate('ES256', 'other-root');
    const other = await createIacaCertificate({ signer: otherRoot, subject: { country: 'UT', commonName: 'Someone Else' }, validity: { notBefore: new Date(Date.now() - HOUR), notAfter: new Date(Date.now() + 1000 * HOUR) }, issuerAlternativeName: { uri: 'https://x.example' }, crlDistributionPointUri: 'https://x.example/crl' });
    const impostor = await SoftwareSigner.generate('ES256', 'impostor');
    const impostorCertificate = await issueDocumentSignerCertificate({ iacaSigner: otherRoot, iacaCertificate: other, publicKeySpki: await impostor.publicKeySpki(), subject: { country: 'UT', commonName: 'Impostor' }, validity: { notBefore: new Date(Date.now() - HOUR), notAfter: new Date(Date.now() + 100 * HOUR) } });
    const forged = await signVical(impostor, new Uint8Array(impostorCertificate.rawData), [new Uint8Array(other.rawData)]);
    await expect(verifyVical(forged, [new Uint8Array(world.iaca.rawData)], new Date())).rejects.toBeInstanceOf(TrustListError);
    await expect(verifyVical(forged, [new Uint8Array(world.iaca.rawData)], new Date())).rejects.toMatchObject({ code: 'TRUST_LIST_SIGNER_UNTRUSTED' });

    const store = new MemoryVerifierStore();
    await synchronise({ config: world.config, store, fetch: world.fetch });
    const before = await store.get<SyncedTrustList>('trust-list');
    const serveForged: typeof fetch = async (input, init) => (String(input).endsWith('/trust/bundle.vical') ? new Response(forged as BodyInit) : world.fetch(input, init));
    const outcome = await synchronise({ config: world.config, store, fetch: serveForged });
    expect(outcome.results['trust-list']).toMatchObject({ ok: false, message: expect.stringContaining('does not chain') });
    expect(await store.get<SyncedTrustList>('trust-list')).toBe(before);
  });

  it('reports a status list that does not verify against the trust list, and an unreachable service, per part', async () => {
    const world = await createTestWorld();
    const other = await createTestWorld();
    const store = new MemoryVerifierStore();
    const mixed: typeof fetch = async (input, init) => (String(input) === STATUS_LIST_URI ? new Response(other.statusList as BodyInit) : String(input).includes('/zk/') ? new Response('down', { status: 503 }) : world.fetch(input, init));
    const outcome = await synchronise({ config: world.config, store, fetch: mixed });
    expect(outcome.results['trust-list']).toEqual({ ok: true });
    expect(outcome.results['status-lists']).toMatchObject({ ok: false });
    expect(outcome.results['zk-issuer-keys']).toMatchObject({ ok: false, message: expect.stringContaining('503') });
    expect(await store.get('status-lists')).toEqual([]);
  });
});

describe('freshness', () => {
  it('is fresh after a sync, stale past the configured maximum age or the issuer’s deadlines, missing before any sync', async () => {
    const world = await createTestWorld();
    const store = new MemoryVerifierStore();
    const at = new Date();
    await synchronise({ config: world.config, store, fetch: world.fetch, now: () => at });
    const material = { trustList: (await store.get<SyncedTrustList>('trust-list'))!, statusLists: (await store.get<SyncedStatusList[]>('status-lists'))!, zkIssuerKeys: (await store.get<SyncedZkIssuerKeys>('zk-issuer-keys'))! };
    expect(freshnessOf(material, world.config.statusListUrls, 24, new Date(at.getTime() + HOUR)).ok).toBe(true);
    const later = freshnessOf(material, world.config.statusListUrls, 2, new Date(at.getTime() + 3 * HOUR));
    expect(later.ok).toBe(false);
    expect(later.parts.every((part) => part.state === 'stale' && part.reason === 'older than 2 h')).toBe(true);
    // The VICAL's nextUpdate (a day) and the status list's exp (a day) pass before a week-long maximum age.
    const pastDeadlines = freshnessOf(material, world.config.statusListUrls, 24 * 7, new Date(at.getTime() + 25 * HOUR));
    expect(pastDeadlines.parts.map((part) => part.reason)).toEqual(['past its next update date', 'past its expiry time', undefined]);
    expect(freshnessOf({}, world.config.statusListUrls, 24, at).parts.map((part) => part.state)).toEqual(['missing', 'missing', 'missing']);
  });
});

describe('configuration', () => {
  it('derives the status list and relay from the service URLs, and reports every problem at once', async () => {
    const config = parseVerifierConfig({ issuer: 'http://127.0.0.1:3000', clientId: 'verifier-app', verificationUrl: 'http://127.0.0.1:3300/', verificationResource: 'urn:citizen-zero:verification', identityUrl: 'http://127.0.0.1:3100' });
    expect(config).toMatchObject({ statusListUrls: ['http://127.0.0.1:3100/status-lists/1'], relayUrlPrefixes: ['ws://127.0.0.1:3300/relay/sessions/'], maxAgeHours: 24, retainVerifications: false, intentToRetain: false });
    let problems: readonly string[] = [];
    try {
      parseVerifierConfig({ issuer: 'ftp://x', maxAgeHours: -1, retainVerifications: 'yes', relayUrlPrefixes: ['https://not-a-websocket'] });
    } catch (error) {
      problems = (error as VerifierConfigError).problems;
    }
    expect(problems).toEqual(expect.arrayContaining(['issuer must be a https: or http: URL', 'clientId is required', 'maxAgeHours must be a number of hours from 0 to 2160', 'retainVerifications must be true or false', 'relayUrlPrefixes[0] must be a wss: or ws: URL']));
    expect(certificatePem).toBeTypeOf('function');
  });
});
