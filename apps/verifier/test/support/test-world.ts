import {
  CoseHeader,
  CoseSign1,
  coseKeyFromJwk,
  createInMemoryTransportPair,
  DeviceEngagement,
  DeviceSession,
  docTypeDefinition,
  encodeCbor,
  issueMdoc,
  MDL_DOCTYPE,
  MDL_NAMESPACE,
  PID_DOCTYPE,
  PID_NAMESPACE,
  prepareClaims,
  presentDocuments,
  WebSocketRelayRetrieval,
  zkSessionProofResponse,
  type IssuerSigned,
  type ReceivedDeviceRequest,
  type WebSocketConstructorLike,
  type WebSocketLike,
} from '@citizen-zero/mdoc';
import { certificatePem, createIacaCertificate, encodeVicalPayload, issueDocumentSignerCertificate, type X509Certificate } from '@citizen-zero/pki';
import { SoftwareSigner } from '@citizen-zero/signing/testing';
import { createStatusListCwt, StatusList, StatusType } from '@citizen-zero/status-list';
import { syntheticPortraitJpeg } from '@citizen-zero/test-harness';
import { createDocumentSeal, type SealPayload } from '@citizen-zero/travel-documents/seal';
import { ageNationalityClaims, deriveProof, generateIssuerKeyPair, InMemoryBbsSigner, issueZkCredential, publishIssuerKey, serializeProofEnvelope, AGE_NATIONALITY_SCHEMA, type ZkCredential } from '@citizen-zero/zk-credentials';
import { parseVerifierConfig, type VerifierConfig } from '../../src/config';

const DAY = 86_400_000;
export const VERIFICATION_URL = 'https://verification.utopia.example';
export const IDENTITY_URL = 'https://identity.utopia.example';
export const STATUS_LIST_URI = `${IDENTITY_URL}/status-lists/1`;
export const RELAY_URL = 'wss://verification.utopia.example/relay/sessions';
export const REVOKED_INDEX = 7;

/** A small issuing authority for tests: real keys and signatures (software keys), as the platform makes them in the HSM. */
export interface TestWorld {
  readonly iaca: X509Certificate;
  readonly dsSigner: SoftwareSigner;
  readonly ds: X509Certificate;
  /** The trust-list signer's root (configured in the verifier as trustListSignerAnchorsPem). */
  readonly trustRootPem: string;
  readonly vical: Uint8Array;
  readonly statusList: Uint8Array;
  readonly zkIssuerKeys: string;
  readonly zkSigner: InMemoryBbsSigner;
  readonly config: VerifierConfig;
  readonly statusListUri: string;
  /** Answers the verifier's sync requests from this world (an HTTP double for unit tests). */
  readonly fetch: typeof fetch;
}

/** `overrides` change the verifier configuration; `urls` put the publications elsewhere (a loopback server in the browser test). */
export async function createTestWorld(overrides: Record<string, unknown> = {}, urls: { verification: string; identity: string; relay: string } = { verification: VERIFICATION_URL, identity: IDENTITY_URL, relay: RELAY_URL }): Promise<TestWorld> {
  const now = Date.now();
  const statusListUri = `${urls.identity}/status-lists/1`;
  const iacaSigner = await SoftwareSigner.generate('ES256', 'test-iaca');
  const iaca = await createIacaCertificate({ signer: iacaSigner, subject: { country: 'UT', commonName: 'Utopia Test IACA' }, validity: { notBefore: new Date(now - DAY), notAfter: new Date(now + 3 * 365 * DAY) }, issuerAlternativeName: { uri: 'https://iaca.utopia.example' }, crlDistributionPointUri: 'https://iaca.utopia.example/crl' });
  const dsSigner = await SoftwareSigner.generate('ES256', 'test-ds');
  const ds = await issueDocumentSignerCertificate({ iacaSigner, iacaCertificate: iaca, publicKeySpki: await dsSigner.publicKeySpki(), subject: { country: 'UT', commonName: 'Utopia Test DS' }, validity: { notBefore: new Date(now - DAY), notAfter: new Date(now + 365 * DAY) } });
  // The trust-list signer is certified by the same IACA (as in the development key ceremony), which the verifier pins.
  const vicalSigner = await SoftwareSigner.generate('ES256', 'test-trust-list-signer');
  const vicalCertificate = await issueDocumentSignerCertificate({ iacaSigner, iacaCertificate: iaca, publicKeySpki: await vicalSigner.publicKeySpki(), subject: { country: 'UT', commonName: 'Utopia Test Trust List Signer' }, validity: { notBefore: new Date(now - DAY), notAfter: new Date(now + 365 * DAY) } });
  const vical = await signVical(vicalSigner, new Uint8Array(vicalCertificate.rawData), [new Uint8Array(iaca.rawData)]);
  const list = StatusList.create(1024);
  list.set(REVOKED_INDEX, StatusType.INVALID);
  const statusList = await createStatusListCwt({ signer: dsSigner, certificateChain: [new Uint8Array(ds.rawData)], statusList: list, uri: statusListUri, issuedAt: new Date(now - 60_000), expiresAt: new Date(now + DAY), timeToLive: 300 });
  const zkKeys = await generateIssuerKeyPair();
  const zkSigner = await InMemoryBbsSigner.create(zkKeys.secretKey, zkKeys.publicKey);
  const zkIssuerKeys = JSON.stringify({ keys: [publishIssuerKey(zkKeys.publicKey, [AGE_NATIONALITY_SCHEMA])] });
  const trustRootPem = certificatePem(iaca);
  const config = parseVerifierConfig({ issuer: 'https://idp.utopia.example', clientId: 'verifier-app', verificationUrl: urls.verification, verificationResource: 'urn:citizen-zero:verification', identityUrl: urls.identity, trustListSignerAnchorsPem: trustRootPem, relayUrlPrefixes: [`${urls.relay}/`], ...overrides });
  const world = { iaca, dsSigner, ds, trustRootPem, vical, statusList, zkIssuerKeys, zkSigner, config, statusListUri };
  return { ...world, fetch: serve(world, urls) };
}

export async function signVical(signer: SoftwareSigner, signerCertificate: Uint8Array, iacas: readonly Uint8Array[]): Promise<Uint8Array> {
  const payload = encodeVicalPayload({ vicalProvider: 'verification.utopia.example', date: new Date(), vicalIssueID: 3, nextUpdate: new Date(Date.now() + DAY), certificateInfos: iacas.map((certificate) => ({ certificate, docType: [MDL_DOCTYPE, PID_DOCTYPE] })) });
  const signed = await CoseSign1.sign({ signer, payload, unprotectedHeaders: new Map([[CoseHeader.x5chain, signerCertificate]]) });
  return encodeCbor(signed.toCbor());
}

/** The three sync URLs, answered from the world's bytes; anything else is 404. */
function serve(world: Pick<TestWorld, 'vical' | 'statusList' | 'zkIssuerKeys' | 'statusListUri'>, urls: { verification: string; identity: string }): typeof fetch {
  return async (input) => {
    const url = String(input instanceof Request ? input.url : input);
    const found = publication(world, urls, url);
    return found ? new Response(found.body as BodyInit, { headers: { 'content-type': found.type } }) : new Response('not found', { status: 404 });
  };
}

/** What the verification and identity services publish for verifiers, by URL. */
export function publication(world: Pick<TestWorld, 'vical' | 'statusList' | 'zkIssuerKeys' | 'statusListUri'>, urls: { verification: string; identity: string }, url: string): { body: Uint8Array | string; type: string } | undefined {
  if (url === `${urls.verification}/trust/bundle.vical`) return { body: world.vical, type: 'application/cose' };
  if (url === world.statusListUri) return { body: world.statusList, type: 'application/statuslist+cwt' };
  if (url === `${urls.identity}/zk/issuer-keys`) return { body: world.zkIssuerKeys, type: 'application/json' };
  return undefined;
}

/** A holder's credentials, issued by the world's document signer: the national ID (PID) and the mDL, with a status list entry each. */
export interface TestHolder {
  readonly pid: IssuerSigned;
  readonly mdl: IssuerSigned;
  readonly deviceSigner: SoftwareSigner;
  readonly zk: ZkCredential;
}

export async function issueHolder(world: Pick<TestWorld, 'dsSigner' | 'ds' | 'zkSigner' | 'statusListUri'>, options: { statusIndex?: number; birthDate?: string; familyName?: string } = {}): Promise<TestHolder> {
  const device = await crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, false, ['sign', 'verify']);
  const deviceKey = coseKeyFromJwk(await crypto.subtle.exportKey('jwk', device.publicKey));
  const now = new Date();
  const validity = { signed: now, validFrom: now, validUntil: new Date(now.getTime() + 365 * DAY) };
  const birthDate = options.birthDate ?? '1990-04-17';
  const familyName = options.familyName ?? 'Okonkwo';
  const portrait = Buffer.from(syntheticPortraitJpeg(3)).toString('base64');
  const status = (offset: number) => ({ statusList: { idx: (options.statusIndex ?? 1) + offset, uri: world.statusListUri } });
  const pid = await issueMdoc({
    docType: PID_DOCTYPE,
    nameSpaces: prepareClaims(docTypeDefinition(PID_DOCTYPE), { [PID_NAMESPACE]: { family_name: familyName, given_name: 'Adaeze Marie', birth_date: birthDate, birth_place: 'Utopia City', nationality: ['UT'], expiry_date: '2031-01-09', issuing_authority: 'Utopia Civil Registry', issuing_country: 'UT', document_number: 'ID0001', personal_administrative_number: 'UT-123', portrait } }, now),
    deviceKey,
    validity,
    signer: world.dsSigner,
    certificateChain: [new Uint8Array(world.ds.rawData)],
    status: status(0),
  });
  const mdl = await issueMdoc({
    docType: MDL_DOCTYPE,
    nameSpaces: prepareClaims(docTypeDefinition(MDL_DOCTYPE), { [MDL_NAMESPACE]: { family_name: familyName, given_name: 'Adaeze Marie', birth_date: birthDate, issue_date: '2026-01-10', expiry_date: '2031-01-09', issuing_country: 'UT', issuing_authority: 'Utopia Road Traffic Authority', document_number: 'DL7301', portrait, driving_privileges: [{ vehicle_category_code: 'B' }], un_distinguishing_sign: 'UTO', nationality: 'UT' } }, now),
    deviceKey,
    validity,
    signer: world.dsSigner,
    certificateChain: [new Uint8Array(world.ds.rawData)],
    status: status(100),
  });
  const zk = await issueZkCredential(world.zkSigner, ageNationalityClaims({ birthDate, nationality: 'UT', issuedAt: now, validityMonths: 12, credentialId: crypto.randomUUID().replace(/-/g, '') }));
  return { pid, mdl, deviceSigner: SoftwareSigner.fromKeyPair('ES256', device, 'device'), zk };
}

/**
 * A wallet on the other end of an in-memory relay: it shows an engagement naming the world's relay
 * URL, and the WebSocket constructor it returns connects the verifier's "relay" socket straight to the
 * wallet's DeviceSession. `tamper` rewrites the DeviceResponse bytes after device signing.
 */
export async function walletOnRelay(holder: TestHolder, options: { tamper?: (bytes: Uint8Array) => Uint8Array; only?: 'pid' | 'mdl'; seen?: ReceivedDeviceRequest[]; readerTrust?: readonly Uint8Array[] } = {}): Promise<{ engagement: string; WebSocket: WebSocketConstructorLike }> {
  const eDevice = await crypto.subtle.generateKey({ name: 'ECDH', namedCurve: 'P-256' }, false, ['deriveBits']);
  const retrieval = WebSocketRelayRetrieval.create(RELAY_URL);
  const engagement = DeviceEngagement.create({ eDeviceKey: coseKeyFromJwk(await crypto.subtle.exportKey('jwk', eDevice.publicKey)), retrievalMethods: [retrieval.toMethod()] });
  const pair = createInMemoryTransportPair();
  const credentials = options.only === 'pid' ? [holder.pid] : options.only === 'mdl' ? [holder.mdl] : [holder.pid, holder.mdl];
  DeviceSession.start({
    deviceEngagement: engagement,
    eDevicePrivateKey: eDevice.privateKey,
    transport: pair.device,
    ...(options.readerTrust && { readerTrust: { trustAnchors: options.readerTrust } }),
    onRequest: async (request) => {
      options.seen?.push(request);
      const response = await presentDocuments({ credentials, requests: request.docRequests.map((docRequest) => docRequest.itemsRequest), transcript: request.transcript, authenticator: { kind: 'signature', signer: holder.deviceSigner } });
      return options.tamper ? options.tamper(response.toBytes()) : response;
    },
    onZkRequest: async (request) => zkSessionProofResponse(serializeProofEnvelope(await deriveProof(holder.zk, ['age_over_18'], { audience: request.request.audience, nonce: request.bindingNonce }))),
  });

  class InMemoryRelaySocket implements WebSocketLike {
    binaryType = 'arraybuffer';
    readyState = 0;
    onopen: ((event: never) => unknown) | null = null;
    onmessage: ((event: never) => unknown) | null = null;
    onclose: ((event: never) => unknown) | null = null;
    onerror: ((event: never) => unknown) | null = null;
    constructor(readonly url: string) {
      if (url !== retrieval.sessionUrl('reader')) throw new Error(`unexpected relay URL ${url}`);
      pair.reader.onMessage((message) => (this.onmessage as ((event: { data: ArrayBuffer }) => void) | null)?.({ data: Uint8Array.from(message).buffer }));
      queueMicrotask(() => {
        this.readyState = 1;
        (this.onopen as (() => void) | null)?.();
      });
    }
    send(data: Uint8Array): void {
      void pair.reader.send(Uint8Array.from(data));
    }
    close(code = 1000, reason = ''): void {
      if (this.readyState === 3) return;
      this.readyState = 3;
      queueMicrotask(() => (this.onclose as ((event: { code: number; reason: string }) => void) | null)?.({ code, reason }));
    }
  }
  return { engagement: engagement.toQrUri(), WebSocket: InMemoryRelaySocket };
}

/** A printed seal as the identity service makes it (signed by the world's document signer). */
export async function sealText(world: TestWorld, payload: Partial<SealPayload> = {}): Promise<string> {
  const seal = await createDocumentSeal({
    payload: { documentType: 'national-id-card', issuingState: 'UTO', documentNumber: 'ID0001', primaryIdentifier: 'OKONKWO', secondaryIdentifier: 'ADAEZE MARIE', dateOfBirth: '1990-04-17', sex: 'F', nationality: 'UTO', dateOfIssue: '2026-01-10', dateOfExpiry: '2031-01-09', ...payload },
    signer: world.dsSigner,
    certificateChain: [new Uint8Array(world.ds.rawData)],
  });
  return seal.text;
}
