// @vitest-environment node
import { beforeAll, describe, expect, it } from 'vitest';
import {
  DeviceEngagement,
  DeviceResponse,
  encodeZkSessionRequest,
  isZkSessionResponse,
  MDL_DOCTYPE,
  MDL_NAMESPACE,
  parseZkSessionResponse,
  ReaderSession,
  toHex,
  verifyDeviceResponse,
  WEBSOCKET_RELAY_RETRIEVAL_TYPE,
  WebSocketRelayRetrieval,
  WebSocketRelayTransport,
  zkSessionBindingNonce,
  zkSessionProofText,
} from '@citizen-zero/mdoc';
import { bbsProofSystem, verifyZkPresentation } from '@citizen-zero/zk-credentials';
import { loadDeviceKey, WebCryptoSigner } from '../src/device/device-key';
import type { HeldMdoc, HeldZkCredential } from '../src/credentials/held-credential';
import { parseCredentialOfferUri } from '../src/issuance/credential-offer';
import { claimOffer } from '../src/issuance/oid4vci-client';
import { availableElements, buildDeviceResponse, buildZkResponse, choiceKey, provableClaims } from '../src/presentation/build-response';
import { readerDescription, startInPersonSession, type PendingRequest } from '../src/presentation/in-person-session';
import { MemoryStore } from '../src/storage/key-value-store';
import { FakeIssuer } from './support/fake-issuer';
import { FakeRelay } from './support/fake-relay';
import { createReaderPki, type ReaderPki } from '@citizen-zero/test-harness';

const RELAY = 'ws://verification.test/relay/sessions';

async function next(pending: PendingRequest[]): Promise<PendingRequest> {
  for (let turn = 0; turn < 5000 && pending.length === 0; turn++) await new Promise((resolve) => setTimeout(resolve, 1));
  const first = pending.shift();
  if (!first) throw new Error('no request reached the wallet');
  return first;
}

describe('in-person presentation from the wallet over the session relay (ISO/IEC 18013-5 §9.1.1)', () => {
  let issuer: FakeIssuer;
  let store: MemoryStore;
  let mdl: HeldMdoc;
  let zk: HeldZkCredential;
  let readerPki: ReaderPki;

  beforeAll(async () => {
    issuer = await FakeIssuer.create();
    store = new MemoryStore();
    const reference = parseCredentialOfferUri(issuer.offerUri);
    if (!('offer' in reference)) throw new Error('by value expected');
    const { credentials } = await claimOffer(reference.offer, issuer.txCode, { store, fetch: issuer.fetch, issuerTrustAnchors: [issuer.iacaDer] });
    mdl = credentials.find((credential): credential is HeldMdoc => credential.kind === 'mdoc')!;
    zk = credentials.find((credential): credential is HeldZkCredential => credential.kind === 'zk')!;
    readerPki = await createReaderPki({ commonName: 'Border post 7', caCommonName: 'Wallet Test Reader CA' });
  });

  const signerFor = async (credential: HeldMdoc) => new WebCryptoSigner(await loadDeviceKey(store, credential.deviceKeyId));

  async function connect() {
    const relay = new FakeRelay();
    const pending: PendingRequest[] = [];
    const wallet = await startInPersonSession({ relayUrl: RELAY, readerTrust: { trustAnchors: [readerPki.caDer] }, onRequest: (request) => pending.push(request), WebSocket: relay.WebSocket });
    const engagement = DeviceEngagement.fromQrUri(wallet.qrText);
    const retrieval = WebSocketRelayRetrieval.fromEngagement(engagement)!;
    const transport = WebSocketRelayTransport.connect({ retrieval, role: 'reader', WebSocket: relay.WebSocket });
    const reader = await ReaderSession.create({ deviceEngagement: engagement, transport });
    return { relay, pending, wallet, engagement, retrieval, reader };
  }

  it('the engagement QR code is "mdoc:" + base64url(DeviceEngagementBytes) with the relay method and a fresh EDeviceKey', async () => {
    const first = await connect();
    const second = await connect();
    expect(first.wallet.qrText).toMatch(/^mdoc:[A-Za-z0-9_-]+$/);
    expect(toHex(first.engagement.bytes)).toBe(toHex(first.wallet.engagement.bytes));
    expect(first.engagement.retrievalMethods.map((method) => method.type)).toEqual([WEBSOCKET_RELAY_RETRIEVAL_TYPE]);
    expect(first.retrieval.relayUrl).toBe(RELAY);
    expect(first.retrieval.sessionIdHex).not.toBe(second.retrieval.sessionIdHex);
    expect(JSON.stringify(first.engagement.eDeviceKey.get(-2))).not.toBe(JSON.stringify(second.engagement.eDeviceKey.get(-2)));
    await first.wallet.close();
    await second.wallet.close();
  });

  it('shows who asks and what, releases only the chosen elements, device-signed with the credential key', async () => {
    const { relay, pending, wallet, reader } = await connect();
    const request = await reader.createDeviceRequest({
      requests: [{ docType: MDL_DOCTYPE, nameSpaces: new Map([[MDL_NAMESPACE, new Map([['family_name', true], ['portrait', false], ['age_over_18', false], ['resident_address', false]])]]) }],
      readerAuth: { signer: readerPki.readerSigner, certificateChain: [readerPki.readerDer] },
    });
    const answered = reader.request(request);
    const received = await next(pending);
    if (received.kind !== 'mdoc') throw new Error('a DeviceRequest was expected');
    const [docRequest] = received.received.docRequests;
    expect(readerDescription(docRequest!.readerAuthentication)).toEqual({ authenticated: true, name: 'Border post 7', detail: 'certified by Wallet Test Reader CA' });
    expect(docRequest!.elements).toEqual([
      { namespace: MDL_NAMESPACE, elementIdentifier: 'family_name', intentToRetain: true },
      { namespace: MDL_NAMESPACE, elementIdentifier: 'portrait', intentToRetain: false },
      { namespace: MDL_NAMESPACE, elementIdentifier: 'age_over_18', intentToRetain: false },
      { namespace: MDL_NAMESPACE, elementIdentifier: 'resident_address', intentToRetain: false },
    ]);
    const available = availableElements(received.received, [mdl]);
    const key = (elementIdentifier: string) => choiceKey({ docType: MDL_DOCTYPE, namespace: MDL_NAMESPACE, elementIdentifier });
    // The sample credential has no address.
    expect([...available].sort()).toEqual([key('age_over_18'), key('family_name'), key('portrait')].sort());

    // The citizen keeps the family name and the portrait to themselves.
    received.respond(await buildDeviceResponse({ received: received.received, credentials: [mdl], chosen: new Set([key('age_over_18')]), signerFor }));
    const { deviceResponseBytes } = await answered;
    const verdict = await verifyDeviceResponse(deviceResponseBytes, { trustAnchors: [issuer.iacaDer], transcript: reader.transcript });
    expect(verdict.valid).toBe(true);
    const [document] = verdict.documents;
    expect(document!.deviceAuthentication).toBe('signature');
    expect([...document!.issuerSigned.get(MDL_NAMESPACE)!.keys()]).toEqual(['age_over_18']);
    expect([...document!.notReturned.get(MDL_NAMESPACE)!.keys()].sort()).toEqual(['family_name', 'portrait', 'resident_address']);
    // The relay saw only ciphertext.
    expect(relay.frames.length).toBeGreaterThanOrEqual(2);
    for (const frame of relay.frames) expect(Buffer.from(frame.data).toString('latin1')).not.toMatch(/age_over_18|family_name|Okonkwo/);
    await wallet.close();
  });

  it('a reader without a certificate is "not authenticated"; a declined request returns no data', async () => {
    const { pending, wallet, reader } = await connect();
    const answered = reader.request(await reader.createDeviceRequest({ requests: [{ docType: MDL_DOCTYPE, nameSpaces: new Map([[MDL_NAMESPACE, new Map([['family_name', false]])]]) }] }));
    const received = await next(pending);
    if (received.kind !== 'mdoc') throw new Error('a DeviceRequest was expected');
    expect(readerDescription(received.received.docRequests[0]!.readerAuthentication)).toMatchObject({ authenticated: false, name: 'Not authenticated' });
    received.decline();
    const response = DeviceResponse.fromBytes((await answered).deviceResponseBytes);
    expect(response.documents).toEqual([]);
    expect(response.documentErrors.map((errors) => [...errors])).toEqual([[[MDL_DOCTYPE, 0]]]);
    await wallet.close();
  });

  it('answers a zero-knowledge age request with an unlinkable BBS proof bound to the reader’s audience and nonce', async () => {
    const { pending, wallet, reader } = await connect();
    const nonce = crypto.getRandomValues(new Uint8Array(32));
    const answered = reader.request(encodeZkSessionRequest({ nonce, audience: 'Border post 7', claims: ['age_over_18', 'favourite_colour'], minimumAge: 18 }));
    const received = await next(pending);
    if (received.kind !== 'zk') throw new Error('a zero-knowledge request was expected');
    expect(received.received.request).toMatchObject({ audience: 'Border post 7', minimumAge: 18 });
    expect(provableClaims(received.received)).toEqual({ provable: ['age_over_18'], unknown: ['favourite_colour'] });
    received.respond(await buildZkResponse({ received: received.received, credential: zk.credential, disclose: ['age_over_18'] }));

    const { deviceResponseBytes } = await answered;
    expect(isZkSessionResponse(deviceResponseBytes)).toBe(true);
    const envelope = zkSessionProofText(parseZkSessionResponse(deviceResponseBytes));
    const binding = { audience: 'Border post 7', nonce: zkSessionBindingNonce({ nonce }) };
    const verdict = await verifyZkPresentation(envelope, { systems: [bbsProofSystem], trust: { issuerKeys: [issuer.bbsPublicKey] }, binding });
    expect(verdict).toMatchObject({ valid: true, proven: { age_over_18: true } });
    expect(verdict.proven).not.toHaveProperty('nationality');
    expect(envelope).not.toContain('c0ffee00');
    // Bound to this reader: the same proof does not verify for another audience or nonce.
    expect((await verifyZkPresentation(envelope, { systems: [bbsProofSystem], trust: { issuerKeys: [issuer.bbsPublicKey] }, binding: { ...binding, audience: 'Someone else' } })).valid).toBe(false);
    expect((await verifyZkPresentation(envelope, { systems: [bbsProofSystem], trust: { issuerKeys: [issuer.bbsPublicKey] }, binding: { ...binding, nonce: zkSessionBindingNonce({ nonce: new Uint8Array(32) }) } })).valid).toBe(false);

    // A declined zero-knowledge request says so.
    const again = reader.request(encodeZkSessionRequest({ nonce: crypto.getRandomValues(new Uint8Array(32)), audience: 'Border post 7', claims: ['nationality'] }));
    const second = await next(pending);
    second.decline();
    expect(parseZkSessionResponse((await again).deviceResponseBytes)).toEqual({ error: 'declined' });
    await wallet.close();
  });
});
