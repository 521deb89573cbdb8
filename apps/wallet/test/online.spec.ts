// @vitest-environment node
import { beforeAll, describe, expect, it } from 'vitest';
import {
  authorizationRequestUri,
  createMdocDcqlQuery,
  createNonce,
  createRequestObjectPayload,
  MDL_DOCTYPE,
  MDL_NAMESPACE,
  Oid4vpError,
  signRequestObject,
  verifyAuthorizationResponse,
  type SentAuthorizationRequest,
} from '@citizen-zero/mdoc';
import { createVerifierAccessPki, type VerifierAccessPki } from '@citizen-zero/test-harness';
import { loadDeviceKey, WebCryptoSigner } from '../src/device/device-key';
import type { HeldMdoc } from '../src/credentials/held-credential';
import { parseCredentialOfferUri } from '../src/issuance/credential-offer';
import { claimOffer } from '../src/issuance/oid4vci-client';
import { isAuthorizationRequest, receiveAuthorizationRequest, requestedElements, sendAuthorizationResponse, sendRefusal } from '../src/presentation/oid4vp-presentation';
import { MemoryStore } from '../src/storage/key-value-store';
import { FakeIssuer } from './support/fake-issuer';

const CLIENT_ID = 'x509_san_dns:bank.test';

/** A relying party in a `fetch` function: serves its signed Request Object and takes the wallet's direct_post. */
class FakeVerifier {
  readonly posted: URLSearchParams[] = [];
  requestObject = '';
  readonly sent: SentAuthorizationRequest;
  constructor(readonly requestUri: string) {
    this.sent = {
      clientId: CLIENT_ID,
      nonce: createNonce(),
      state: createNonce(),
      responseUri: 'https://bank.test/oid4vp/responses/r1',
      dcqlQuery: createMdocDcqlQuery({ id: 'mdl', docType: MDL_DOCTYPE, elements: [{ namespace: MDL_NAMESPACE, elementIdentifier: 'age_over_18' }, { namespace: MDL_NAMESPACE, elementIdentifier: 'family_name', intentToRetain: true }] }),
    };
  }

  async sign(pki: VerifierAccessPki, expiresAt = new Date(Date.now() + 300_000)): Promise<string> {
    const payload = createRequestObjectPayload({ ...this.sent, issuedAt: new Date(), expiresAt });
    this.requestObject = await signRequestObject({ payload, signer: pki.accessSigner, certificateChain: [pki.accessDer] });
    return authorizationRequestUri({ clientId: CLIENT_ID, requestUri: this.requestUri });
  }

  readonly fetch: typeof fetch = async (input, init) => {
    const url = String(input);
    if (url === this.requestUri && (init?.method ?? 'GET') === 'GET') return new Response(this.requestObject, { headers: { 'content-type': 'application/oauth-authz-req+jwt' } });
    if (url === this.sent.responseUri && init?.method === 'POST') {
      this.posted.push(new URLSearchParams(String(init.body)));
      return new Response('{}', { headers: { 'content-type': 'application/json' } });
    }
    return new Response('not found', { status: 404 });
  };
}

describe('online presentation with OpenID4VP 1.0 (direct_post, x509_san_dns)', () => {
  let issuer: FakeIssuer;
  let store: MemoryStore;
  let mdl: HeldMdoc;
  let pki: VerifierAccessPki;
  let stranger: VerifierAccessPki;

  beforeAll(async () => {
    issuer = await FakeIssuer.create();
    store = new MemoryStore();
    const reference = parseCredentialOfferUri(issuer.offerUri);
    if (!('offer' in reference)) throw new Error('by value expected');
    mdl = (await claimOffer(reference.offer, issuer.txCode, { store, fetch: issuer.fetch, issuerTrustAnchors: [issuer.iacaDer] })).credentials.find((credential): credential is HeldMdoc => credential.kind === 'mdoc')!;
    pki = await createVerifierAccessPki({ dnsName: 'bank.test' });
    stranger = await createVerifierAccessPki({ dnsName: 'bank.test' });
  });
  const signerFor = async (credential: HeldMdoc) => new WebCryptoSigner(await loadDeviceKey(store, credential.deviceKeyId));

  it('checks the signed request, shows what is asked, and posts DeviceResponses the verifier accepts', async () => {
    const verifier = new FakeVerifier('https://bank.test/oid4vp/requests/r1/request-object');
    const uri = await verifier.sign(pki);
    expect(isAuthorizationRequest(uri)).toBe(true);
    expect(isAuthorizationRequest('openid-credential-offer://?credential_offer=%7B%7D')).toBe(false);
    const request = await receiveAuthorizationRequest(uri, { fetch: verifier.fetch, verifierTrustAnchors: [pki.rootDer] });
    expect(request.verifier.subject).toContain('CN=bank.test');
    expect(requestedElements(request)).toEqual([
      { queryId: 'mdl', docType: MDL_DOCTYPE, namespace: MDL_NAMESPACE, elementIdentifier: 'age_over_18', intentToRetain: false },
      { queryId: 'mdl', docType: MDL_DOCTYPE, namespace: MDL_NAMESPACE, elementIdentifier: 'family_name', intentToRetain: true },
    ]);
    expect(await sendAuthorizationResponse({ request, credentials: [mdl], signerFor, fetch: verifier.fetch })).toEqual({});
    const [form] = verifier.posted;
    const verdict = await verifyAuthorizationResponse(form!, { request: verifier.sent, trustAnchors: [issuer.iacaDer] });
    expect(verdict.valid).toBe(true);
    const document = verdict.presentations[0]!.verdict.documents[0]!;
    expect([...document.issuerSigned.get(MDL_NAMESPACE)!.keys()].sort()).toEqual(['age_over_18', 'family_name']);
    expect(document.deviceAuthentication).toBe('signature');
  });

  it('refuses a request signed under an untrusted root, and an expired one, before showing anything', async () => {
    const verifier = new FakeVerifier('https://bank.test/oid4vp/requests/r2/request-object');
    const uri = await verifier.sign(stranger);
    const untrusted = await receiveAuthorizationRequest(uri, { fetch: verifier.fetch, verifierTrustAnchors: [pki.rootDer] }).catch((error: unknown) => error);
    expect(untrusted).toBeInstanceOf(Oid4vpError);
    expect((untrusted as Oid4vpError).code).toBe('OID4VP_VERIFIER_UNTRUSTED');
    await verifier.sign(pki, new Date(Date.now() - 600_000));
    const expired = await receiveAuthorizationRequest(uri, { fetch: verifier.fetch, verifierTrustAnchors: [pki.rootDer] }).catch((error: unknown) => error);
    expect((expired as Oid4vpError).code).toBe('OID4VP_REQUEST_EXPIRED');
    // http: request URIs only in development.
    await expect(receiveAuthorizationRequest(uri.replace(encodeURIComponent('https://'), encodeURIComponent('http://')), { fetch: verifier.fetch, verifierTrustAnchors: [pki.rootDer] })).rejects.toThrow('https');
  });

  it('declining sends access_denied with the state', async () => {
    const verifier = new FakeVerifier('https://bank.test/oid4vp/requests/r3/request-object');
    const request = await receiveAuthorizationRequest(await verifier.sign(pki), { fetch: verifier.fetch, verifierTrustAnchors: [pki.rootDer] });
    await sendRefusal(request, verifier.fetch);
    expect(Object.fromEntries(verifier.posted[0]!)).toEqual({ error: 'access_denied', error_description: 'the holder declined', state: verifier.sent.state });
  });
});
