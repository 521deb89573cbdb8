import { describe, expect, expectTypeOf, it } from 'vitest';
import WebSocket from 'ws';
import {
  coseKeyFromJwk,
  decodeCbor,
  DeviceEngagement,
  DeviceRetrievalType,
  encodeCbor,
  EncodedCbor,
  fromHex,
  MdocError,
  RelayCloseCode,
  ReaderSession,
  Tag,
  toHex,
  WEBSOCKET_RELAY_RETRIEVAL_TYPE,
  WebSocketRelayRetrieval,
  WebSocketRelayTransport,
  type DeviceRetrievalMethod,
  type WebSocketConstructorLike,
  type WebSocketLike,
} from '@citizen-zero/mdoc';

const RELAY = 'wss://verify.example/relay/sessions';
const SESSION_ID = Uint8Array.from({ length: 16 }, (_, index) => index);

/** `[17242, 1, { 0: "wss://verify.example/relay/sessions", 1: h'000102…0f' }]`, preferred serialization. */
const METHOD_HEX = '8319435a01a20078237773733a2f2f7665726966792e6578616d706c652f72656c61792f73657373696f6e730150000102030405060708090a0b0c0d0e0f';

async function eDeviceKey() {
  const pair = await crypto.subtle.generateKey({ name: 'ECDH', namedCurve: 'P-256' }, false, ['deriveBits']);
  return coseKeyFromJwk(await crypto.subtle.exportKey('jwk', pair.publicKey));
}

const code = (run: () => unknown): string => {
  try {
    run();
  } catch (error) {
    return error instanceof MdocError ? error.code : String(error);
  }
  return 'no error';
};

describe('the WebSocket relay retrieval method (private, beside ISO/IEC 18013-5 §8.2.1.1)', () => {
  it('encodes as [17242, 1, { 0: relay URL, 1: session id }] inside DeviceRetrievalMethods', async () => {
    const retrieval = WebSocketRelayRetrieval.create(RELAY, SESSION_ID);
    expect(WEBSOCKET_RELAY_RETRIEVAL_TYPE).toBe(17242);
    expect(toHex(encodeCbor([retrieval.toMethod().type, retrieval.toMethod().version, retrieval.toMethod().options]))).toBe(METHOD_HEX);

    const ble: DeviceRetrievalMethod = { type: DeviceRetrievalType.BLE, version: 1, options: new Map<number, unknown>([[0, false], [1, true], [11, new Uint8Array(16)]]) };
    const engagement = DeviceEngagement.create({ eDeviceKey: await eDeviceKey(), retrievalMethods: [ble, retrieval.toMethod()] });
    const methods = (decodeCbor(engagement.bytes) as Map<number, unknown>).get(2) as unknown[];
    expect(toHex(encodeCbor(methods[1]))).toBe(METHOD_HEX);

    // The verifier's side: from the scanned QR code.
    const scanned = DeviceEngagement.fromQrUri(engagement.toQrUri());
    const found = WebSocketRelayRetrieval.fromEngagement(scanned)!;
    expect(found.relayUrl).toBe(RELAY);
    expect(toHex(found.sessionId)).toBe(toHex(SESSION_ID));
    expect(found.sessionIdHex).toBe('000102030405060708090a0b0c0d0e0f');
    expect(found.sessionUrl('reader')).toBe(`${RELAY}/000102030405060708090a0b0c0d0e0f?role=reader`);
    expect(WebSocketRelayRetrieval.create(`${RELAY}/`, SESSION_ID).sessionUrl('mdoc')).toBe(`${RELAY}/000102030405060708090a0b0c0d0e0f?role=mdoc`);
    expect(WebSocketRelayRetrieval.fromEngagement(DeviceEngagement.create({ eDeviceKey: await eDeviceKey(), retrievalMethods: [ble] }))).toBeUndefined();
  });

  it('gives every session a fresh 128-bit id', () => {
    const ids = new Set(Array.from({ length: 50 }, () => WebSocketRelayRetrieval.create(RELAY).sessionIdHex));
    expect(ids.size).toBe(50);
    for (const id of ids) expect(id).toMatch(/^[0-9a-f]{32}$/);
  });

  it('keeps received engagement bytes as received, non-preferred encodings included, and the session transcript embeds them', async () => {
    const key = EncodedCbor.fromValue(await eDeviceKey()).toTag();
    // type as a 4-byte uint (1A 0000435A) and the options as an indefinite-length map: valid CBOR, not preferred.
    const method = Uint8Array.of(0x83, 0x1a, 0x00, 0x00, 0x43, 0x5a, 0x01, 0xbf, 0x00, ...encodeCbor(RELAY), 0x01, ...encodeCbor(SESSION_ID), 0xff);
    const prefix = encodeCbor(new Map<number, unknown>([[0, '1.0'], [1, [1, key]]]));
    // Append key 2 to the two-entry map by hand: A2 → A3, then 02 and a one-element array holding the method.
    const bytes = Uint8Array.of(0xa3, ...prefix.subarray(1), 0x02, 0x81, ...method);
    const engagement = DeviceEngagement.fromBytes(bytes);
    expect(engagement.bytes).toBe(bytes);
    expect(toHex(encodeCbor(decodeCbor(bytes)))).not.toBe(toHex(bytes));
    const retrieval = WebSocketRelayRetrieval.fromEngagement(engagement)!;
    expect(retrieval.relayUrl).toBe(RELAY);
    expect(toHex(retrieval.sessionId)).toBe(toHex(SESSION_ID));

    const reader = await ReaderSession.create({ deviceEngagement: DeviceEngagement.fromQrUri(engagement.toQrUri()), transport: { send: () => undefined, onMessage: () => () => undefined } });
    const [deviceEngagementBytes] = decodeCbor(reader.transcript.bytes) as [Tag];
    expect(toHex(deviceEngagementBytes.value as Uint8Array)).toBe(toHex(bytes));
  });

  it('refuses a malformed relay method; skips one of an unknown version', async () => {
    const method = (options: Map<number, unknown>, version = 1): DeviceRetrievalMethod => ({ type: WEBSOCKET_RELAY_RETRIEVAL_TYPE, version, options });
    const good = () => new Map<number, unknown>([[0, RELAY], [1, SESSION_ID]]);
    const with_ = (key: number, value: unknown) => new Map([...good(), [key, value]]);
    const without = (key: number) => new Map([...good()].filter(([candidate]) => candidate !== key));
    for (const options of [
      without(0),
      without(1),
      with_(0, 42),
      with_(1, 'not bytes'),
      with_(1, new Uint8Array(15)),
      with_(1, new Uint8Array(17)),
      with_(0, 'https://verify.example/relay/sessions'),
      with_(0, 'wss://verify.example/relay/sessions?x=1'),
      with_(0, 'wss://verify.example/relay/sessions#x'),
      with_(0, 'wss://user:secret@verify.example/relay/sessions'),
      with_(0, `wss://verify.example/${'a'.repeat(600)}`),
      with_(0, 'not a url'),
    ]) {
      expect(code(() => WebSocketRelayRetrieval.fromMethod(method(options)))).toBe('CBOR_STRUCTURE_INVALID');
    }
    expect(code(() => WebSocketRelayRetrieval.fromMethod(method(good(), 2)))).toBe('CBOR_STRUCTURE_INVALID');
    expect(code(() => WebSocketRelayRetrieval.fromMethod({ type: DeviceRetrievalType.BLE, version: 1, options: good() }))).toBe('CBOR_STRUCTURE_INVALID');
    expect(code(() => WebSocketRelayRetrieval.create('http://verify.example/relay'))).toBe('CBOR_STRUCTURE_INVALID');
    expect(WebSocketRelayRetrieval.fromMethod(method(with_(7, 'a future option'))).relayUrl).toBe(RELAY);

    // A version this code does not know is skipped, as a reader skips unknown retrieval methods.
    const engagement = DeviceEngagement.create({ eDeviceKey: await eDeviceKey(), retrievalMethods: [method(good(), 2)] });
    expect(WebSocketRelayRetrieval.fromEngagement(engagement)).toBeUndefined();
    // A known version that is malformed is an error, not silently skipped.
    const broken = DeviceEngagement.create({ eDeviceKey: await eDeviceKey(), retrievalMethods: [method(with_(1, new Uint8Array(3)))] });
    expect(code(() => WebSocketRelayRetrieval.fromEngagement(broken))).toBe('CBOR_STRUCTURE_INVALID');
  });
});

/** A scripted WebSocket with the browser API's shape. */
class FakeSocket implements WebSocketLike {
  binaryType = 'blob';
  readyState = 0;
  onopen: WebSocketLike['onopen'] = null;
  onmessage: WebSocketLike['onmessage'] = null;
  onclose: WebSocketLike['onclose'] = null;
  onerror: WebSocketLike['onerror'] = null;
  readonly sent: Uint8Array[] = [];
  closedWith: { code?: number; reason?: string } | undefined;

  send(data: Uint8Array): void {
    if (this.readyState !== 1) throw new Error('InvalidStateError');
    this.sent.push(Uint8Array.from(data));
  }
  close(code?: number, reason?: string): void {
    this.closedWith = { code, reason };
    this.readyState = 2;
    queueMicrotask(() => this.peerClosed(code ?? 1005, reason ?? ''));
  }
  open(): void {
    this.readyState = 1;
    (this.onopen as ((event: unknown) => void) | null)?.({});
  }
  message(data: unknown): void {
    (this.onmessage as ((event: { data: unknown }) => void) | null)?.({ data });
  }
  peerClosed(code: number, reason: string): void {
    this.readyState = 3;
    (this.onclose as ((event: { code: number; reason: string }) => void) | null)?.({ code, reason });
  }
}

const tick = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('WebSocketRelayTransport (a SessionTransport over the browser WebSocket API)', () => {
  it('fits the browser WebSocket and the ws package', () => {
    expectTypeOf<typeof globalThis.WebSocket>().toMatchTypeOf<WebSocketConstructorLike>();
    expectTypeOf<typeof WebSocket>().toMatchTypeOf<WebSocketConstructorLike>();
    const socket = new FakeSocket();
    void new WebSocketRelayTransport(socket);
    expect(socket.binaryType).toBe('arraybuffer');
  });

  it('connects to <relay>/<session id>?role=…', () => {
    const urls: string[] = [];
    const Recording = class extends FakeSocket {
      constructor(url: string) {
        super();
        urls.push(url);
      }
    };
    WebSocketRelayTransport.connect({ retrieval: WebSocketRelayRetrieval.create(RELAY, SESSION_ID), role: 'mdoc', WebSocket: Recording });
    expect(urls).toEqual([`${RELAY}/000102030405060708090a0b0c0d0e0f?role=mdoc`]);
  });

  it('holds messages sent before the connection opens, and delivers received ones in order, also to a late handler', async () => {
    const socket = new FakeSocket();
    const transport = new WebSocketRelayTransport(socket);
    const sending = [transport.send(Uint8Array.of(1)), transport.send(Uint8Array.of(2))];
    expect(socket.sent).toEqual([]);
    socket.open();
    await Promise.all(sending);
    await transport.opened;
    expect(socket.sent).toEqual([Uint8Array.of(1), Uint8Array.of(2)]);

    socket.message(Uint8Array.of(9, 9, 9, 3).buffer.slice(3));
    socket.message(Buffer.from([7, 4]).subarray(1));
    const received: Uint8Array[] = [];
    transport.onMessage((message) => received.push(message));
    await tick();
    socket.message(fromHex('05').buffer);
    expect(received).toEqual([Uint8Array.of(3), Uint8Array.of(4), Uint8Array.of(5)]);
  });

  it('closes on a text frame (4002) and tells the session: close handlers run once, sends fail with SESSION_TRANSPORT_CLOSED', async () => {
    const socket = new FakeSocket();
    const transport = new WebSocketRelayTransport(socket);
    socket.open();
    let closes = 0;
    transport.onClose(() => closes++);
    socket.message('{"hello":"text"}');
    expect(socket.closedWith?.code).toBe(RelayCloseCode.PROTOCOL_VIOLATION);
    expect(await transport.closed).toEqual({ code: 4002, reason: 'text frames are not part of the session protocol' });
    socket.peerClosed(1000, 'again');
    await tick();
    expect(closes).toBe(1);
    await expect(transport.send(Uint8Array.of(1))).rejects.toMatchObject({ code: 'SESSION_TRANSPORT_CLOSED', details: { closeCode: 4002 } });
    // A handler registered after the close still hears of it.
    let late = false;
    transport.onClose(() => (late = true));
    await tick();
    expect(late).toBe(true);
  });

  it('a connection refused by the relay rejects `opened` and pending sends with the relay close code', async () => {
    const socket = new FakeSocket();
    const transport = new WebSocketRelayTransport(socket);
    const pending = transport.send(Uint8Array.of(1));
    socket.peerClosed(RelayCloseCode.ROLE_TAKEN, 'role reader taken');
    await expect(pending).rejects.toMatchObject({ code: 'SESSION_TRANSPORT_CLOSED', details: { closeCode: 4409 } });
    await expect(transport.opened).rejects.toBeInstanceOf(MdocError);
    expect(transport.closeInfo).toEqual({ code: 4409, reason: 'role reader taken' });
  });

  it('close() closes normally, once', async () => {
    const socket = new FakeSocket();
    const transport = new WebSocketRelayTransport(socket);
    socket.open();
    transport.close();
    transport.close();
    expect(socket.closedWith).toEqual({ code: 1000, reason: '' });
    expect((await transport.closed).code).toBe(1000);
  });
});
