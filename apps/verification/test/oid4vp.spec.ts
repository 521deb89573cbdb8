import 'reflect-metadata';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { base64UrlEncode, MDL_NAMESPACE, Oid4vpError, verifyRequestObject, type VerifiedAuthorizationRequest } from '@citizen-zero/mdoc';
import { PERMISSION_KEY, PUBLIC_KEY } from '@citizen-zero/nest-platform';
import { createVerifierAccessPki, freeLoopbackPort, type VerifierAccessPki } from '@citizen-zero/test-harness';
import { ConfigError, loadVerificationConfig, type VerificationConfig } from '../src/config/verification-config';
import { RequestSigningKey } from '../src/oid4vp/request-signing-key';
import { VerificationModule } from '../src/verification.module';
import { Oid4vpTestWallet, post } from './support/oid4vp-test-wallet';
import { TestIssuer } from './support/test-issuer';
import { startVerification, type VerificationTestContext } from './support/verification-test-app';

const officer = { roles: ['security-officer'], subject: 'security-officer-1' };
const ELEMENTS = { [MDL_NAMESPACE]: ['age_over_18', 'family_name', 'portrait'] };
const BASE_ENV = { CZ_VERIFICATION_DATABASE_URL: 'postgres://localhost/x', CZ_REDIS_URL: 'redis://localhost:6379', CZ_OIDC_ISSUER: 'https://idp.example' };

function writeRpFiles(pki: VerifierAccessPki): { keyFile: string; certificateFile: string } {
  const directory = mkdtempSync(join(tmpdir(), 'cz-oid4vp-'));
  const keyFile = join(directory, 'rp-access-key.pem');
  const certificateFile = join(directory, 'rp-access-chain.pem');
  writeFileSync(keyFile, pki.accessKeyPem, { mode: 0o600 });
  writeFileSync(certificateFile, pki.accessPem);
  return { keyFile, certificateFile };
}

async function expectRefusal(promise: Promise<unknown>, code: string): Promise<void> {
  const error = await promise.then(() => undefined, (caught: unknown) => caught);
  expect(error).toBeInstanceOf(Oid4vpError);
  expect((error as Oid4vpError).code).toBe(code);
}

describe('online presentation with OpenID4VP 1.0 (direct_post, x509_san_dns, DCQL) on the verification service', () => {
  let issuer: TestIssuer;
  let rp: VerifierAccessPki;
  let files: { keyFile: string; certificateFile: string };
  let verification: VerificationTestContext;
  let wallet: Oid4vpTestWallet;
  let env: Record<string, string>;

  beforeAll(async () => {
    issuer = await TestIssuer.start();
    rp = await createVerifierAccessPki({ dnsName: 'localhost' });
    files = writeRpFiles(rp);
    const port = await freeLoopbackPort();
    env = {
      CZ_VERIFICATION_PORT: String(port),
      CZ_VERIFICATION_PUBLIC_URL: `http://localhost:${port}`,
      CZ_STATUS_LIST_HOSTS: issuer.host,
      CZ_OPENID4VP_PROFILE: 'openid4vp-1.0',
      CZ_OPENID4VP_SIGNING_KEY_FILE: files.keyFile,
      CZ_OPENID4VP_CERTIFICATE_FILE: files.certificateFile,
    };
    verification = await startVerification(env);
    expect((await verification.request('POST', '/trust/iacas', { ...officer, body: { pem: issuer.iacaPem } })).status).toBe(201);
    const held = await issuer.issueMdl();
    wallet = new Oid4vpTestWallet([{ issuerSigned: held.issuerSigned, deviceSigner: held.deviceSigner }], [rp.rootDer]);
  });
  afterAll(async () => {
    await verification?.close();
    await issuer?.close();
  });

  /** The result key of each transaction, as the relying party keeps it (shown once, at creation). */
  const resultKeys = new Map<string, string>();
  const createRequest = async (body: Record<string, unknown> = { elements: ELEMENTS }, subject = 'bank-teller-1') => {
    const created = await verification.request('POST', '/oid4vp/requests', { body, subject });
    expect(created.status).toBe(201);
    resultKeys.set(created.body.transactionId, created.body.resultKey);
    return created.body as { transactionId: string; authorizationRequestUri: string; requestUri: string; profile: string; expiresAt: string; resultKey: string };
  };
  const poll = async (transactionId: string, query = '', subject = 'bank-teller-1', resultKey: string | null = resultKeys.get(transactionId) ?? null) => {
    const response = await fetch(`${verification.baseUrl}/oid4vp/requests/${transactionId}${query}`, { headers: { authorization: `Bearer ${await verification.idp.token(subject, ['verifier'])}`, ...(resultKey && { 'x-oid4vp-result-key': resultKey }) } });
    return { status: response.status, body: (await response.json()) as any };
  };
  const database = () => verification.app.get(DataSource);

  it('RP creates a request; the wallet fetches and validates the signed request, responds by direct_post; the RP gets the verified elements once', async () => {
    const created = await createRequest();
    expect(created.profile).toBe('openid4vp-1.0');
    const uri = new URL(created.authorizationRequestUri);
    expect(uri.protocol).toBe('openid4vp:');
    expect(uri.searchParams.get('client_id')).toBe('x509_san_dns:localhost');
    expect(uri.searchParams.get('request_uri')).toBe(created.requestUri);
    expect(created.requestUri).not.toContain(created.transactionId);
    expect((await poll(created.transactionId)).body).toMatchObject({ status: 'pending', profile: 'openid4vp-1.0' });

    const fetched = await wallet.fetchRequestObject(created.authorizationRequestUri);
    expect(fetched.status).toBe(200);
    expect(fetched.contentType).toMatch(/^application\/oauth-authz-req\+jwt/);
    const request = await wallet.receive(created.authorizationRequestUri);
    expect(request).toMatchObject({ profile: 'openid4vp-1.0', clientId: 'x509_san_dns:localhost' });
    expect(request.responseUri).toMatch(/^http:\/\/localhost:\d+\/oid4vp\/responses\/[A-Za-z0-9_-]{43}$/);
    expect(request.dcqlQuery.credentials[0]).toMatchObject({ format: 'mso_mdoc', meta: { doctype_value: 'org.iso.18013.5.1.mDL' } });
    expect(request.verifier.trustAnchorSubject).toContain('Relying Party Root');

    const answered = await wallet.respond(request);
    expect(answered.status).toBe(200);
    expect(answered.body).toEqual({});

    // Until collected, the values wait sealed to the relying party's result key: nothing in clear, no key in the database.
    const [waiting] = await database().query(`SELECT * FROM oid4vp_transactions WHERE id = $1`, [created.transactionId]);
    expect(waiting.disclosed_sealed).toBeInstanceOf(Buffer);
    expect(JSON.stringify(waiting)).not.toMatch(/Okonkwo|1990-04-17|Adaeze/);
    expect(waiting.disclosed_sealed.toString('latin1')).not.toContain('Okonkwo');
    expect((await poll(created.transactionId, '', 'bank-teller-1', null)).body.code).toBe('OID4VP_RESULT_KEY_REQUIRED');
    const otherKey = (await createRequest()).resultKey;
    expect((await poll(created.transactionId, '', 'bank-teller-1', otherKey)).body.code).toBe('OID4VP_RESULT_KEY_INVALID');

    const result = await poll(created.transactionId);
    expect(result.status).toBe(200);
    expect(result.body).toMatchObject({ status: 'completed', disclosure: 'included', verdict: { valid: true } });
    const [document] = result.body.verdict.documents;
    expect(Object.keys(document.elements[MDL_NAMESPACE]).sort()).toEqual(['age_over_18', 'family_name', 'portrait']);
    expect(document.elements[MDL_NAMESPACE].family_name).toBe('Okonkwo');
    expect(document.status).toMatchObject({ status: 'valid' });
    expect(document.checks).toEqual(expect.arrayContaining([expect.objectContaining({ check: 'device-authentication', passed: true }), expect.objectContaining({ check: 'status', passed: true })]));
    expect(result.body.verdict.problems).toEqual([expect.objectContaining({ check: 'dcql-query', passed: true })]);

    // The element values are handed out once; the record and the transaction keep none.
    const again = await poll(created.transactionId);
    expect(again.body).toMatchObject({ status: 'completed', disclosure: 'collected', verdict: { valid: true } });
    expect(JSON.stringify(again.body)).not.toContain('Okonkwo');
    const [row] = await database().query(`SELECT * FROM oid4vp_transactions WHERE id = $1`, [created.transactionId]);
    expect(row.disclosed_sealed).toBeNull();
    expect(row.collected_at).not.toBeNull();
    expect(JSON.stringify(row)).not.toMatch(/Okonkwo|1990-04-17|Adaeze/);
    const [record] = await database().query(`SELECT * FROM verification_records WHERE id = $1`, [result.body.verdict.recordId]);
    expect(record.relying_party).toBe('bank-teller-1');
    expect(record.disclosed_elements.sort()).toEqual([`${MDL_NAMESPACE}/age_over_18`, `${MDL_NAMESPACE}/family_name`, `${MDL_NAMESPACE}/portrait`]);

    // Another relying party cannot read it.
    expect((await poll(created.transactionId, '', 'other-bank')).body.code).toBe('OID4VP_TRANSACTION_NOT_FOUND');

    // A second response for the same transaction is refused, in the OAuth shape.
    const replay = await post(request.responseUri, answered.form);
    expect(replay.status).toBe(409);
    expect(replay.body).toMatchObject({ error: 'invalid_request', code: 'OID4VP_RESPONSE_REPLAYED' });
    expect((await wallet.fetchRequestObject(created.authorizationRequestUri)).status).toBe(409);
  });

  it('a presentation over another nonce (or replayed into another transaction) fails device authentication', async () => {
    const created = await createRequest();
    const request = await wallet.receive(created.authorizationRequestUri);
    const wrongNonce: VerifiedAuthorizationRequest = { ...request, nonce: base64UrlEncode(crypto.getRandomValues(new Uint8Array(32))) };
    const answered = await wallet.respond(wrongNonce);
    expect(answered.status).toBe(200);
    const result = (await poll(created.transactionId)).body;
    expect(result).toMatchObject({ status: 'completed', verdict: { valid: false } });
    expect(result.verdict.documents[0].checks.find((check: { check: string }) => check.check === 'device-authentication')).toMatchObject({ passed: false, code: 'DEVICE_SIGNATURE_INVALID' });

    // The vp_token of one transaction posted to another (with that one's state): bound to the first transcript.
    const first = await createRequest();
    const second = await createRequest();
    const firstRequest = await wallet.receive(first.authorizationRequestUri);
    const secondRequest = await wallet.receive(second.authorizationRequestUri);
    const original = await wallet.respond(firstRequest);
    expect(original.status).toBe(200);
    const transplanted = new URLSearchParams({ vp_token: original.form.get('vp_token')!, state: secondRequest.state! });
    expect((await post(secondRequest.responseUri, transplanted)).status).toBe(200);
    const transplantedResult = (await poll(second.transactionId)).body;
    expect(transplantedResult.verdict.valid).toBe(false);
    expect(transplantedResult.verdict.documents[0].checks.find((check: { check: string }) => check.check === 'device-authentication').code).toBe('DEVICE_SIGNATURE_INVALID');
  });

  it('a response with a wrong state is refused without consuming the transaction', async () => {
    const created = await createRequest();
    const request = await wallet.receive(created.authorizationRequestUri);
    const forged = await wallet.respond({ ...request, state: 'not-the-state' });
    expect(forged.status).toBe(400);
    expect(forged.body).toMatchObject({ error: 'invalid_request', code: 'OID4VP_STATE_MISMATCH' });
    expect((await poll(created.transactionId)).body.status).toBe('pending');
    expect((await wallet.respond(request)).status).toBe(200);
    expect((await poll(created.transactionId)).body.verdict.valid).toBe(true);
  });

  it('an expired transaction serves no request object, takes no response, and reads as expired', async () => {
    const created = await createRequest();
    const request = await wallet.receive(created.authorizationRequestUri);
    await database().query(`UPDATE oid4vp_transactions SET expires_at = now() - interval '1 second' WHERE id = $1`, [created.transactionId]);
    const fetched = await wallet.fetchRequestObject(created.authorizationRequestUri);
    expect(fetched.status).toBe(410);
    expect(fetched.body).toMatchObject({ error: 'invalid_request', code: 'OID4VP_TRANSACTION_EXPIRED' });
    const late = await wallet.respond(request);
    expect(late.status).toBe(410);
    expect(late.body.code).toBe('OID4VP_TRANSACTION_EXPIRED');
    expect((await poll(created.transactionId)).body.status).toBe('expired');
  });

  it('the wallet refuses a tampered Request Object, or one from a root it does not trust', async () => {
    const created = await createRequest();
    const fetched = await wallet.fetchRequestObject(created.authorizationRequestUri);
    const [header, payload, signature] = fetched.requestObject.split('.') as [string, string, string];
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Record<string, unknown>;
    const tampered = `${header}.${Buffer.from(JSON.stringify({ ...claims, dcql_query: { credentials: [{ id: 'mdoc', format: 'mso_mdoc', meta: { doctype_value: 'org.iso.18013.5.1.mDL' }, claims: [{ path: [MDL_NAMESPACE, 'resident_address'] }] }] } })).toString('base64url')}.${signature}`;
    await expectRefusal(verifyRequestObject(tampered, { clientId: fetched.clientId, trust: { trustAnchors: [rp.rootDer] }, allowHttp: true }), 'OID4VP_REQUEST_SIGNATURE_INVALID');
    const stranger = await createVerifierAccessPki({ dnsName: 'localhost' });
    await expectRefusal(verifyRequestObject(fetched.requestObject, { clientId: fetched.clientId, trust: { trustAnchors: [stranger.rootDer] }, allowHttp: true }), 'OID4VP_VERIFIER_UNTRUSTED');
    await expectRefusal(verifyRequestObject(fetched.requestObject, { clientId: fetched.clientId, trust: { trustAnchors: [rp.rootDer] } }), 'OID4VP_REQUEST_INVALID');
    expect((await poll(created.transactionId)).body.status).toBe('pending');
  });

  it('refuses other profiles: at creation, in the response, and at boot', async () => {
    const refused = await verification.request('POST', '/oid4vp/requests', { body: { elements: ELEMENTS, profile: 'iso-18013-7-2024-annex-b' } });
    expect(refused.status).toBe(400);
    expect(refused.body).toMatchObject({ code: 'OID4VP_PROFILE_UNSUPPORTED', type: 'urn:citizen-zero:problem:OID4VP_PROFILE_UNSUPPORTED' });
    expect((await verification.request('POST', '/oid4vp/requests', { body: { elements: ELEMENTS, profile: 'openid4vp-1.0' } })).status).toBe(201);

    // A pre-1.0 wallet: Presentation Exchange submission and a bare vp_token.
    const created = await createRequest();
    const request = await wallet.receive(created.authorizationRequestUri);
    const draft = await post(request.responseUri, new URLSearchParams({ vp_token: 'o2d2ZXJzaW9u', presentation_submission: JSON.stringify({ id: 'x', definition_id: 'y', descriptor_map: [] }), state: request.state! }));
    expect(draft.status).toBe(400);
    expect(draft.body).toMatchObject({ error: 'invalid_request', code: 'OID4VP_PROFILE_UNSUPPORTED' });
    expect((await poll(created.transactionId)).body).toMatchObject({ status: 'failed', error: { code: 'OID4VP_PROFILE_UNSUPPORTED' } });

    const encrypted = await createRequest();
    const encryptedRequest = await wallet.receive(encrypted.authorizationRequestUri);
    const jwt = await post(encryptedRequest.responseUri, new URLSearchParams({ response: 'eyJhbGciOiJFQ0RILUVTIn0..a.b.c', state: encryptedRequest.state! }));
    expect(jwt.body).toMatchObject({ code: 'OID4VP_RESPONSE_MODE_UNSUPPORTED' });

    expect(() => loadVerificationConfig({ ...BASE_ENV, ...env, CZ_OPENID4VP_PROFILE: 'iso-18013-7-2024' })).toThrow(ConfigError);
    try {
      loadVerificationConfig({ ...BASE_ENV, ...env, CZ_OPENID4VP_PROFILE: 'iso-18013-7-2024' });
    } catch (error) {
      expect((error as ConfigError).problems).toEqual([expect.stringContaining('CZ_OPENID4VP_PROFILE: "iso-18013-7-2024" is not an implemented profile (openid4vp-1.0)')]);
    }
    expect(() => loadVerificationConfig({ ...BASE_ENV, ...env, CZ_VERIFICATION_PUBLIC_URL: 'http://127.0.0.1:3300' })).toThrow(/DNS host/);
    expect(() => loadVerificationConfig({ ...BASE_ENV, ...env, CZ_OPENID4VP_SIGNING_KEY_FILE: '/nonexistent/key.pem' })).toThrow(/CZ_OPENID4VP_SIGNING_KEY_FILE must be an absolute path to an existing file/);
  });

  it('a wallet that declines answers access_denied: {} for the wallet, failed for the RP', async () => {
    const created = await createRequest();
    const request = await wallet.receive(created.authorizationRequestUri);
    expect(await wallet.refuse(request, 'access_denied')).toMatchObject({ status: 200, body: {} });
    expect((await poll(created.transactionId)).body).toMatchObject({ status: 'failed', error: { error: 'access_denied' } });
  });

  it('same-device flow: the wallet is sent back with a response_code, without which the verdict is not released', async () => {
    const created = await createRequest({ elements: { [MDL_NAMESPACE]: ['age_over_18'] }, redirectUri: 'https://shop.example/checkout/done' });
    const request = await wallet.receive(created.authorizationRequestUri);
    const answered = await wallet.respond(request);
    expect(answered.status).toBe(200);
    expect(answered.body.redirect_uri).toMatch(/^https:\/\/shop\.example\/checkout\/done#response_code=[A-Za-z0-9_-]{43}$/);
    const code = new URL(answered.body.redirect_uri).hash.replace('#response_code=', '');
    expect((await poll(created.transactionId)).body.code).toBe('OID4VP_RESPONSE_CODE_INVALID');
    expect((await poll(created.transactionId, '?response_code=wrong')).status).toBe(403);
    const result = await poll(created.transactionId, `?response_code=${code}`);
    expect(result.body).toMatchObject({ status: 'completed', disclosure: 'included', verdict: { valid: true, documents: [{ elements: { [MDL_NAMESPACE]: { age_over_18: true } } }] } });
  });

  it('a relying party with an API key asks only within its purpose; the verdict is recorded under it', async () => {
    const registered = await verification.request('POST', '/relying-parties', { ...officer, body: { name: 'Online Wine Shop', purposes: ['age-verification'], rateLimitPerMinute: 60 } });
    expect(registered.status).toBe(201);
    const { apiKey, id } = registered.body as { apiKey: string; id: string };
    const withKey = async (method: string, path: string, body?: unknown, resultKey?: string) => {
      const response = await fetch(`${verification.baseUrl}${path}`, { method, headers: { authorization: `ApiKey ${apiKey}`, ...(resultKey && { 'x-oid4vp-result-key': resultKey }), ...(body !== undefined && { 'content-type': 'application/json' }) }, ...(body !== undefined && { body: JSON.stringify(body) }) });
      return { status: response.status, body: (await response.json()) as any };
    };
    expect((await withKey('POST', '/oid4vp/requests', { elements: { [MDL_NAMESPACE]: ['age_over_18'] } })).body.code).toBe('PURPOSE_REQUIRED');
    expect((await withKey('POST', '/oid4vp/requests', { elements: { [MDL_NAMESPACE]: ['age_over_18', 'family_name'] }, purpose: 'age-verification' })).body.code).toBe('PURPOSE_NOT_ALLOWED');
    const created = await withKey('POST', '/oid4vp/requests', { elements: { [MDL_NAMESPACE]: ['age_over_18'] }, purpose: 'age-verification' });
    expect(created.status).toBe(201);
    expect((await wallet.respond(await wallet.receive(created.body.authorizationRequestUri))).status).toBe(200);
    const result = await withKey('GET', `/oid4vp/requests/${created.body.transactionId}`, undefined, created.body.resultKey);
    expect(result.body).toMatchObject({ status: 'completed', verdict: { valid: true, documents: [{ elements: { [MDL_NAMESPACE]: { age_over_18: true } } }] } });
    const [record] = await database().query(`SELECT relying_party FROM verification_records WHERE id = $1`, [result.body.verdict.recordId]);
    expect(record.relying_party).toBe(`relying-party:${id}`);
    expect((await poll(created.body.transactionId)).body.code).toBe('OID4VP_TRANSACTION_NOT_FOUND');
  });

  it('refuses elements that are not data elements of the doctype, and requests from callers without the verify permission', async () => {
    const unknown = await verification.request('POST', '/oid4vp/requests', { body: { elements: { [MDL_NAMESPACE]: ['shoe_size'] } } });
    expect(unknown.status).toBe(400);
    expect(unknown.body.code).toBe('OID4VP_ELEMENTS_INVALID');
    expect((await verification.request('POST', '/oid4vp/requests', { body: { elements: ELEMENTS }, roles: ['auditor'] })).status).toBe(403);
    expect((await verification.request('POST', '/oid4vp/requests', { body: { elements: ELEMENTS }, bearer: null })).status).toBe(401);
  });

  it('guards every route; the only public OpenID4VP routes are the two the wallet calls', () => {
    const config = loadVerificationConfig({ ...BASE_ENV, ...env });
    const routes = (VerificationModule.forConfig(config).controllers ?? []).flatMap((controller) => {
      const prototype = controller.prototype as Record<string, unknown>;
      return Object.getOwnPropertyNames(prototype)
        .filter((name) => name !== 'constructor' && typeof prototype[name] === 'function' && Reflect.hasMetadata(METHOD_METADATA, prototype[name] as object))
        .map((name) => ({ route: `${controller.name}.${name} ${String(Reflect.getMetadata(PATH_METADATA, prototype[name] as object))}`, permission: Reflect.getMetadata(PERMISSION_KEY, prototype[name] as object), isPublic: Reflect.getMetadata(PUBLIC_KEY, prototype[name] as object) === true }));
    });
    expect(routes.filter((route) => !route.permission && !route.isPublic)).toEqual([]);
    expect(routes.filter((route) => route.route.startsWith('Oid4vpController') && route.isPublic).map((route) => route.route).sort()).toEqual(['Oid4vpController.requestObject requests/:requestId/request-object', 'Oid4vpController.respond responses/:requestId']);
    expect(routes.filter((route) => route.route.startsWith('Oid4vpController') && !route.isPublic).map((route) => route.permission)).toEqual(['verification:verify', 'verification:verify']);
    expect(VerificationModule.forConfig(loadVerificationConfig(BASE_ENV)).controllers?.some((controller) => controller.name === 'Oid4vpController')).toBe(false);
  });

  it('stops at start when the access certificate does not name the public host', async () => {
    const elsewhere = await createVerifierAccessPki({ dnsName: 'verifier.example' });
    const elsewhereFiles = writeRpFiles(elsewhere);
    const config: VerificationConfig = loadVerificationConfig({ ...BASE_ENV, ...env, CZ_OPENID4VP_SIGNING_KEY_FILE: elsewhereFiles.keyFile, CZ_OPENID4VP_CERTIFICATE_FILE: elsewhereFiles.certificateFile });
    await expect(new RequestSigningKey(config).onModuleInit()).rejects.toThrow(/no dNSName SAN localhost/);
    const mismatched: VerificationConfig = loadVerificationConfig({ ...BASE_ENV, ...env, CZ_OPENID4VP_SIGNING_KEY_FILE: elsewhereFiles.keyFile });
    await expect(new RequestSigningKey(mismatched).onModuleInit()).rejects.toThrow(/does not hold the public key/);
    await expect(new RequestSigningKey(loadVerificationConfig({ ...BASE_ENV, ...env })).onModuleInit()).resolves.toBeUndefined();
  });
});

describe('OpenID4VP off (CZ_OPENID4VP_PROFILE unset)', () => {
  let verification: VerificationTestContext;
  beforeAll(async () => {
    verification = await startVerification();
  });
  afterAll(async () => {
    await verification?.close();
  });

  it('has no OpenID4VP routes: 404', async () => {
    const created = await verification.request('POST', '/oid4vp/requests', { body: { elements: ELEMENTS } });
    expect(created.status).toBe(404);
    expect(created.body.code).toBe('ROUTE_NOT_FOUND');
    expect((await fetch(`${verification.baseUrl}/oid4vp/requests/${'a'.repeat(43)}/request-object`)).status).toBe(404);
    expect((await fetch(`${verification.baseUrl}/oid4vp/responses/${'a'.repeat(43)}`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'state=x' })).status).toBe(404);
  });
});
