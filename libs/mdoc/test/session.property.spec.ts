import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  createInMemoryTransportPair,
  DeviceRequest,
  DeviceResponse,
  MDL_DOCTYPE,
  MDL_NAMESPACE,
  MdocError,
  ReaderSession,
  SessionData,
  sessionStatusForError,
  toHex,
  type DeviceEngagement,
  type SessionEnd,
} from '@citizen-zero/mdoc';
import { annexDKeyPair, annexDTranscriptParts, vector } from './support/annex-d';
import { createMdocEngagement, startDevice, waitFor, type Mdoc } from './support/session';

/**
 * Property: a session message with any single bit flipped is refused — by the mdoc (the reader's
 * SessionEstablishment and later SessionData) and by the reader (the mdoc's SessionData) — with a
 * stable code, and the session ends with the status Table 20 gives that code. Nothing of the
 * tampered message reaches the app: the mdoc's request handler is not called, the reader's request
 * rejects. Checked on messages of our own sessions and on the Annex D messages.
 */
const REFUSED = ['SESSION_MESSAGE_INVALID', 'SESSION_DECRYPTION_FAILED', 'SESSION_KEY_AGREEMENT_FAILED'];
const RUNS = 120;

function flip(bytes: Uint8Array, position: number, bit: number): Uint8Array {
  const copy = Uint8Array.from(bytes);
  const index = position % copy.length;
  copy[index] = copy[index]! ^ (1 << bit);
  return copy;
}

async function within<T>(promise: Promise<T>, ms = 2_000): Promise<T | 'still running'> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<'still running'>((resolve) => (timer = setTimeout(() => resolve('still running'), ms)));
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

function expectRefusedBySelf(end: SessionEnd | 'still running'): void {
  expect(end).not.toBe('still running');
  const { reason, by, status, error } = end as SessionEnd;
  expect({ reason, by }).toEqual({ reason: 'failed', by: 'self' });
  expect(REFUSED).toContain(error.code);
  expect(status).toBe(sessionStatusForError(error));
  expect([10, 11]).toContain(status);
}

const bitFlip = fc.tuple(fc.nat(), fc.integer({ min: 0, max: 7 }));

interface Conversation {
  readonly deviceEngagement: DeviceEngagement;
  readonly eDevicePrivateKey: CryptoKey;
  readonly eReaderKeyPair: CryptoKeyPair;
  readonly handoverBytes?: Uint8Array;
  /** reader → mdoc, in order: SessionEstablishment, then SessionData. */
  readonly requests: readonly Uint8Array[];
  /** mdoc → reader, in order. */
  readonly responses: readonly Uint8Array[];
  /** The plaintext DeviceRequests the reader sent. */
  readonly deviceRequests: readonly Uint8Array[];
  /** The DeviceResponses the mdoc answers with, in order. */
  readonly deviceResponses: readonly Uint8Array[];
}

/** A recorded session of our own: two requests, two responses. */
async function recordConversation(mdoc: Mdoc): Promise<Conversation> {
  const eReaderKeyPair = await crypto.subtle.generateKey({ name: 'ECDH', namedCurve: 'P-256' }, false, ['deriveBits']);
  const deviceResponses = [new DeviceResponse('1.0', [], [new Map([[MDL_DOCTYPE, 0]])], 0).toBytes(), new DeviceResponse('1.0', [], [], 0).toBytes()];
  let answered = 0;
  const { pair } = startDevice(mdoc, { onRequest: () => deviceResponses[answered++]! });
  const reader = await ReaderSession.create({ deviceEngagement: mdoc.engagement, transport: pair.reader, eReaderKeyPair });
  const deviceRequests = [
    (await reader.createDeviceRequest({ requests: [{ docType: MDL_DOCTYPE, nameSpaces: new Map([[MDL_NAMESPACE, new Map([['family_name', false]])]]) }] })).toBytes(),
    new DeviceRequest('1.0', []).toBytes(),
  ];
  for (const request of deviceRequests) await reader.request(request);
  return {
    deviceEngagement: mdoc.engagement,
    eDevicePrivateKey: mdoc.eDevice.privateKey,
    eReaderKeyPair,
    requests: pair.sent.filter((entry) => entry.from === 'reader').map((entry) => entry.message),
    responses: pair.sent.filter((entry) => entry.from === 'device').map((entry) => entry.message),
    deviceRequests,
    deviceResponses,
  };
}

async function annexDConversation(): Promise<Conversation> {
  const { deviceEngagement, handoverBytes } = annexDTranscriptParts();
  return {
    deviceEngagement,
    handoverBytes,
    eDevicePrivateKey: (await annexDKeyPair('ephemeral-device-key')).privateKey,
    eReaderKeyPair: await annexDKeyPair('ephemeral-reader-key'),
    requests: [vector('session-establishment')],
    responses: [vector('session-data')],
    deviceRequests: [vector('device-request')],
    deviceResponses: [vector('device-response')],
  };
}

/** The mdoc gets the genuine requests before `index`, then request `index` with one bit flipped. */
async function mdocRefusesFlippedRequest(conversation: Conversation, index: number, position: number, bit: number): Promise<void> {
  let handled = 0;
  const { device, pair } = startDevice(
    { engagement: conversation.deviceEngagement, eDevice: { privateKey: conversation.eDevicePrivateKey } as CryptoKeyPair },
    { ...(conversation.handoverBytes && { handoverBytes: conversation.handoverBytes }), onRequest: () => conversation.deviceResponses[handled++]! },
  );
  const received: Uint8Array[] = [];
  pair.reader.onMessage((message) => received.push(message));
  for (let earlier = 0; earlier < index; earlier++) {
    await pair.reader.send(conversation.requests[earlier]!);
    await waitFor(() => received.length === earlier + 1);
  }
  await pair.reader.send(flip(conversation.requests[index]!, position, bit));
  expectRefusedBySelf(await within(device.ended));
  expect(handled).toBe(index);
  await waitFor(() => received.length === index + 1);
  expect(SessionData.fromBytes(received[index]!).status).toBe(device.end!.status);
}

/** The reader sends the genuine requests and gets the genuine responses before `index`, then response `index` with one bit flipped. */
async function readerRefusesFlippedResponse(conversation: Conversation, index: number, position: number, bit: number): Promise<void> {
  const pair = createInMemoryTransportPair();
  let count = 0;
  pair.device.onMessage((message) => {
    if (count > 0 && SessionData.fromBytes(message).data === undefined) return; // the reader's closing status
    const response = conversation.responses[count]!;
    void pair.device.send(count === index ? flip(response, position, bit) : response);
    count++;
  });
  const reader = await ReaderSession.create({
    deviceEngagement: conversation.deviceEngagement,
    transport: pair.reader,
    eReaderKeyPair: conversation.eReaderKeyPair,
    ...(conversation.handoverBytes && { handoverBytes: conversation.handoverBytes }),
  });
  for (let earlier = 0; earlier < index; earlier++) await reader.request(conversation.deviceRequests[earlier]!);
  let refused: unknown;
  try {
    await reader.request(conversation.deviceRequests[index]!);
  } catch (error) {
    refused = error;
  }
  expect(refused).toBeInstanceOf(MdocError);
  expectRefusedBySelf(await within(reader.ended));
  expect((refused as MdocError).code).toBe(reader.end!.error.code);
}

describe('any flipped bit in any session message is refused', () => {
  let own: Conversation;
  let annexD: Conversation;

  beforeAll(async () => {
    own = await recordConversation(await createMdocEngagement());
    annexD = await annexDConversation();
    expect(own.requests).toHaveLength(2);
    expect(own.responses).toHaveLength(2);
  });

  it('control: the same harness accepts the genuine messages, and both ends reproduce them byte for byte', async () => {
    for (const conversation of [own, annexD]) {
      const { device, pair } = startDevice(
        { engagement: conversation.deviceEngagement, eDevice: { privateKey: conversation.eDevicePrivateKey } as CryptoKeyPair },
        { ...(conversation.handoverBytes && { handoverBytes: conversation.handoverBytes }), onRequest: (request) => conversation.deviceResponses[conversation.deviceRequests.findIndex((bytes) => toHex(bytes) === toHex(request.deviceRequestBytes))]! },
      );
      const received: Uint8Array[] = [];
      pair.reader.onMessage((message) => received.push(message));
      for (const [index, request] of conversation.requests.entries()) {
        await pair.reader.send(request);
        await waitFor(() => received.length === index + 1);
      }
      expect(received.map(toHex)).toEqual(conversation.responses.map(toHex));
      expect(device.state).toBe('ready');

      const readerPair = createInMemoryTransportPair();
      let count = 0;
      readerPair.device.onMessage(() => void readerPair.device.send(conversation.responses[count++]!));
      const reader = await ReaderSession.create({
        deviceEngagement: conversation.deviceEngagement,
        transport: readerPair.reader,
        eReaderKeyPair: conversation.eReaderKeyPair,
        ...(conversation.handoverBytes && { handoverBytes: conversation.handoverBytes }),
      });
      for (const [index, request] of conversation.deviceRequests.entries()) {
        expect(toHex((await reader.request(request)).deviceResponseBytes)).toBe(toHex(conversation.deviceResponses[index]!));
      }
      expect(readerPair.sent.filter((entry) => entry.from === 'reader').map((entry) => toHex(entry.message))).toEqual(conversation.requests.map(toHex));
    }
  });

  const cases: ReadonlyArray<[string, () => Conversation, 'mdoc' | 'reader', number]> = [
    ['SessionEstablishment (reader → mdoc)', () => own, 'mdoc', 0],
    ['the second request, SessionData (reader → mdoc)', () => own, 'mdoc', 1],
    ['the first response, SessionData (mdoc → reader)', () => own, 'reader', 0],
    ['the second response, SessionData (mdoc → reader)', () => own, 'reader', 1],
    ['the Annex D SessionEstablishment', () => annexD, 'mdoc', 0],
    ['the Annex D SessionData', () => annexD, 'reader', 0],
  ];

  for (const [name, conversation, receiver, index] of cases) {
    it(name, async () => {
      await fc.assert(
        fc.asyncProperty(bitFlip, async ([position, bit]) => {
          if (receiver === 'mdoc') await mdocRefusesFlippedRequest(conversation(), index, position, bit);
          else await readerRefusesFlippedResponse(conversation(), index, position, bit);
        }),
        { numRuns: RUNS },
      );
    });
  }

  it('the unencrypted termination { "status": 20 }: no flipped bit reads as a Table 20 status (every one of the 72)', async () => {
    const termination = vector('session-termination');
    for (let position = 0; position < termination.length; position++) {
      for (let bit = 0; bit < 8; bit++) {
        const mdoc = await createMdocEngagement();
        const { device, pair } = startDevice(mdoc);
        await pair.reader.send(flip(termination, position, bit));
        const end = await within(device.ended);
        expect(end).not.toBe('still running');
        const { error } = end as SessionEnd;
        expect(['SESSION_MESSAGE_INVALID', 'SESSION_STATUS_UNKNOWN'], `byte ${position} bit ${bit}`).toContain(error.code);
      }
    }
  });
});
