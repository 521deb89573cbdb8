import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import WebSocket from 'ws';
import { exportJWK, SignJWT } from 'jose';
import { base64UrlDecode, coseKeyFromJwk, decodeCbor, DeviceEngagement, DeviceSession, IssuerSigned, presentDocuments, WebSocketRelayRetrieval, WebSocketRelayTransport } from '@citizen-zero/mdoc';
import { parsePemBundle } from '@citizen-zero/pki';
import { SoftwareSigner } from '@citizen-zero/signing/testing';
import { CHROMIUM_ARGS } from './admin-portal-browser';
import { cutVerifierServices, dismissVerdict, enrolVerifier, launchVerifier, readVerdict, startPresentation, syncVerifier, type VerdictReading, type VerifierBrowser, verifySealFile } from './verifier-steps';
import { answerZkRequest, claimCredential, consentToRequest, credentialCard, finishPresentation, openWallet, presentOnline, type SeenRequest, setWalletPin, showEngagementQr } from './wallet-steps';

export interface PlatformUrls {
  readonly idp: string;
  readonly identity: string;
  readonly verification: string;
  readonly wallet: string;
  readonly verifier: string;
}

export interface WalletAndVerifierResult {
  /** Problems the wallet's and the verifier's pages reported (console errors, failed requests, HTTP errors). */
  readonly problems: readonly string[];
  readonly screenshots: readonly string[];
  readonly claimed: string;
  readonly identity: { readonly seen: SeenRequest; readonly verdict: VerdictReading };
  readonly ageOnly: { readonly seen: SeenRequest; readonly verdict: VerdictReading };
  readonly zeroKnowledge: { readonly asked: string; readonly verdict: VerdictReading };
  /** Online: what the wallet showed, and what the relying party collected. */
  readonly online: { readonly seen: { readonly heading: string; readonly verifier: string; readonly elements: readonly string[] }; readonly result: { readonly status: string; readonly verdict?: { readonly valid: boolean; readonly documents: ReadonlyArray<{ readonly elements: Record<string, Record<string, unknown>> }> } } };
  readonly servicesCut: VerdictReading;
  readonly tampered: VerdictReading;
  readonly revoked: { readonly verdict: VerdictReading; readonly card: string };
  readonly seal: { readonly outcome: string; readonly fields: Readonly<Record<string, string>> };
}

/** What the walk needs from the platform: its URLs, a service token, and what the admin portal's day produced. */
export interface WalletAndVerifierInputs {
  readonly urls: PlatformUrls;
  /** A client-credentials token of a platform service client for an audience. */
  readonly serviceToken: (clientId: string, resource: string) => Promise<string>;
  /** The mDL wallet offer an approver made in the portal, and its transaction code. */
  readonly mdlOffer: { readonly uri: string; readonly txCode: string };
  /** The ID card PDF the portal downloaded (its seal is verified offline). */
  readonly idCardPdf: Buffer;
  /** The enrolled citizen's national ID number (to find their documents through the API). */
  readonly nationalIdNumber: string;
}

const PIN = '482916';

/**
 * Issue 8 end to end in two Chromium profiles — a citizen's wallet and a verifier's device — on the
 * running platform:
 *
 *  1. the verifier synchronises (trust list, status list, issuer keys) and is enrolled by fola.verifier
 *     (reader certificate);
 *  2. the wallet sets a PIN and claims the mDL from the portal's offer (and the BBS credential with it);
 *  3. full identity: the verifier scans the wallet's engagement QR with its (fake) camera; the wallet
 *     shows the verified reader and what it asks; all shared; green with the portrait;
 *  4. age only by selective disclosure (pasted code): only age_over_18 is shared; green;
 *  5. age only with the unlinkable BBS proof over the session; green;
 *  5b. online: a web shop (a relying party with an API key) asks for age over 18 with OpenID4VP 1.0;
 *     the wallet verifies the signed request, shows the shop, shares; the shop collects the verdict;
 *  6. the verifier cut off from every service (only the relay's socket): still green from what it synced;
 *  7. a tampered credential (a genuine holder in Node whose response has one value changed): red;
 *  8. the mDL revoked (identity API), the verifier re-synchronises: red; the wallet's card says revoked;
 *  9. the ID card's printed seal verified from the PDF with the verifier's network cut.
 */
export async function walkWalletAndVerifier(inputs: WalletAndVerifierInputs, screenshotDir: string): Promise<WalletAndVerifierResult> {
  mkdirSync(screenshotDir, { recursive: true });
  const screenshots: string[] = [];
  const work = mkdtempSync(join(tmpdir(), 'cz-wallet-walk-'));
  const verifier = await launchVerifier(inputs.urls.verifier);
  const walletContext = await chromium.launchPersistentContext(join(work, 'wallet-profile'), { executablePath: '/usr/bin/chromium', headless: true, args: CHROMIUM_ARGS, viewport: { width: 420, height: 900 } });
  const shot = async (page: import('playwright-core').Page, name: string) => {
    const file = join(screenshotDir, `${String(screenshots.length + 1).padStart(2, '0')}-${name}.png`);
    await page.screenshot({ path: file, fullPage: true });
    screenshots.push(file);
  };
  const wallet = await openWallet(walletContext, inputs.urls.wallet);
  try {
    // 1. The verifier's device: one sync, then enrolment for reader authentication.
    await syncVerifier(verifier.page);
    await enrolVerifier(verifier.page, { deviceName: 'Harbour police, desk 2' });
    await shot(verifier.page, 'verifier-synced-and-enrolled');

    // 2. The citizen claims the mDL the approver offered in the portal.
    await setWalletPin(wallet.page, PIN);
    const claimed = await claimCredential(wallet.page, inputs.urls.wallet, inputs.mdlOffer.uri, inputs.mdlOffer.txCode, PIN);
    await shot(wallet.page, 'wallet-claimed');

    // 3. Full identity, the code scanned by the verifier's camera.
    const identity = await presentInPerson(verifier, wallet.page, 'identity', 'camera', (page) => consentToRequest(page, { share: 'all', pin: PIN }));
    await shot(verifier.page, 'verdict-identity');
    await dismissVerdict(verifier.page);
    await finishPresentation(wallet.page);

    // 4. Age only, by selective disclosure.
    const ageOnly = await presentInPerson(verifier, wallet.page, 'age-over-18', 'paste', (page) => consentToRequest(page, { share: ['Age over 18', 'Portrait'], pin: PIN }));
    await shot(verifier.page, 'verdict-age-selective-disclosure');
    await dismissVerdict(verifier.page);
    await finishPresentation(wallet.page);

    // 5. Age only, with the unlinkable BBS proof.
    const engagement = await showEngagementQr(wallet.page);
    await startPresentation(verifier, engagement, { profile: 'age-over-18-zk', via: 'paste' });
    const asked = await answerZkRequest(wallet.page, { prove: ['Over 18'], pin: PIN });
    const zkVerdict = await readVerdict(verifier.page);
    await shot(verifier.page, 'verdict-age-zero-knowledge');
    await dismissVerdict(verifier.page);
    await finishPresentation(wallet.page);

    // 5b. Online: a web shop asks through OpenID4VP; the citizen shares from the wallet.
    const online = await presentToWebShop(inputs, wallet.page);
    await shot(wallet.page, 'wallet-after-online-presentation');

    // 6. The verifier cut off from the services: verification uses only what it synced.
    const restore = await cutVerifierServices(verifier, [inputs.urls.idp, inputs.urls.identity, inputs.urls.verification]);
    const cut = await presentInPerson(verifier, wallet.page, 'driving-privileges', 'camera', (page) => consentToRequest(page, { share: 'all', pin: PIN }));
    await shot(verifier.page, 'verdict-services-cut');
    await dismissVerdict(verifier.page);
    await finishPresentation(wallet.page);
    await restore();

    // 7. A tampered credential: a genuine holder whose response has one value changed.
    const tampered = await presentTampered(inputs, verifier);
    await shot(verifier.page, 'verdict-tampered');
    await dismissVerdict(verifier.page);

    // 8. The mDL is revoked; after the verifier's next sync it is refused, and the wallet says so.
    const mdl = await documentOf(inputs, 'mdl-credential');
    await identityApi(inputs, 'POST', `/documents/${mdl.id}/lifecycle`, { action: 'revoke', reason: 'lost' });
    await syncVerifier(verifier.page);
    const revoked = await presentInPerson(verifier, wallet.page, 'identity', 'paste', (page) => consentToRequest(page, { share: 'all', pin: PIN }));
    await shot(verifier.page, 'verdict-revoked');
    await dismissVerdict(verifier.page);
    await finishPresentation(wallet.page);
    const card = await credentialCard(wallet.page, 'Driving licence', { refresh: true });
    await shot(wallet.page, 'wallet-card-revoked');

    // 9. The printed seal of the ID card, from its PDF, with the verifier offline.
    const pdf = join(work, 'id-card.pdf');
    writeFileSync(pdf, inputs.idCardPdf);
    const seal = await verifySealFile(verifier, pdf, { offline: true });

    return {
      problems: [...wallet.problems, ...verifier.problems],
      screenshots,
      claimed,
      identity: { seen: identity.seen, verdict: identity.verdict },
      ageOnly: { seen: ageOnly.seen, verdict: ageOnly.verdict },
      zeroKnowledge: { asked, verdict: zkVerdict },
      online,
      servicesCut: cut.verdict,
      tampered,
      revoked: { verdict: revoked.verdict, card: card.status },
      seal: { outcome: seal.outcome, fields: seal.fields },
    };
  } catch (error) {
    await verifier.page.screenshot({ path: join(screenshotDir, 'failure-verifier.png'), fullPage: true }).catch(() => undefined);
    await wallet.page.screenshot({ path: join(screenshotDir, 'failure-wallet.png'), fullPage: true }).catch(() => undefined);
    throw new Error(`${(error as Error).message}\nwallet problems: ${wallet.problems.join('; ')}\nverifier problems: ${verifier.problems.join('; ')}`);
  } finally {
    await walletContext.close();
    await verifier.close();
    rmSync(work, { recursive: true, force: true });
  }
}

/**
 * A web shop registered as a relying party (purpose age verification, an API key) creates an
 * OpenID4VP request for age_over_18; the citizen opens it in the wallet and shares; the shop
 * collects the verdict with the result key it got at creation.
 */
async function presentToWebShop(inputs: WalletAndVerifierInputs, walletPage: import('playwright-core').Page): Promise<WalletAndVerifierResult['online']> {
  const officer = await inputs.serviceToken('platform-seeder', 'urn:citizen-zero:verification');
  const registered = await fetch(`${inputs.urls.verification}/relying-parties`, { method: 'POST', headers: { authorization: `Bearer ${officer}`, 'content-type': 'application/json' }, body: JSON.stringify({ name: 'Online Wine Shop', purposes: ['age-verification'], rateLimitPerMinute: 60 }) });
  if (registered.status !== 201) throw new Error(`registering the web shop: ${registered.status} ${await registered.text()}`);
  const { apiKey } = (await registered.json()) as { apiKey: string };
  const asShop = (path: string, init: RequestInit = {}) => fetch(`${inputs.urls.verification}${path}`, { ...init, headers: { authorization: `ApiKey ${apiKey}`, ...(init.headers as Record<string, string> | undefined) } });
  const createdResponse = await asShop('/oid4vp/requests', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ elements: { 'org.iso.18013.5.1': ['age_over_18'] }, purpose: 'age-verification' }) });
  if (createdResponse.status !== 201) throw new Error(`creating the OpenID4VP request: ${createdResponse.status} ${await createdResponse.text()}`);
  const created = (await createdResponse.json()) as { transactionId: string; authorizationRequestUri: string; resultKey: string };
  const seen = await presentOnline(walletPage, inputs.urls.wallet, created.authorizationRequestUri, PIN);
  const result = (await (await asShop(`/oid4vp/requests/${created.transactionId}`, { headers: { 'x-oid4vp-result-key': created.resultKey } })).json()) as WalletAndVerifierResult['online']['result'];
  return { seen, result };
}

/** The wallet shows its engagement QR, the verifier takes it (camera or paste) and asks for `profile`; the wallet answers with `answer`. */
async function presentInPerson(verifier: VerifierBrowser, walletPage: import('playwright-core').Page, profile: 'identity' | 'age-over-18' | 'driving-privileges', via: 'camera' | 'paste', answer: (page: import('playwright-core').Page) => Promise<SeenRequest>): Promise<{ seen: SeenRequest; verdict: VerdictReading }> {
  const engagement = await showEngagementQr(walletPage);
  await startPresentation(verifier, engagement, { profile, via });
  const seen = await answer(walletPage);
  return { seen, verdict: await readVerdict(verifier.page) };
}

/**
 * A holder in Node (libs/mdoc's DeviceSession over the relay) with a genuine credential — the
 * citizen's national ID wallet credential, claimed through OpenID4VCI with a software device key —
 * whose DeviceResponse has one disclosed value changed after signing.
 */
async function presentTampered(inputs: WalletAndVerifierInputs, verifier: VerifierBrowser): Promise<VerdictReading> {
  const document = await documentOf(inputs, 'national-id-credential');
  const holder = await claimInNode(inputs, document.id);
  const readerCa = parsePemBundle(await (await fetch(`${inputs.urls.verification}/trust/readers.pem`)).text());
  const eDevice = await crypto.subtle.generateKey({ name: 'ECDH', namedCurve: 'P-256' }, false, ['deriveBits']);
  const retrieval = WebSocketRelayRetrieval.create(`${inputs.urls.verification.replace(/^http/, 'ws')}/relay/sessions`);
  const engagement = DeviceEngagement.create({ eDeviceKey: coseKeyFromJwk(await crypto.subtle.exportKey('jwk', eDevice.publicKey)), retrievalMethods: [retrieval.toMethod()] });
  const transport = WebSocketRelayTransport.connect({ retrieval, role: 'mdoc', WebSocket: WebSocket as never });
  await transport.opened;
  let changed = false;
  DeviceSession.start({
    deviceEngagement: engagement,
    eDevicePrivateKey: eDevice.privateKey,
    transport,
    readerTrust: { trustAnchors: readerCa },
    onRequest: async (request) => {
      const response = (await presentDocuments({ credentials: [holder.issuerSigned], requests: request.docRequests.map((docRequest) => docRequest.itemsRequest), transcript: request.transcript, authenticator: { kind: 'signature', signer: holder.device } })).toBytes();
      // The given names, as disclosed, with their last letter changed: the same length, so the CBOR stays well formed.
      const text = Buffer.from(response).toString('latin1');
      changed = text.includes('Awa Khady');
      return Uint8Array.from(Buffer.from(text.replace('Awa Khady', 'Awa Khadi'), 'latin1'));
    },
  });
  await startPresentation(verifier, engagement.toQrUri(), { profile: 'identity', via: 'paste' });
  const verdict = await readVerdict(verifier.page);
  if (!changed) throw new Error('the tampering step found no given names to change in the response');
  return verdict;
}

async function claimInNode(inputs: WalletAndVerifierInputs, documentId: string): Promise<{ issuerSigned: IssuerSigned; device: SoftwareSigner }> {
  const offer = (await identityApi(inputs, 'POST', `/documents/${documentId}/offer`)) as { uri: string; txCode: string };
  const parsed = JSON.parse(decodeURIComponent(offer.uri.slice('openid-credential-offer://?credential_offer='.length))) as { credential_issuer: string; credential_configuration_ids: string[]; grants: Record<string, { 'pre-authorized_code': string }> };
  const issuer = parsed.credential_issuer;
  const metadata = (await (await fetch(`${issuer}/.well-known/openid-credential-issuer`)).json()) as { nonce_endpoint: string; credential_endpoint: string };
  const server = (await (await fetch(`${issuer}/.well-known/oauth-authorization-server`)).json()) as { token_endpoint: string };
  const code = parsed.grants['urn:ietf:params:oauth:grant-type:pre-authorized_code']!['pre-authorized_code'];
  const token = (await (await fetch(server.token_endpoint, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ grant_type: 'urn:ietf:params:oauth:grant-type:pre-authorized_code', 'pre-authorized_code': code, tx_code: offer.txCode }) })).json()) as { access_token: string };
  const pair = await crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, true, ['sign', 'verify']);
  const jwk = await exportJWK(pair.publicKey);
  const { c_nonce: nonce } = (await (await fetch(metadata.nonce_endpoint, { method: 'POST' })).json()) as { c_nonce: string };
  const proof = await new SignJWT({ nonce }).setProtectedHeader({ alg: 'ES256', typ: 'openid4vci-proof+jwt', jwk: { kty: jwk.kty!, crv: jwk.crv!, x: jwk.x!, y: jwk.y! } }).setAudience(issuer).setIssuedAt().sign(pair.privateKey);
  const response = await fetch(metadata.credential_endpoint, { method: 'POST', headers: { authorization: `Bearer ${token.access_token}`, 'content-type': 'application/json' }, body: JSON.stringify({ credential_configuration_id: parsed.credential_configuration_ids[0], proofs: { jwt: [proof] } }) });
  const credential = (await response.json()) as { credentials: Array<{ credential: string }> };
  return { issuerSigned: IssuerSigned.fromCbor(decodeCbor(base64UrlDecode(credential.credentials[0]!.credential))), device: SoftwareSigner.fromKeyPair('ES256', pair, 'device') };
}

async function documentOf(inputs: WalletAndVerifierInputs, kind: string): Promise<{ id: string; kind: string; state: string }> {
  const [person] = (await identityApi(inputs, 'GET', `/persons?nationalIdNumber=${inputs.nationalIdNumber}`)) as Array<{ id: string }>;
  if (!person) throw new Error(`no person with national ID number ${inputs.nationalIdNumber}`);
  const documents = (await identityApi(inputs, 'GET', `/persons/${person.id}/documents`)) as Array<{ id: string; kind: string; state: string }>;
  const found = documents.filter((document) => document.kind === kind).pop();
  if (!found) throw new Error(`the citizen has no ${kind} (documents: ${documents.map((document) => document.kind).join(', ')})`);
  return found;
}

/** The identity API as the platform's approver client (the officials' work is in the portal's walk). */
async function identityApi(inputs: WalletAndVerifierInputs, method: string, path: string, body?: unknown): Promise<unknown> {
  const token = await inputs.serviceToken('platform-approver', 'urn:citizen-zero:identity');
  const response = await fetch(`${inputs.urls.identity}${path}`, { method, headers: { authorization: `Bearer ${token}`, ...(body !== undefined && { 'content-type': 'application/json' }) }, ...(body !== undefined && { body: JSON.stringify(body) }) });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${text}`);
  return text ? (JSON.parse(text) as unknown) : undefined;
}
