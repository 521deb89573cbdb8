import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  createInMemoryTransportPair,
  decodeCbor,
  DeviceEngagement,
  DeviceRequest,
  DeviceResponse,
  encodeCbor,
  EncodedCbor,
  failedChecks,
  MDL_DOCTYPE,
  MDL_NAMESPACE,
  MdocError,
  presentDocuments,
  ReaderSession,
  SessionData,
  SessionEncryption,
  SessionEstablishment,
  SessionStatus,
  sessionIv,
  sessionStatusForError,
  Tag,
  toHex,
  type IssuerSigned,
  type ItemsRequest,
  type ReceivedDeviceRequest,
} from '@citizen-zero/mdoc';
import { createHolder, issueSample, type Holder } from './support/present';
import { createReaderPki, type ReaderPki } from '@citizen-zero/test-harness';
import { createMdocEngagement, createRawReader, startDevice, waitFor } from './support/session';
import { createTestPki, type TestPki } from './support/test-pki';

const code = (error: unknown): string => (error instanceof MdocError ? error.code : String(error));

async function rejection(promise: Promise<unknown>): Promise<MdocError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof MdocError) return error;
    throw error;
  }
  throw new Error('expected a rejection');
}

const flipLastBit = (bytes: Uint8Array): Uint8Array => {
  const copy = Uint8Array.from(bytes);
  copy[copy.length - 1] = copy[copy.length - 1]! ^ 0x01;
  return copy;
};

const itemsRequest = (elements: Record<string, boolean>, docType = MDL_DOCTYPE): ItemsRequest => ({ docType, nameSpaces: new Map([[MDL_NAMESPACE, new Map(Object.entries(elements))]]) });

describe('SessionData and SessionEstablishment (§9.1.1.4)', () => {
  it('SessionData: data, status, both; parsed back; received bytes kept', () => {
    const data = Uint8Array.of(1, 2, 3);
    for (const params of [{ data }, { status: 20 }, { data, status: 20 }]) {
      const message = SessionData.create(params);
      const parsed = SessionData.fromBytes(message.bytes);
      expect(parsed.data).toEqual(params.data);
      expect(parsed.status).toBe(params.status);
      expect(parsed.bytes).toBe(message.bytes);
    }
    // Non-preferred encodings are accepted and kept as they came (an indefinite-length map here).
    const indefinite = Uint8Array.of(0xbf, 0x66, ...new TextEncoder().encode('status'), 0x14, 0xff);
    expect(SessionData.fromBytes(indefinite).status).toBe(20);
    expect(SessionData.fromBytes(indefinite).bytes).toBe(indefinite);
    expect(SessionData.fromBytes(encodeCbor(new Map<string, unknown>([['status', 10], ['future', true]]))).status).toBe(10);
  });

  it('SessionData: anything else is SESSION_MESSAGE_INVALID, to be answered with status 11', () => {
    const invalid = [
      Uint8Array.of(0xff),
      encodeCbor(new Map()),
      encodeCbor([1, 2]),
      encodeCbor(new Map([['data', 'text']])),
      encodeCbor(new Map([['status', -1]])),
      encodeCbor(new Map([['status', '20']])),
      concat(SessionData.status(20).bytes, Uint8Array.of(0)),
    ];
    for (const bytes of invalid) {
      let thrown: unknown;
      try {
        SessionData.fromBytes(bytes);
      } catch (error) {
        thrown = error;
      }
      expect(code(thrown), toHex(bytes)).toBe('SESSION_MESSAGE_INVALID');
      expect(sessionStatusForError(thrown)).toBe(SessionStatus.CBOR_DECODING_ERROR);
    }
    expect(() => SessionData.create({})).toThrow(MdocError);
  });

  it('SessionEstablishment: built and parsed; EReaderKeyBytes kept as received', async () => {
    const mdoc = await createMdocEngagement();
    const reader = await createRawReader(mdoc.engagement);
    const bytes = await reader.establishment(Uint8Array.of(1));
    const parsed = SessionEstablishment.fromBytes(bytes);
    expect(parsed.bytes).toBe(bytes);
    expect(toHex(parsed.eReaderKeyBytes.itemBytes)).toBe(toHex(reader.eReaderKeyBytes.itemBytes));
    expect(parsed.data.length).toBe(1 + 16);
    // A non-preferred but valid COSE_Key encoding is not re-encoded.
    const key = reader.eReaderKeyBytes.itemBytes;
    const longForm = concat(Uint8Array.of(0xb9, 0x00, 0x04), key.subarray(1));
    const odd = encodeCbor(new Map<string, unknown>([['eReaderKey', new Tag(longForm, 24)], ['data', Uint8Array.of(0)]]));
    expect(toHex(SessionEstablishment.fromBytes(odd).eReaderKeyBytes.itemBytes)).toBe(toHex(longForm));
  });

  it('SessionEstablishment: anything else is SESSION_MESSAGE_INVALID', async () => {
    const mdoc = await createMdocEngagement();
    const key = (await createRawReader(mdoc.engagement)).eReaderKeyBytes;
    const withPrivate = new Map(key.value);
    withPrivate.set(-4, new Uint8Array(32));
    const invalid = [
      Uint8Array.of(0x00),
      encodeCbor(new Map([['data', Uint8Array.of(0)]])),
      encodeCbor(new Map<string, unknown>([['eReaderKey', key.itemBytes], ['data', Uint8Array.of(0)]])),
      encodeCbor(new Map<string, unknown>([['eReaderKey', key.toTag()]])),
      encodeCbor(new Map<string, unknown>([['eReaderKey', EncodedCbor.fromValue(withPrivate).toTag()], ['data', Uint8Array.of(0)]])),
      encodeCbor(new Map<string, unknown>([['eReaderKey', EncodedCbor.fromValue(new Map([[1, 1]])).toTag()], ['data', Uint8Array.of(0)]])),
    ];
    for (const bytes of invalid) expect(() => SessionEstablishment.fromBytes(bytes), toHex(bytes)).toThrow(expect.objectContaining({ code: 'SESSION_MESSAGE_INVALID' }));
  });
});

describe('SessionEncryption (§9.1.1.5)', () => {
  async function pairOfEnds(): Promise<{ reader: SessionEncryption; mdoc: SessionEncryption; other: SessionEncryption }> {
    const mdocEngagement = await createMdocEngagement();
    const raw = await createRawReader(mdocEngagement.engagement);
    const mdoc = await SessionEncryption.create({ role: 'mdoc', privateKey: mdocEngagement.eDevice.privateKey, peerKey: raw.eReaderKeyBytes.value, transcript: raw.transcript });
    const other = (await createRawReader(mdocEngagement.engagement)).encryption;
    return { reader: raw.encryption, mdoc, other };
  }

  it('IV = 8-byte identifier (0 reader, 1 mdoc) ‖ 4-byte big-endian counter, from 1 to 2^32 − 1', () => {
    expect(toHex(sessionIv('reader', 1))).toBe('000000000000000000000001');
    expect(toHex(sessionIv('mdoc', 0x01020304))).toBe('000000000000000101020304');
    expect(toHex(sessionIv('mdoc', 0xffffffff))).toBe('0000000000000001ffffffff');
    expect(() => sessionIv('reader', 0)).toThrow(RangeError);
    expect(() => sessionIv('reader', 2 ** 32)).toThrow(RangeError);
  });

  it('both directions, several messages, counters per direction', async () => {
    const { reader, mdoc } = await pairOfEnds();
    for (let round = 1; round <= 3; round++) {
      const request = new TextEncoder().encode(`request ${round}`);
      expect(await mdoc.decrypt(await reader.encrypt(request))).toEqual(request);
      const response = new TextEncoder().encode(`response ${round}`);
      expect(await reader.decrypt(await mdoc.encrypt(response))).toEqual(response);
    }
    expect([reader.messagesSent, reader.messagesReceived, mdoc.messagesSent, mdoc.messagesReceived]).toEqual([3, 3, 3, 3]);
    // The same plaintext twice gives two different ciphertexts (another counter, another IV).
    const first = await reader.encrypt(Uint8Array.of(7));
    const second = await reader.encrypt(Uint8Array.of(7));
    expect(toHex(first)).not.toBe(toHex(second));
  });

  it('tampered ciphertext: SESSION_DECRYPTION_FAILED (status 10); the counter does not move', async () => {
    const { reader, mdoc } = await pairOfEnds();
    const message = await reader.encrypt(Uint8Array.of(1, 2, 3));
    const error = await rejection(mdoc.decrypt(flipLastBit(message)));
    expect(error.code).toBe('SESSION_DECRYPTION_FAILED');
    expect(error.details).toMatchObject({ sessionStatus: 10, expectedCounter: 1 });
    expect(sessionStatusForError(error)).toBe(10);
    expect(await mdoc.decrypt(message)).toEqual(Uint8Array.of(1, 2, 3));
    expect(code(await rejection(mdoc.decrypt(new Uint8Array(5))))).toBe('SESSION_DECRYPTION_FAILED');
  });

  it('wrong key (another session) and a reflected own message: SESSION_DECRYPTION_FAILED', async () => {
    const { reader, mdoc, other } = await pairOfEnds();
    expect(code(await rejection(mdoc.decrypt(await other.encrypt(Uint8Array.of(1)))))).toBe('SESSION_DECRYPTION_FAILED');
    // A reader message sent back to the reader: SKReader and identifier 0, but the reader expects SKDevice and 1.
    expect(code(await rejection(reader.decrypt(await reader.encrypt(Uint8Array.of(1)))))).toBe('SESSION_DECRYPTION_FAILED');
  });

  it('replayed message: SESSION_MESSAGE_REPLAYED with the counter it carries', async () => {
    const { reader, mdoc } = await pairOfEnds();
    const first = await reader.encrypt(Uint8Array.of(1));
    const second = await reader.encrypt(Uint8Array.of(2));
    await mdoc.decrypt(first);
    const error = await rejection(mdoc.decrypt(first));
    expect(error.code).toBe('SESSION_MESSAGE_REPLAYED');
    expect(error.details).toMatchObject({ sessionStatus: 10, expectedCounter: 2, counter: 1 });
    expect(await mdoc.decrypt(second)).toEqual(Uint8Array.of(2));
  });

  it('out-of-order message: SESSION_MESSAGE_OUT_OF_ORDER; nothing is accepted out of sequence', async () => {
    const { reader, mdoc } = await pairOfEnds();
    const messages = [];
    for (let index = 1; index <= 3; index++) messages.push(await reader.encrypt(Uint8Array.of(index)));
    const error = await rejection(mdoc.decrypt(messages[2]!));
    expect(error.code).toBe('SESSION_MESSAGE_OUT_OF_ORDER');
    expect(error.details).toMatchObject({ sessionStatus: 10, expectedCounter: 1, counter: 3 });
    expect(code(await rejection(mdoc.decrypt(messages[1]!)))).toBe('SESSION_MESSAGE_OUT_OF_ORDER');
    for (let index = 0; index < 3; index++) expect(await mdoc.decrypt(messages[index]!)).toEqual(Uint8Array.of(index + 1));
  });

  it('concurrent decryptions are taken in call order', async () => {
    const { reader, mdoc } = await pairOfEnds();
    const messages = [];
    for (let index = 1; index <= 5; index++) messages.push(await reader.encrypt(Uint8Array.of(index)));
    expect(await Promise.all(messages.map((message) => mdoc.decrypt(message)))).toEqual([1, 2, 3, 4, 5].map((value) => Uint8Array.of(value)));
  });

  it('key agreement: a peer key not on the curve, or on another curve, is SESSION_KEY_AGREEMENT_FAILED (status 10)', async () => {
    const mdoc = await createMdocEngagement();
    const raw = await createRawReader(mdoc.engagement);
    const offCurve = new Map(raw.eReaderKeyBytes.value);
    offCurve.set(-2, flipLastBit(offCurve.get(-2) as Uint8Array));
    const p384 = await createMdocEngagement('P-384');
    for (const peerKey of [offCurve, p384.engagement.eDeviceKey]) {
      const error = await rejection(SessionEncryption.create({ role: 'mdoc', privateKey: mdoc.eDevice.privateKey, peerKey, transcript: raw.transcript }));
      expect(error.code).toBe('SESSION_KEY_AGREEMENT_FAILED');
      expect(sessionStatusForError(error)).toBe(10);
    }
  });
});

describe('ReaderSession ↔ DeviceSession over an in-memory transport', () => {
  let pki: TestPki;
  let readerPki: ReaderPki;
  let holder: Holder;
  let mdl: IssuerSigned;

  beforeAll(async () => {
    pki = await createTestPki();
    readerPki = await createReaderPki();
    holder = await createHolder();
    mdl = await issueSample(pki, holder);
  });

  const answer =
    (mode: () => 'signature' | 'mac', seen: ReceivedDeviceRequest[] = []) =>
    (request: ReceivedDeviceRequest): Promise<DeviceResponse> => {
      seen.push(request);
      return presentDocuments({
        credentials: [mdl],
        requests: request.docRequests.map((docRequest) => docRequest.itemsRequest),
        transcript: request.transcript,
        authenticator: mode() === 'signature' ? { kind: 'signature', signer: holder.deviceSigner } : { kind: 'mac', deviceKeyAgreement: holder.deviceAgreement.privateKey, eReaderKey: request.eReaderKey },
      });
    };

  it('QR engagement, reader-authenticated request, selective disclosure, a second request with a MAC, termination', async () => {
    const mdoc = await createMdocEngagement();
    const seen: ReceivedDeviceRequest[] = [];
    let mode: 'signature' | 'mac' = 'signature';
    const { device, pair } = startDevice(mdoc, { readerTrust: { trustAnchors: [readerPki.caDer] }, onRequest: answer(() => mode, seen) });
    const reader = await ReaderSession.create({ deviceEngagement: DeviceEngagement.fromQrUri(mdoc.engagement.toQrUri()), transport: pair.reader });
    expect(reader.state).toBe('ready');
    expect(device.state).toBe('awaiting-establishment');

    const request = await reader.createDeviceRequest({
      requests: [itemsRequest({ family_name: false, given_name: false, portrait: true })],
      readerAuth: { signer: readerPki.readerSigner, certificateChain: [readerPki.readerDer] },
    });
    const first = await reader.request(request);
    expect(first.terminated).toBe(false);
    const verdict = await reader.verify(first, { trustAnchors: [pki.iacaDer] });
    expect(failedChecks(verdict)).toEqual([]);
    expect(verdict.documents[0]!.deviceAuthentication).toBe('signature');
    expect([...verdict.documents[0]!.issuerSigned.get(MDL_NAMESPACE)!.keys()].sort()).toEqual(['family_name', 'given_name', 'portrait']);

    // What the holder was shown: who asks, what, and whether it will be kept.
    const [docRequest] = seen[0]!.docRequests;
    expect(docRequest!.readerAuthentication).toMatchObject({ status: 'verified', reader: { subject: 'C=UT, O=Utopia Police, CN=Test Reader' } });
    expect(docRequest!.readerAuthentication.status === 'verified' && docRequest!.readerAuthentication.trustAnchorSubject).toContain('Test Reader CA');
    expect(docRequest!.elements).toEqual([
      { namespace: MDL_NAMESPACE, elementIdentifier: 'family_name', intentToRetain: false },
      { namespace: MDL_NAMESPACE, elementIdentifier: 'given_name', intentToRetain: false },
      { namespace: MDL_NAMESPACE, elementIdentifier: 'portrait', intentToRetain: true },
    ]);
    expect(toHex(seen[0]!.transcript.bytes)).toBe(toHex(reader.transcript.bytes));

    // A second request travels in SessionData, under counter 2 in both directions.
    mode = 'mac';
    const second = await reader.request(await reader.createDeviceRequest({ requests: [itemsRequest({ birth_date: false })] }));
    const macVerdict = await reader.verify(second, { trustAnchors: [pki.iacaDer] });
    expect(failedChecks(macVerdict)).toEqual([]);
    expect(macVerdict.documents[0]!.deviceAuthentication).toBe('mac');
    expect(seen[1]!.docRequests[0]!.readerAuthentication).toEqual({ status: 'absent' });

    const readerMessages = pair.sent.filter((entry) => entry.from === 'reader').map((entry) => decodeCbor(entry.message) as Map<string, unknown>);
    expect([...readerMessages[0]!.keys()]).toEqual(['eReaderKey', 'data']);
    expect([...readerMessages[1]!.keys()]).toEqual(['data']);

    await reader.terminate();
    expect(await reader.ended).toMatchObject({ reason: 'terminated', by: 'self', status: 20, error: { code: 'SESSION_TERMINATED' } });
    expect(await device.ended).toMatchObject({ reason: 'terminated', by: 'peer', status: 20, error: { code: 'SESSION_TERMINATED' } });
    expect([reader.state, device.state]).toEqual(['terminated', 'terminated']);
    expect(code(await rejection(reader.request(request)))).toBe('SESSION_TERMINATED');
  });

  it('the mdoc terminates (the holder declines): the pending request rejects with SESSION_TERMINATED', async () => {
    const mdoc = await createMdocEngagement();
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const { device, pair } = startDevice(mdoc, {
      onRequest: async () => {
        await device.terminate();
        release();
        return new DeviceResponse('1.0', [], [], 0);
      },
    });
    const reader = await ReaderSession.create({ deviceEngagement: mdoc.engagement, transport: pair.reader });
    const error = await rejection(reader.request(await reader.createDeviceRequest({ requests: [itemsRequest({ family_name: false })] })));
    await held;
    expect(error.code).toBe('SESSION_TERMINATED');
    expect(await reader.ended).toMatchObject({ reason: 'terminated', by: 'peer', status: 20 });
    expect(await device.ended).toMatchObject({ reason: 'terminated', by: 'self', status: 20 });
    await waitFor(() => pair.sent.length === 2);
    expect(pair.sent.map((entry) => entry.from)).toEqual(['reader', 'device']);
  });

  it('the mdoc may answer and terminate in one message: the response arrives with terminated = true', async () => {
    const mdoc = await createMdocEngagement();
    // Drive the mdoc side by hand: SessionData { data, status: 20 } back to a real ReaderSession.
    const pairFor = createInMemoryTransportPair();
    const reader = await ReaderSession.create({ deviceEngagement: mdoc.engagement, transport: pairFor.reader });
    const mdocEnd = await SessionEncryption.create({ role: 'mdoc', privateKey: mdoc.eDevice.privateKey, peerKey: reader.eReaderKey, transcript: reader.transcript });
    pairFor.device.onMessage(async (message) => {
      await mdocEnd.decrypt(SessionEstablishment.fromBytes(message).data);
      await pairFor.device.send(SessionData.create({ data: await mdocEnd.encrypt(new DeviceResponse('1.0', [], [], 0).toBytes()), status: 20 }).bytes);
    });
    const response = await reader.request(new DeviceRequest('1.0', []));
    expect(response.terminated).toBe(true);
    expect(DeviceResponse.fromBytes(response.deviceResponseBytes).status).toBe(0);
    expect(await reader.ended).toMatchObject({ reason: 'terminated', by: 'peer', status: 20 });
  });

  it('tampered SessionEstablishment: the mdoc sends status 10 (SESSION_DECRYPTION_FAILED); the reader ends with SESSION_PEER_ENCRYPTION_ERROR', async () => {
    const mdoc = await createMdocEngagement();
    let onRequestCalled = false;
    const { device, pair } = startDevice(mdoc, { intercept: (message, from) => [from === 'reader' ? flipLastBit(message) : message], onRequest: () => ((onRequestCalled = true), new DeviceResponse('1.0', [], [], 0)) });
    const reader = await ReaderSession.create({ deviceEngagement: mdoc.engagement, transport: pair.reader });
    const error = await rejection(reader.request(new DeviceRequest('1.0', [])));
    expect(error.code).toBe('SESSION_PEER_ENCRYPTION_ERROR');
    expect(await device.ended).toMatchObject({ reason: 'failed', by: 'self', status: 10, error: { code: 'SESSION_DECRYPTION_FAILED' } });
    expect(await reader.ended).toMatchObject({ reason: 'failed', by: 'peer', status: 10 });
    expect(onRequestCalled).toBe(false);
    expect(SessionData.fromBytes(pair.sent.at(-1)!.message).status).toBe(10);
  });

  it('tampered response: the reader sends status 10 (SESSION_DECRYPTION_FAILED); the mdoc ends with SESSION_PEER_ENCRYPTION_ERROR', async () => {
    const mdoc = await createMdocEngagement();
    const { device, pair } = startDevice(mdoc, { intercept: (message, from) => [from === 'device' ? flipLastBit(message) : message] });
    const reader = await ReaderSession.create({ deviceEngagement: mdoc.engagement, transport: pair.reader });
    expect(code(await rejection(reader.request(new DeviceRequest('1.0', []))))).toBe('SESSION_DECRYPTION_FAILED');
    expect(await reader.ended).toMatchObject({ reason: 'failed', by: 'self', status: 10, error: { code: 'SESSION_DECRYPTION_FAILED' } });
    expect(await device.ended).toMatchObject({ reason: 'failed', by: 'peer', status: 10, error: { code: 'SESSION_PEER_ENCRYPTION_ERROR' } });
  });

  it('wrong key: a reader that derived other keys (another engagement) gets status 10 back', async () => {
    const mdoc = await createMdocEngagement();
    const impostor = await createMdocEngagement();
    const { device, pair } = startDevice(mdoc);
    const reader = await ReaderSession.create({ deviceEngagement: impostor.engagement, transport: pair.reader });
    expect(code(await rejection(reader.request(new DeviceRequest('1.0', []))))).toBe('SESSION_PEER_ENCRYPTION_ERROR');
    expect((await device.ended).error.code).toBe('SESSION_DECRYPTION_FAILED');
  });

  it('replayed response: an old DeviceResponse delivered for the next request is SESSION_MESSAGE_REPLAYED (status 10)', async () => {
    const mdoc = await createMdocEngagement();
    let firstResponse: Uint8Array | undefined;
    const { device, pair } = startDevice(mdoc, {
      intercept: (message, from) => {
        if (from !== 'device') return [message];
        if (!firstResponse) return [(firstResponse = message)];
        return [firstResponse];
      },
    });
    const reader = await ReaderSession.create({ deviceEngagement: mdoc.engagement, transport: pair.reader });
    await reader.request(new DeviceRequest('1.0', []));
    const error = await rejection(reader.request(new DeviceRequest('1.0', [])));
    expect(error.code).toBe('SESSION_MESSAGE_REPLAYED');
    expect(error.details).toMatchObject({ expectedCounter: 2, counter: 1 });
    expect(await reader.ended).toMatchObject({ reason: 'failed', by: 'self', status: 10 });
    expect((await device.ended).error.code).toBe('SESSION_PEER_ENCRYPTION_ERROR');
  });

  it('replayed request: the first request sent again is SESSION_MESSAGE_REPLAYED at the mdoc (status 10)', async () => {
    const mdoc = await createMdocEngagement();
    const raw = await createRawReader(mdoc.engagement);
    const { device, pair } = startDevice(mdoc);
    const inbox: Uint8Array[] = [];
    pair.reader.onMessage((message) => inbox.push(message));
    const first = await raw.establishment(new DeviceRequest('1.0', []).toBytes());
    await pair.reader.send(first);
    await waitFor(() => inbox.length === 1);
    await pair.reader.send(SessionData.create({ data: SessionEstablishment.fromBytes(first).data }).bytes);
    expect(await device.ended).toMatchObject({ reason: 'failed', by: 'self', status: 10, error: { code: 'SESSION_MESSAGE_REPLAYED' } });
    await waitFor(() => inbox.length === 2);
    expect(SessionData.fromBytes(inbox[1]!).status).toBe(10);
  });

  it('out-of-order request: a request under counter 3 while 2 is due is SESSION_MESSAGE_OUT_OF_ORDER (status 10)', async () => {
    const mdoc = await createMdocEngagement();
    const raw = await createRawReader(mdoc.engagement);
    const { device, pair } = startDevice(mdoc);
    const inbox: Uint8Array[] = [];
    pair.reader.onMessage((message) => inbox.push(message));
    await pair.reader.send(await raw.establishment(new DeviceRequest('1.0', []).toBytes()));
    await waitFor(() => inbox.length === 1);
    await raw.encryption.encrypt(new DeviceRequest('1.0', []).toBytes()); // counter 2, never delivered
    await pair.reader.send(SessionData.create({ data: await raw.encryption.encrypt(new DeviceRequest('1.0', []).toBytes()) }).bytes);
    const end = await device.ended;
    expect(end).toMatchObject({ reason: 'failed', by: 'self', status: 10, error: { code: 'SESSION_MESSAGE_OUT_OF_ORDER' } });
    expect(end.error.details).toMatchObject({ expectedCounter: 2, counter: 3 });
  });

  it('status 11: a message that is not CBOR ends the session with status 11, before or after establishment', async () => {
    for (const establishFirst of [false, true]) {
      const mdoc = await createMdocEngagement();
      const raw = await createRawReader(mdoc.engagement);
      const { device, pair } = startDevice(mdoc);
      const inbox: Uint8Array[] = [];
      pair.reader.onMessage((message) => inbox.push(message));
      if (establishFirst) {
        await pair.reader.send(await raw.establishment(new DeviceRequest('1.0', []).toBytes()));
        await waitFor(() => inbox.length === 1);
      }
      await pair.reader.send(Uint8Array.of(0x1c));
      expect(await device.ended).toMatchObject({ reason: 'failed', by: 'self', status: 11, error: { code: 'SESSION_MESSAGE_INVALID' } });
      await waitFor(() => inbox.length === (establishFirst ? 2 : 1));
      expect(SessionData.fromBytes(inbox.at(-1)!).status).toBe(11);
    }
  });

  it('status 11 received: the reader ends with SESSION_PEER_DECODING_ERROR; an undefined status with SESSION_STATUS_UNKNOWN', async () => {
    for (const [status, expected] of [
      [11, 'SESSION_PEER_DECODING_ERROR'],
      [99, 'SESSION_STATUS_UNKNOWN'],
    ] as const) {
      const mdoc = await createMdocEngagement();
      const pair = createInMemoryTransportPair();
      pair.device.onMessage(() => void pair.device.send(SessionData.status(status).bytes));
      const reader = await ReaderSession.create({ deviceEngagement: mdoc.engagement, transport: pair.reader });
      expect(code(await rejection(reader.request(new DeviceRequest('1.0', []))))).toBe(expected);
      expect(await reader.ended).toMatchObject({ reason: 'failed', by: 'peer', status });
    }
  });

  it('a reader that gives up before establishing: status 20 first is a termination for the mdoc', async () => {
    const mdoc = await createMdocEngagement();
    const { device, pair } = startDevice(mdoc);
    await pair.reader.send(SessionData.status(20).bytes);
    expect(await device.ended).toMatchObject({ reason: 'terminated', by: 'peer', status: 20 });
  });

  it('a DeviceRequest that decrypts but does not decode gets DeviceResponse status 11 or 12 (§8.3.2.1.2.3), and the session goes on', async () => {
    const mdoc = await createMdocEngagement();
    const raw = await createRawReader(mdoc.engagement);
    let calls = 0;
    const { device, pair } = startDevice(mdoc, { onRequest: () => (calls++, new DeviceResponse('1.0', [], [], 0)) });
    const inbox: Uint8Array[] = [];
    pair.reader.onMessage((message) => inbox.push(message));
    await pair.reader.send(await raw.establishment(Uint8Array.of(0xff)));
    await waitFor(() => inbox.length === 1);
    expect(DeviceResponse.fromBytes(await raw.encryption.decrypt(SessionData.fromBytes(inbox[0]!).data!)).status).toBe(11);
    await pair.reader.send(SessionData.create({ data: await raw.encryption.encrypt(encodeCbor(new Map([['version', '1.0']]))) }).bytes);
    await waitFor(() => inbox.length === 2);
    expect(DeviceResponse.fromBytes(await raw.encryption.decrypt(SessionData.fromBytes(inbox[1]!).data!)).status).toBe(12);
    await pair.reader.send(SessionData.create({ data: await raw.encryption.encrypt(new DeviceRequest('1.0', []).toBytes()) }).bytes);
    await waitFor(() => inbox.length === 3);
    expect(DeviceResponse.fromBytes(await raw.encryption.decrypt(SessionData.fromBytes(inbox[2]!).data!)).status).toBe(0);
    expect(calls).toBe(1);
    expect(device.state).toBe('ready');
  });

  it('an app handler that throws: DeviceResponse status 10 (general error), reported to onHandlerError', async () => {
    const mdoc = await createMdocEngagement();
    const errors: unknown[] = [];
    const { pair } = startDevice(mdoc, {
      onRequest: () => {
        throw new Error('wallet locked');
      },
      onHandlerError: (error) => errors.push(error),
    });
    const reader = await ReaderSession.create({ deviceEngagement: mdoc.engagement, transport: pair.reader });
    const response = await reader.request(new DeviceRequest('1.0', []));
    expect(DeviceResponse.fromBytes(response.deviceResponseBytes).status).toBe(10);
    expect(errors).toHaveLength(1);
  });

  it('one request at a time (SESSION_STATE_INVALID); a closed transport ends both sides (SESSION_TRANSPORT_CLOSED)', async () => {
    const mdoc = await createMdocEngagement();
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const { device, pair } = startDevice(mdoc, { onRequest: async () => (await gate, new DeviceResponse('1.0', [], [], 0)) });
    const reader = await ReaderSession.create({ deviceEngagement: mdoc.engagement, transport: pair.reader });
    const pending = reader.request(new DeviceRequest('1.0', []));
    expect(reader.state).toBe('awaiting-response');
    expect(code(await rejection(reader.request(new DeviceRequest('1.0', []))))).toBe('SESSION_STATE_INVALID');
    await waitFor(() => device.state === 'responding');
    pair.reader.close();
    expect(code(await rejection(pending))).toBe('SESSION_TRANSPORT_CLOSED');
    expect(await reader.ended).toMatchObject({ reason: 'failed', by: 'transport' });
    expect(await device.ended).toMatchObject({ reason: 'failed', by: 'transport', error: { code: 'SESSION_TRANSPORT_CLOSED' } });
    release();
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(pair.sent).toHaveLength(1);
  });

  it('the reader terminates while the holder is still deciding: the mdoc ends at once and sends nothing more', async () => {
    const mdoc = await createMdocEngagement();
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const { device, pair } = startDevice(mdoc, { onRequest: async () => (await gate, new DeviceResponse('1.0', [], [], 0)) });
    const reader = await ReaderSession.create({ deviceEngagement: mdoc.engagement, transport: pair.reader });
    const pending = reader.request(new DeviceRequest('1.0', []));
    await waitFor(() => device.state === 'responding');
    await reader.terminate();
    expect(code(await rejection(pending))).toBe('SESSION_TERMINATED');
    expect(await device.ended).toMatchObject({ reason: 'terminated', by: 'peer', status: 20 });
    release();
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(pair.sent.map((entry) => entry.from)).toEqual(['reader', 'reader']);
  });
});

describe('reader authentication on the mdoc (§9.1.4)', () => {
  let readerPki: ReaderPki;
  beforeAll(async () => {
    readerPki = await createReaderPki();
  });

  async function authenticate(options: { trust?: readonly Uint8Array[]; at?: Date; pki?: ReaderPki; signWith?: 'other-transcript' }): Promise<ReceivedDeviceRequest> {
    const pki = options.pki ?? readerPki;
    const mdoc = await createMdocEngagement();
    const seen: ReceivedDeviceRequest[] = [];
    const { pair } = startDevice(mdoc, {
      ...(options.trust && { readerTrust: { trustAnchors: options.trust, ...(options.at && { at: options.at }) } }),
      onRequest: (request) => (seen.push(request), new DeviceResponse('1.0', [], [], 0)),
    });
    const reader = await ReaderSession.create({ deviceEngagement: mdoc.engagement, transport: pair.reader });
    const signingTranscript = options.signWith === 'other-transcript' ? (await createRawReader(mdoc.engagement)).transcript : reader.transcript;
    const request = await DeviceRequest.create({
      requests: [itemsRequest({ family_name: true })],
      readerAuth: { signer: pki.readerSigner, certificateChain: [pki.readerDer], transcript: signingTranscript },
    });
    await reader.request(request);
    return seen[0]!;
  }

  const outcome = async (options: Parameters<typeof authenticate>[0]) => (await authenticate(options)).docRequests[0]!.readerAuthentication;

  it('verified against the reader CA; the reader is named even when it is not trusted', async () => {
    expect(await outcome({ trust: [readerPki.caDer] })).toMatchObject({ status: 'verified', reader: { subject: 'C=UT, O=Utopia Police, CN=Test Reader', certificateChain: [readerPki.readerDer] } });
    const other = await createReaderPki();
    expect(await outcome({ trust: [other.caDer] })).toMatchObject({ status: 'invalid', code: 'CERT_CHAIN_UNTRUSTED', reader: { subject: 'C=UT, O=Utopia Police, CN=Test Reader' } });
    expect(await outcome({})).toMatchObject({ status: 'invalid', code: 'CERT_CHAIN_UNTRUSTED' });
  });

  it('a signature over another session’s transcript is READER_AUTH_INVALID', async () => {
    expect(await outcome({ trust: [readerPki.caDer], signWith: 'other-transcript' })).toMatchObject({ status: 'invalid', code: 'READER_AUTH_INVALID' });
  });

  it('a certificate without the reader EKU is READER_CERTIFICATE_INVALID; an expired one CERT_EXPIRED', async () => {
    const documentSignerEku = await createReaderPki({ eku: '1.0.18013.5.1.2' });
    expect(await outcome({ trust: [documentSignerEku.caDer], pki: documentSignerEku })).toMatchObject({ status: 'invalid', code: 'READER_CERTIFICATE_INVALID' });
    expect(await outcome({ trust: [readerPki.caDer], at: new Date(Date.now() + 2 * 365 * 86_400_000) })).toMatchObject({ status: 'invalid', code: 'CERT_EXPIRED' });
  });
});

describe('browser-safe source', () => {
  it('the session modules use Web Crypto only: no node: imports, Buffer or process', () => {
    const folder = join(__dirname, '..', 'src', 'session');
    for (const file of readdirSync(folder)) {
      const source = readFileSync(join(folder, file), 'utf8');
      expect(source, file).not.toMatch(/from ['"]node:|require\(|\bBuffer\b|\bprocess\./);
    }
  });
});

function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}
