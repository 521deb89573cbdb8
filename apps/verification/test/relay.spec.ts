import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import {
  DeviceEngagement,
  DeviceSession,
  failedChecks,
  MDL_DOCTYPE,
  MDL_NAMESPACE,
  presentDocuments,
  ReaderSession,
  RelayCloseCode,
  WebSocketRelayRetrieval,
  WebSocketRelayTransport,
  coseKeyFromJwk,
  type ReceivedDeviceRequest,
} from '@citizen-zero/mdoc';
import { syntheticPortraitJpeg } from '@citizen-zero/test-harness';
import { ConfigError, loadVerificationConfig } from '../src/config/verification-config';
import { createRelayParties, recording, SECRET_FAMILY_NAME, type RelayParties } from './support/relay-parties';
import { startVerification, type VerificationTestContext } from './support/verification-test-app';

interface Closed {
  readonly code: number;
  readonly reason: string;
}

/** A bare `ws` client, to do what a well-behaved transport never would (text frames, oversize frames, dropped connections). */
interface RawClient {
  readonly socket: WebSocket;
  readonly received: Buffer[];
  readonly opened: Promise<void>;
  readonly closed: Promise<Closed>;
}

function rawClient(url: string): RawClient {
  const socket = new WebSocket(url);
  const received: Buffer[] = [];
  socket.on('message', (data: Buffer) => received.push(data));
  socket.on('error', () => undefined);
  const opened = new Promise<void>((resolve, reject) => {
    socket.once('open', () => resolve());
    socket.once('unexpected-response', (_request, response) => reject(new Error(`HTTP ${response.statusCode}`)));
  });
  opened.catch(() => undefined);
  const closed = new Promise<Closed>((resolve) => socket.once('close', (code, reason) => resolve({ code, reason: reason.toString() })));
  return { socket, received, opened, closed };
}

const newSessionId = (): string => randomBytes(16).toString('hex');

async function waitFor(condition: () => boolean, timeoutMs = 5_000): Promise<void> {
  const start = Date.now();
  while (!condition()) {
    if (Date.now() - start > timeoutMs) throw new Error('timed out waiting for a condition');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

async function metric(baseUrl: string, pattern: RegExp): Promise<number> {
  const text = await (await fetch(`${baseUrl}/metrics`)).text();
  const match = pattern.exec(text);
  return match ? Number(match[1]) : 0;
}

const MAX_FRAME_BYTES = 262_144;

describe('session relay: an ISO/IEC 18013-5 session between a wallet and a verifier over the verification service', () => {
  let verification: VerificationTestContext;
  let parties: RelayParties;
  let relayUrl: string;
  const sessionUrl = (sessionId: string, role: string): string => `${relayUrl}/${sessionId}?role=${role}`;

  beforeAll(async () => {
    [verification, parties] = await Promise.all([startVerification({ CZ_RELAY_MAX_FRAME_BYTES: String(MAX_FRAME_BYTES) }), createRelayParties()]);
    relayUrl = `${verification.baseUrl.replace(/^http/, 'ws')}/relay/sessions`;
  });
  afterAll(async () => {
    await verification?.close();
  });

  it('runs a whole session: engagement → establishment → reader-authenticated request → response that verifies → termination closes both ends; the relay sees ciphertext only', async () => {
    const forwardedBefore = await metric(verification.baseUrl, /relay_frames_forwarded_total\{direction="reader-to-mdoc"[^}]*\} (\d+)/);

    // The wallet: an ephemeral key, a fresh relay session id, a QR device engagement (§8.2.1.1, §8.2.2.3); it connects as mdoc.
    const eDevice = await crypto.subtle.generateKey({ name: 'ECDH', namedCurve: 'P-256' }, false, ['deriveBits']);
    const retrieval = WebSocketRelayRetrieval.create(relayUrl);
    const engagement = DeviceEngagement.create({ eDeviceKey: coseKeyFromJwk(await crypto.subtle.exportKey('jwk', eDevice.publicKey)), retrievalMethods: [retrieval.toMethod()] });
    const qrCode = engagement.toQrUri();
    const walletSocket = WebSocketRelayTransport.connect({ retrieval, role: 'mdoc', WebSocket });
    await walletSocket.opened;
    const wallet = recording(walletSocket);
    const seen: ReceivedDeviceRequest[] = [];
    const device = DeviceSession.start({
      deviceEngagement: engagement,
      eDevicePrivateKey: eDevice.privateKey,
      transport: wallet.transport,
      readerTrust: { trustAnchors: [parties.readerCaDer] },
      onRequest: (request) => {
        seen.push(request);
        return presentDocuments({ credentials: [parties.mdl], requests: request.docRequests.map((docRequest) => docRequest.itemsRequest), transcript: request.transcript, authenticator: { kind: 'signature', signer: parties.deviceSigner } });
      },
    });

    // The verifier scans the QR code, finds the relay in it and connects as reader.
    const scanned = DeviceEngagement.fromQrUri(qrCode);
    const found = WebSocketRelayRetrieval.fromEngagement(scanned)!;
    expect(found.sessionIdHex).toBe(retrieval.sessionIdHex);
    const readerSocket = WebSocketRelayTransport.connect({ retrieval: found, role: 'reader', WebSocket });
    const verifier = recording(readerSocket);
    const reader = await ReaderSession.create({ deviceEngagement: scanned, transport: verifier.transport });
    const request = await reader.createDeviceRequest({
      requests: [{ docType: MDL_DOCTYPE, nameSpaces: new Map([[MDL_NAMESPACE, new Map([['family_name', false], ['given_name', false], ['portrait', true], ['age_over_18', false]])]]) }],
      readerAuth: { signer: parties.readerSigner, certificateChain: [parties.readerDer] },
    });
    const response = await reader.request(request);

    // The response verifies: issuer signature to the trusted IACA, MSO digests, device signature over this session's transcript.
    const verdict = await reader.verify(response, { trustAnchors: [parties.iacaDer] });
    expect(failedChecks(verdict)).toEqual([]);
    const [document] = verdict.documents;
    expect(document!.deviceAuthentication).toBe('signature');
    expect([...document!.issuerSigned.get(MDL_NAMESPACE)!.keys()].sort()).toEqual(['age_over_18', 'family_name', 'given_name', 'portrait']);
    expect(document!.issuerSigned.get(MDL_NAMESPACE)!.get('family_name')).toBe(SECRET_FAMILY_NAME);
    // The holder was shown who asks (reader authentication, §9.1.4), over the same transcript.
    expect(seen[0]!.docRequests[0]!.readerAuthentication).toMatchObject({ status: 'verified', reader: { subject: 'C=UT, O=Utopia Border Police, CN=Relay Test Reader' } });
    expect(Buffer.from(seen[0]!.transcript.bytes).equals(Buffer.from(reader.transcript.bytes))).toBe(true);

    // Termination (status 20, §9.1.1.4); the verifier closes its connection and the relay closes the wallet's.
    await reader.terminate();
    readerSocket.close();
    expect(await device.ended).toMatchObject({ reason: 'terminated', by: 'peer', status: 20 });
    expect(await walletSocket.closed).toEqual({ code: RelayCloseCode.NORMAL, reason: 'peer closed' });
    expect((await readerSocket.closed).code).toBe(RelayCloseCode.NORMAL);

    // Forwarded unchanged, in order, in both directions: establishment + status 20 one way, the response the other.
    const hex = (frames: readonly Uint8Array[]) => frames.map((frame) => Buffer.from(frame).toString('hex'));
    expect(verifier.sent).toHaveLength(2);
    expect(wallet.sent).toHaveLength(1);
    expect(hex(wallet.received)).toEqual(hex(verifier.sent));
    expect(hex(verifier.received)).toEqual(hex(wallet.sent));
    // Ciphertext only: the disclosed values are in the decrypted response, in no frame that crossed the relay.
    const portraitSample = Buffer.from(syntheticPortraitJpeg(7)).subarray(200, 232);
    expect(Buffer.from(response.deviceResponseBytes).includes(SECRET_FAMILY_NAME)).toBe(true);
    expect(Buffer.from(response.deviceResponseBytes).includes(portraitSample)).toBe(true);
    for (const frame of [...verifier.sent, ...wallet.sent]) {
      expect(Buffer.from(frame).includes(SECRET_FAMILY_NAME)).toBe(false);
      expect(Buffer.from(frame).includes(portraitSample)).toBe(false);
    }

    expect(await metric(verification.baseUrl, /relay_frames_forwarded_total\{direction="reader-to-mdoc"[^}]*\} (\d+)/)).toBe(forwardedBefore + 2);
    expect(await metric(verification.baseUrl, /relay_sessions_active\{[^}]*\} (\d+)/)).toBe(0);
  });

  it('forwards binary frames unchanged both ways, holding those sent before the peer connects', async () => {
    const sessionId = newSessionId();
    const mdoc = rawClient(sessionUrl(sessionId, 'mdoc'));
    await mdoc.opened;
    const early = [randomBytes(1), randomBytes(5000), randomBytes(MAX_FRAME_BYTES)];
    for (const frame of early) mdoc.socket.send(frame);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(await metric(verification.baseUrl, /relay_sessions_active\{[^}]*\} (\d+)/)).toBe(1);
    const reader = rawClient(sessionUrl(sessionId, 'reader'));
    await reader.opened;
    const late = randomBytes(300);
    reader.socket.send(late);
    await waitFor(() => reader.received.length === 3 && mdoc.received.length === 1);
    expect(reader.received.map((frame) => frame.toString('hex'))).toEqual(early.map((frame) => frame.toString('hex')));
    expect(mdoc.received[0]!.equals(late)).toBe(true);
    mdoc.socket.close(1000);
    expect(await reader.closed).toEqual({ code: 1000, reason: 'peer closed' });
  });

  it('allows one connection per role: a second mdoc or reader is refused (4409) and the session goes on', async () => {
    const sessionId = newSessionId();
    const mdoc = rawClient(sessionUrl(sessionId, 'mdoc'));
    const reader = rawClient(sessionUrl(sessionId, 'reader'));
    await Promise.all([mdoc.opened, reader.opened]);
    const intruders = [rawClient(sessionUrl(sessionId, 'reader')), rawClient(sessionUrl(sessionId, 'mdoc'))];
    expect(await intruders[0]!.closed).toEqual({ code: RelayCloseCode.ROLE_TAKEN, reason: 'role reader taken' });
    expect(await intruders[1]!.closed).toEqual({ code: RelayCloseCode.ROLE_TAKEN, reason: 'role mdoc taken' });
    mdoc.socket.send(Uint8Array.of(1, 2, 3));
    reader.socket.send(Uint8Array.of(4));
    await waitFor(() => reader.received.length === 1 && mdoc.received.length === 1);
    expect([...reader.received[0]!]).toEqual([1, 2, 3]);
    reader.socket.close(1000);
    await mdoc.closed;
  });

  it('closes the session when a frame is over the limit: both ends get 1009', async () => {
    const sessionId = newSessionId();
    const mdoc = rawClient(sessionUrl(sessionId, 'mdoc'));
    const reader = rawClient(sessionUrl(sessionId, 'reader'));
    await Promise.all([mdoc.opened, reader.opened]);
    mdoc.socket.send(randomBytes(MAX_FRAME_BYTES + 1));
    expect((await mdoc.closed).code).toBe(RelayCloseCode.MESSAGE_TOO_BIG);
    expect(await reader.closed).toEqual({ code: RelayCloseCode.MESSAGE_TOO_BIG, reason: 'frame too large' });
    expect(reader.received).toEqual([]);
  });

  it('refuses text frames: both ends get 1003', async () => {
    const sessionId = newSessionId();
    const mdoc = rawClient(sessionUrl(sessionId, 'mdoc'));
    const reader = rawClient(sessionUrl(sessionId, 'reader'));
    await Promise.all([mdoc.opened, reader.opened]);
    reader.socket.send('{"not":"a session message"}');
    expect(await reader.closed).toEqual({ code: RelayCloseCode.UNSUPPORTED_DATA, reason: 'text frames are refused' });
    expect(await mdoc.closed).toEqual({ code: RelayCloseCode.UNSUPPORTED_DATA, reason: 'text frames are refused' });
    expect(mdoc.received).toEqual([]);
  });

  it('tells the other end when a peer drops (4410), and never pairs an ended session id again', async () => {
    const sessionId = newSessionId();
    const mdoc = rawClient(sessionUrl(sessionId, 'mdoc'));
    const reader = rawClient(sessionUrl(sessionId, 'reader'));
    await Promise.all([mdoc.opened, reader.opened]);
    reader.socket.terminate();
    expect(await mdoc.closed).toEqual({ code: RelayCloseCode.SESSION_ENDED, reason: 'peer gone' });
    expect(await rawClient(sessionUrl(sessionId, 'reader')).closed).toEqual({ code: RelayCloseCode.SESSION_ENDED, reason: 'session ended' });
  });

  it('bounds what waits for an absent peer: the 17th frame closes the session (4413)', async () => {
    const mdoc = rawClient(sessionUrl(newSessionId(), 'mdoc'));
    await mdoc.opened;
    for (let index = 0; index < 17; index++) mdoc.socket.send(randomBytes(10));
    expect(await mdoc.closed).toEqual({ code: RelayCloseCode.BUFFER_FULL, reason: 'too much data waiting for the peer' });
  });

  it('rejects bad session ids and roles with 4400 and the reason, and other upgrade paths with 404', async () => {
    const id = newSessionId();
    const cases: Array<[string, string]> = [
      [`${relayUrl}/${id.slice(1)}?role=mdoc`, 'invalid session id'],
      [`${relayUrl}/${id.toUpperCase()}?role=mdoc`, 'invalid session id'],
      [`${relayUrl}/${'g'.repeat(32)}?role=mdoc`, 'invalid session id'],
      [`${relayUrl}/${id}/extra?role=mdoc`, 'invalid session id'],
      [`${relayUrl}/${id}`, 'invalid role'],
      [`${relayUrl}/${id}?role=verifier`, 'invalid role'],
      [`${relayUrl}/${id}?role=mdoc&role=reader`, 'invalid role'],
    ];
    for (const [url, reason] of cases) expect(await rawClient(url).closed, url).toEqual({ code: RelayCloseCode.BAD_REQUEST, reason });
    await expect(rawClient(`${verification.baseUrl.replace(/^http/, 'ws')}/trust/bundle.pem`).opened).rejects.toThrow('HTTP 404');
    // Plain HTTP on the relay path is not a route of the service.
    expect((await fetch(`${verification.baseUrl}/relay/sessions/${id}?role=mdoc`)).status).toBeGreaterThanOrEqual(400);
  });
});

describe('session relay: expiry, capacity and connection rate', () => {
  let verification: VerificationTestContext;
  let relayUrl: string;
  const sessionUrl = (sessionId: string, role: string): string => `${relayUrl}/${sessionId}?role=${role}`;

  beforeAll(async () => {
    verification = await startVerification({ CZ_RELAY_IDLE_TIMEOUT_SECONDS: '1', CZ_RELAY_MAX_SESSIONS: '2', CZ_RELAY_CONNECTIONS_PER_MINUTE: '8' });
    relayUrl = `${verification.baseUrl.replace(/^http/, 'ws')}/relay/sessions`;
  });
  afterAll(async () => {
    await verification?.close();
  });

  it('expires a session whose peer never comes (4408), refuses sessions beyond the limit (1013) and connection attempts beyond the rate (4429)', async () => {
    const lonely = newSessionId();
    const started = Date.now();
    const mdoc = rawClient(sessionUrl(lonely, 'mdoc')); // attempt 1
    expect(await mdoc.closed).toEqual({ code: RelayCloseCode.SESSION_EXPIRED, reason: 'session idle' });
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
    expect(await rawClient(sessionUrl(lonely, 'reader')).closed).toEqual({ code: RelayCloseCode.SESSION_ENDED, reason: 'session ended' }); // 2

    const open = [rawClient(sessionUrl(newSessionId(), 'mdoc')), rawClient(sessionUrl(newSessionId(), 'mdoc'))]; // 3, 4
    await Promise.all(open.map((client) => client.opened));
    expect(await rawClient(sessionUrl(newSessionId(), 'mdoc')).closed).toEqual({ code: RelayCloseCode.TRY_AGAIN_LATER, reason: 'relay busy' }); // 5
    for (const client of open) client.socket.close(1000);
    await Promise.all(open.map((client) => client.closed));

    for (let attempt = 6; attempt <= 8; attempt++) {
      const client = rawClient(sessionUrl(newSessionId(), 'reader'));
      await client.opened;
      client.socket.close(1000);
      expect((await client.closed).code).toBe(1000);
    }
    expect(await rawClient(sessionUrl(newSessionId(), 'reader')).closed).toEqual({ code: RelayCloseCode.RATE_LIMITED, reason: 'too many connection attempts' }); // 9
    const refused = await (await fetch(`${verification.baseUrl}/metrics`)).text();
    expect(refused).toMatch(/relay_connections_refused_total\{reason="rate-limited"[^}]*\} 1/);
    expect(refused).toMatch(/relay_sessions_ended_total\{reason="idle"[^}]*\} 1/);
  });
});

describe('session relay configuration', () => {
  const base = { CZ_VERIFICATION_DATABASE_URL: 'postgres://localhost/x', CZ_OIDC_ISSUER: 'https://idp.example', CZ_REDIS_URL: 'redis://localhost:6379' };

  it('has defaults: 1 MiB frames, 10 min sessions, 2 min idle', () => {
    expect(loadVerificationConfig(base).relay).toEqual({ maxFrameBytes: 1_048_576, sessionTtlSeconds: 600, idleTimeoutSeconds: 120, maxBufferedFrames: 16, maxBufferedBytes: 2_097_152, maxSessions: 10_000, connectionsPerMinute: 60 });
  });

  it('reports bad relay settings at boot', () => {
    let problems: readonly string[] = [];
    try {
      loadVerificationConfig({ ...base, CZ_RELAY_MAX_FRAME_BYTES: '100', CZ_RELAY_SESSION_TTL_SECONDS: 'forever', CZ_RELAY_IDLE_TIMEOUT_SECONDS: '0' });
    } catch (error) {
      problems = (error as ConfigError).problems;
    }
    expect(problems).toEqual(expect.arrayContaining(['CZ_RELAY_MAX_FRAME_BYTES must be an integer from 1024 to 16777216', 'CZ_RELAY_SESSION_TTL_SECONDS must be an integer from 1 to 86400', 'CZ_RELAY_IDLE_TIMEOUT_SECONDS must be an integer from 1 to 3600']));
    expect(() => loadVerificationConfig({ ...base, CZ_RELAY_MAX_FRAME_BYTES: '4000000' })).toThrow(/CZ_RELAY_MAX_BUFFERED_BYTES must be at least CZ_RELAY_MAX_FRAME_BYTES/);
  });
});
