import { createRequire } from 'node:module';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  authorizationRequestUri,
  base64UrlDecode,
  base64UrlEncode,
  createAuthorizationErrorResponse,
  createAuthorizationResponse,
  createMdocDcqlQuery,
  createNonce,
  createRequestObjectPayload,
  failedChecks,
  MDL_DOCTYPE,
  MDL_NAMESPACE,
  Oid4vpError,
  openId4VpSessionTranscript,
  parseAuthorizationRequestUri,
  parseAuthorizationResponse,
  signCompactJws,
  signRequestObject,
  verifyAuthorizationResponse,
  verifyRequestObject,
  type IssuerSigned,
  type SentAuthorizationRequest,
  type VerifiedAuthorizationRequest,
} from '@citizen-zero/mdoc';
import { certificatePem } from '@citizen-zero/pki';
import { SoftwareSigner } from '@citizen-zero/signing/testing';
import { createVerifierAccessPki, type VerifierAccessPki } from '@citizen-zero/test-harness';
import { createHolder, issueSample, type Holder } from './support/present';
import { createTestPki, type TestPki } from './support/test-pki';

const require = createRequire(import.meta.url);
const auth0 = require('@auth0/mdl') as typeof import('@auth0/mdl');

const CLIENT_ID = 'x509_san_dns:verifier.utopia.example';
const RESPONSE_URI = 'https://verifier.utopia.example/oid4vp/responses/r-1';
const ELEMENTS = ['age_over_18', 'family_name', 'portrait'] as const;

async function expectCode(promise: Promise<unknown> | (() => unknown), code: string): Promise<void> {
  try {
    await (typeof promise === 'function' ? promise() : promise);
  } catch (error) {
    expect(error).toBeInstanceOf(Oid4vpError);
    expect((error as Oid4vpError).code).toBe(code);
    return;
  }
  throw new Error(`expected ${code}, nothing was thrown`);
}

describe('OpenID4VP 1.0 (direct_post, x509_san_dns, DCQL): verifier ↔ wallet for mdocs', () => {
  let pki: TestPki;
  let rp: VerifierAccessPki;
  let holder: Holder;
  let mdl: IssuerSigned;

  beforeAll(async () => {
    pki = await createTestPki({ extractableDsKey: true });
    rp = await createVerifierAccessPki({ dnsName: 'verifier.utopia.example' });
    holder = await createHolder();
    mdl = await issueSample(pki, holder);
  });

  const sent = (overrides: Partial<SentAuthorizationRequest> = {}): SentAuthorizationRequest => ({
    clientId: CLIENT_ID,
    responseUri: RESPONSE_URI,
    nonce: createNonce(),
    state: createNonce(),
    dcqlQuery: createMdocDcqlQuery({ id: 'mdl', docType: MDL_DOCTYPE, elements: ELEMENTS.map((elementIdentifier) => ({ namespace: MDL_NAMESPACE, elementIdentifier })) }),
    ...overrides,
  });
  const payloadOf = (request: SentAuthorizationRequest) => createRequestObjectPayload({ ...request, issuedAt: new Date(), expiresAt: new Date(Date.now() + 300_000) });
  const sign = (payload: Record<string, unknown>, pkiOf: VerifierAccessPki = rp) => signRequestObject({ payload, signer: pkiOf.accessSigner, certificateChain: [pkiOf.accessDer] });
  const walletVerifies = (jws: string, options: { clientId?: string; anchors?: Uint8Array[] } = {}) =>
    verifyRequestObject(jws, { clientId: options.clientId ?? CLIENT_ID, trust: { trustAnchors: options.anchors ?? [rp.rootDer] } });

  it('the wallet validates the signed request, presents exactly the requested elements, and the verifier verifies them', async () => {
    const request = sent();
    const jws = await sign(payloadOf(request));
    const uri = authorizationRequestUri({ clientId: CLIENT_ID, requestUri: 'https://verifier.utopia.example/oid4vp/requests/r-1/request-object' });
    expect(uri.startsWith('openid4vp://?client_id=x509_san_dns%3Averifier.utopia.example&request_uri=')).toBe(true);
    const reference = parseAuthorizationRequestUri(uri);
    expect(reference).toEqual({ clientId: CLIENT_ID, requestUri: 'https://verifier.utopia.example/oid4vp/requests/r-1/request-object' });

    const verified = await walletVerifies(jws);
    expect(verified).toMatchObject({ profile: 'openid4vp-1.0', clientId: CLIENT_ID, responseUri: RESPONSE_URI, nonce: request.nonce, state: request.state, requestObject: jws });
    expect(verified.verifier.subject).toContain('verifier.utopia.example');
    const response = await createAuthorizationResponse({ request: verified, credentials: [{ issuerSigned: mdl, deviceSigner: holder.deviceSigner }] });
    expect(Object.keys(response.vpToken)).toEqual(['mdl']);
    expect(response.body.get('state')).toBe(request.state);

    const verdict = await verifyAuthorizationResponse(response.body, { request, trustAnchors: [pki.iacaDer] });
    expect(verdict.presentations.flatMap((presentation) => failedChecks(presentation.verdict))).toEqual([]);
    expect(verdict.checks).toEqual([expect.objectContaining({ check: 'dcql-query', passed: true })]);
    expect(verdict.valid).toBe(true);
    const document = verdict.presentations[0]!.verdict.documents[0]!;
    expect([...document.issuerSigned.get(MDL_NAMESPACE)!.keys()].sort()).toEqual([...ELEMENTS].sort());
    expect(document.deviceAuthentication).toBe('signature');
    // The transcript both sides used is the Appendix B.2.6.1 one: [null, null, ["OpenID4VPHandover", h]].
    expect(Buffer.from(verdict.sessionTranscript.bytes.subarray(0, 5)).toString('hex')).toBe('83f6f68271');
    expect(verdict.sessionTranscript.bytes).toEqual(response.sessionTranscript.bytes);
  });

  it('a presentation bound to another nonce, client id or response URI fails device authentication', async () => {
    const request = sent();
    const verified = await walletVerifies(await sign(payloadOf(request)));
    for (const change of [{ nonce: createNonce() }, { clientId: 'x509_san_dns:attacker.example' }, { responseUri: 'https://verifier.utopia.example/oid4vp/responses/r-2' }]) {
      const replayed: VerifiedAuthorizationRequest = { ...verified, ...change };
      const response = await createAuthorizationResponse({ request: replayed, credentials: [{ issuerSigned: mdl, deviceSigner: holder.deviceSigner }] });
      const verdict = await verifyAuthorizationResponse(response.body, { request, trustAnchors: [pki.iacaDer] });
      expect(verdict.valid).toBe(false);
      expect(failedChecks(verdict.presentations[0]!.verdict).map((check) => check.code)).toEqual(['DEVICE_SIGNATURE_INVALID']);
    }
  });

  it('the wallet refuses a tampered, unsigned-alg, mistyped, untrusted or misnamed Request Object', async () => {
    const request = sent();
    const jws = await sign(payloadOf(request));
    const [header, payload, signature] = jws.split('.') as [string, string, string];
    const tamperedPayload = base64UrlEncode(new TextEncoder().encode(JSON.stringify({ ...JSON.parse(Buffer.from(payload, 'base64url').toString()), response_uri: 'https://verifier.utopia.example/steal' })));
    await expectCode(walletVerifies(`${header}.${tamperedPayload}.${signature}`), 'OID4VP_REQUEST_SIGNATURE_INVALID');
    const flipped = base64UrlDecode(signature);
    flipped[5]! ^= 1;
    await expectCode(walletVerifies(`${header}.${payload}.${base64UrlEncode(flipped)}`), 'OID4VP_REQUEST_SIGNATURE_INVALID');
    const noneHeader = base64UrlEncode(new TextEncoder().encode(JSON.stringify({ ...JSON.parse(Buffer.from(header, 'base64url').toString()), alg: 'none' })));
    await expectCode(walletVerifies(`${noneHeader}.${payload}.${signature}`), 'OID4VP_REQUEST_OBJECT_HEADER_INVALID');
    const untyped = await signCompactJws({ header: { x5c: [Buffer.from(rp.accessDer).toString('base64')] }, payload: payloadOf(request), signer: rp.accessSigner });
    await expectCode(walletVerifies(untyped), 'OID4VP_REQUEST_OBJECT_HEADER_INVALID');
    await expectCode(walletVerifies(jws, { anchors: [pki.iacaDer] }), 'OID4VP_VERIFIER_UNTRUSTED');
    await expectCode(walletVerifies(jws, { clientId: 'x509_san_dns:other.example' }), 'OID4VP_CLIENT_ID_MISMATCH');
    await expectCode(walletVerifies(jws.replace(/\./g, '')), 'OID4VP_REQUEST_OBJECT_MALFORMED');
    // A certificate for another DNS name, though from the trusted root.
    const other = await createVerifierAccessPki({ dnsName: 'verifier.utopia.example', sanDnsName: 'bank.utopia.example' });
    await expectCode(walletVerifies(await sign(payloadOf(request), other), { anchors: [other.rootDer] }), 'OID4VP_CLIENT_ID_MISMATCH');
    // A response_uri on another host than the client id's DNS name (§5.9.3).
    await expectCode(walletVerifies(await sign({ ...payloadOf(request), response_uri: 'https://elsewhere.example/cb' })), 'OID4VP_CLIENT_ID_MISMATCH');
    await expectCode(walletVerifies(await sign({ ...payloadOf(request), exp: Math.floor(Date.now() / 1000) - 600 })), 'OID4VP_REQUEST_EXPIRED');
    await expectCode(walletVerifies(await sign({ ...payloadOf(request), redirect_uri: 'https://verifier.utopia.example/cb' })), 'OID4VP_REQUEST_INVALID');
  });

  it('refuses other profiles with OID4VP_PROFILE_UNSUPPORTED or OID4VP_RESPONSE_MODE_UNSUPPORTED, on both sides', async () => {
    const request = sent();
    const base = payloadOf(request);
    const { dcql_query: _dcql, ...withoutDcql } = base;
    const draft = { ...withoutDcql, presentation_definition: { id: 'mdl', input_descriptors: [{ id: MDL_DOCTYPE, format: { mso_mdoc: { alg: ['ES256'] } }, constraints: { fields: [] } }] } };
    await expectCode(walletVerifies(await sign(draft)), 'OID4VP_PROFILE_UNSUPPORTED');
    await expectCode(walletVerifies(await sign({ ...base, client_id_scheme: 'x509_san_dns', client_id: 'verifier.utopia.example' }), { clientId: 'verifier.utopia.example' }), 'OID4VP_PROFILE_UNSUPPORTED');
    await expectCode(walletVerifies(await sign({ ...base, response_mode: 'direct_post.jwt' })), 'OID4VP_RESPONSE_MODE_UNSUPPORTED');
    await expectCode(walletVerifies(await sign({ ...base, dcql_query: { credentials: [{ id: 'pid', format: 'dc+sd-jwt', meta: { vct_values: ['urn:eu.europa.ec.eudi:pid:1'] } }] } })), 'OID4VP_DCQL_INVALID');
    await expectCode(walletVerifies(await sign({ ...base, dcql_query: { ...(base['dcql_query'] as object), credential_sets: [{ options: [['mdl']] }] } })), 'OID4VP_DCQL_UNSUPPORTED');

    const verified = await walletVerifies(await sign(base));
    const response = await createAuthorizationResponse({ request: verified, credentials: [{ issuerSigned: mdl, deviceSigner: holder.deviceSigner }] });
    const deviceResponse = response.vpToken['mdl']![0]!;
    const form = (entries: Record<string, string>) => new URLSearchParams(entries);
    expect(() => parseAuthorizationResponse(form({ vp_token: deviceResponse, state: request.state }), request)).toThrow(expect.objectContaining({ code: 'OID4VP_PROFILE_UNSUPPORTED' }));
    expect(() => parseAuthorizationResponse(form({ vp_token: JSON.stringify([deviceResponse]), state: request.state }), request)).toThrow(expect.objectContaining({ code: 'OID4VP_PROFILE_UNSUPPORTED' }));
    expect(() => parseAuthorizationResponse(form({ vp_token: JSON.stringify({ mdl: [deviceResponse] }), presentation_submission: '{}', state: request.state }), request)).toThrow(expect.objectContaining({ code: 'OID4VP_PROFILE_UNSUPPORTED' }));
    expect(() => parseAuthorizationResponse(form({ response: 'eyJhbGciOiJFQ0RILUVTIn0..x.y.z', state: request.state }), request)).toThrow(expect.objectContaining({ code: 'OID4VP_RESPONSE_MODE_UNSUPPORTED' }));
    expect(() => parseAuthorizationResponse(form({ vp_token: JSON.stringify({ mdl: [deviceResponse] }), state: 'other' }), request)).toThrow(expect.objectContaining({ code: 'OID4VP_STATE_MISMATCH' }));
    expect(() => parseAuthorizationResponse(form({ vp_token: JSON.stringify({ mdl: [deviceResponse, deviceResponse] }), state: request.state }), request)).toThrow(expect.objectContaining({ code: 'OID4VP_VP_TOKEN_INVALID' }));
    expect(() => parseAuthorizationResponse(form({ vp_token: JSON.stringify({ pid: [deviceResponse] }), state: request.state }), request)).toThrow(expect.objectContaining({ code: 'OID4VP_VP_TOKEN_INVALID' }));
    expect(() => parseAuthorizationResponse({ vp_token: [JSON.stringify({ mdl: [deviceResponse] })], state: request.state }, request)).toThrow(expect.objectContaining({ code: 'OID4VP_RESPONSE_INVALID' }));
  });

  it('a wallet without every requested claim returns nothing and answers access_denied, which the verifier reports', async () => {
    const request = sent({ dcqlQuery: createMdocDcqlQuery({ id: 'mdl', docType: MDL_DOCTYPE, elements: [{ namespace: MDL_NAMESPACE, elementIdentifier: 'age_over_18' }, { namespace: MDL_NAMESPACE, elementIdentifier: 'biometric_template_face' }] }) });
    const verified = await walletVerifies(await sign(payloadOf(request)));
    await expectCode(createAuthorizationResponse({ request: verified, credentials: [{ issuerSigned: mdl, deviceSigner: holder.deviceSigner }] }), 'OID4VP_CREDENTIAL_UNAVAILABLE');
    await expectCode(createAuthorizationResponse({ request: { ...verified, dcqlQuery: sent().dcqlQuery }, credentials: [{ issuerSigned: mdl, deviceSigner: holder.deviceSigner }], consent: (_docType, _namespace, element) => element !== 'portrait' }), 'OID4VP_CREDENTIAL_UNAVAILABLE');
    const body = createAuthorizationErrorResponse({ state: request.state, error: 'access_denied' });
    const verdict = await verifyAuthorizationResponse(body, { request, trustAnchors: [pki.iacaDer] });
    expect(verdict).toMatchObject({ valid: false, walletError: { error: 'access_denied' }, presentations: [] });
  });

  it('the verifier checks the DCQL query itself: an answer missing a requested claim does not satisfy it', async () => {
    const request = sent();
    const verified = await walletVerifies(await sign(payloadOf(request)));
    // A wallet that leaves out "portrait" although it was asked for.
    const fewer = { ...verified, dcqlQuery: createMdocDcqlQuery({ id: 'mdl', docType: MDL_DOCTYPE, elements: [{ namespace: MDL_NAMESPACE, elementIdentifier: 'age_over_18' }, { namespace: MDL_NAMESPACE, elementIdentifier: 'family_name' }] }) };
    const response = await createAuthorizationResponse({ request: fewer, credentials: [{ issuerSigned: mdl, deviceSigner: holder.deviceSigner }] });
    const verdict = await verifyAuthorizationResponse(response.body, { request, trustAnchors: [pki.iacaDer] });
    expect(verdict.presentations[0]!.verdict.valid).toBe(true);
    expect(verdict.checks[0]).toMatchObject({ check: 'dcql-query', passed: false, code: 'OID4VP_DCQL_NOT_SATISFIED' });
    expect(verdict.valid).toBe(false);
  });

  describe('interoperability with @auth0/mdl over the OpenID4VP 1.0 SessionTranscript', () => {
    it('ours → theirs: @auth0/mdl verifies the DeviceResponse of our vp_token with the Appendix B.2.6.1 transcript', async () => {
      const request = sent();
      const verified = await walletVerifies(await sign(payloadOf(request)));
      const response = await createAuthorizationResponse({ request: verified, credentials: [{ issuerSigned: mdl, deviceSigner: holder.deviceSigner }] });
      const deviceResponse = Buffer.from(response.vpToken['mdl']![0]!, 'base64url');
      const transcript = await openId4VpSessionTranscript({ clientId: CLIENT_ID, nonce: request.nonce, jwkThumbprint: null, responseUri: RESPONSE_URI });
      const verifier = new auth0.Verifier([certificatePem(pki.iaca)]);
      const mdoc = await verifier.verify(deviceResponse, { encodedSessionTranscript: Buffer.from(transcript.taggedBytes()) });
      expect(Object.keys(mdoc.documents[0]!.getIssuerNameSpace(MDL_NAMESPACE)).sort()).toEqual([...ELEMENTS].sort());
      const other = await openId4VpSessionTranscript({ clientId: CLIENT_ID, nonce: createNonce(), jwkThumbprint: null, responseUri: RESPONSE_URI });
      await expect(verifier.verify(deviceResponse, { encodedSessionTranscript: Buffer.from(other.taggedBytes()) })).rejects.toThrow();
    });

    it('theirs → ours: an @auth0/mdl DeviceResponse signed over our transcript verifies as a vp_token', async () => {
      const issuerPrivateKey = await crypto.subtle.exportKey('jwk', pki.dsSigner.keyPair.privateKey);
      const device = await crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, true, ['sign', 'verify']);
      const now = new Date();
      const document = await new auth0.Document(MDL_DOCTYPE)
        .addIssuerNameSpace(MDL_NAMESPACE, { family_name: 'Jones', given_name: 'Ava', birth_date: '2007-03-25', age_over_18: true, issuing_country: 'UT' })
        .useDigestAlgorithm('SHA-256')
        .addValidityInfo({ signed: now, validFrom: now, validUntil: new Date(now.getTime() + 30 * 86_400_000) })
        .addDeviceKeyInfo({ deviceKey: (await crypto.subtle.exportKey('jwk', device.publicKey)) as never })
        .sign({ issuerPrivateKey: issuerPrivateKey as never, issuerCertificate: certificatePem(pki.ds), alg: 'ES256' });
      const issued = new auth0.MDoc([document]).encode();
      const elements = ['age_over_18', 'family_name'];
      const request = sent({ dcqlQuery: createMdocDcqlQuery({ id: 'mdl', docType: MDL_DOCTYPE, elements: elements.map((elementIdentifier) => ({ namespace: MDL_NAMESPACE, elementIdentifier })) }) });
      const transcript = await openId4VpSessionTranscript({ clientId: request.clientId, nonce: request.nonce, jwkThumbprint: null, responseUri: request.responseUri });
      const presentationDefinition = {
        id: 'oid4vp',
        input_descriptors: [{ id: MDL_DOCTYPE, format: { mso_mdoc: { alg: ['ES256'] } }, constraints: { limit_disclosure: 'required', fields: elements.map((id) => ({ path: [`$['${MDL_NAMESPACE}']['${id}']`], intent_to_retain: false })) } }],
      };
      const theirs = await auth0.DeviceResponse.from(issued)
        .usingPresentationDefinition(presentationDefinition as never)
        .usingSessionTranscriptBytes(Buffer.from(transcript.taggedBytes()))
        .authenticateWithSignature((await crypto.subtle.exportKey('jwk', device.privateKey)) as never, 'ES256')
        .sign();
      const body = new URLSearchParams({ vp_token: JSON.stringify({ mdl: [Buffer.from(theirs.encode()).toString('base64url')] }), state: request.state });
      const verdict = await verifyAuthorizationResponse(body, { request, trustAnchors: [pki.iacaDer] });
      expect(verdict.presentations.flatMap((presentation) => failedChecks(presentation.verdict))).toEqual([]);
      expect(verdict.valid).toBe(true);
      // The same response against a request with another nonce: device authentication fails.
      const replay = await verifyAuthorizationResponse(body, { request: { ...request, nonce: createNonce() }, trustAnchors: [pki.iacaDer] });
      expect(failedChecks(replay.presentations[0]!.verdict).map((check) => check.code)).toEqual(['DEVICE_SIGNATURE_INVALID']);
    });
  });

  it('signs with any Signer: a fresh ES384 key is refused when its certificate is not the x5c leaf', async () => {
    const request = sent();
    const stranger = await SoftwareSigner.generate('ES384', 'stranger');
    const jws = await signRequestObject({ payload: payloadOf(request), signer: stranger, certificateChain: [rp.accessDer] });
    await expectCode(walletVerifies(jws), 'OID4VP_REQUEST_SIGNATURE_INVALID');
  });
});
