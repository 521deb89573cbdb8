import { describe, expect, it } from 'vitest';
import {
  base64UrlEncode,
  DeviceRequest,
  DeviceResponse,
  DeviceResponseStatus,
  encodeCbor,
  encodeZkSessionRequest,
  encodeZkSessionResponse,
  isZkSessionRequest,
  isZkSessionResponse,
  MDL_DOCTYPE,
  MDL_NAMESPACE,
  MdocError,
  parseZkSessionRequest,
  parseZkSessionResponse,
  ReaderSession,
  SessionData,
  toHex,
  zkSessionBindingNonce,
  zkSessionProofResponse,
  zkSessionProofText,
  ZK_SESSION_ERRORS,
  type ReceivedZkRequest,
  type ZkSessionRequest,
} from '@citizen-zero/mdoc';
import { createMdocEngagement, createRawReader, startDevice, waitFor } from './support/session';

const nonce = Uint8Array.from({ length: 32 }, (_, index) => index);
const request: ZkSessionRequest = { nonce, audience: 'Border post 7', claims: ['age_over_18'], minimumAge: 18 };
const envelopeJson = JSON.stringify({ fmt: 'cz-zk-proof', v: 1, disclosed: { age_over_18: true }, proof: 'AAAA' });

const code = (fn: () => unknown): string => {
  try {
    fn();
  } catch (error) {
    return error instanceof MdocError ? error.code : String(error);
  }
  return 'no error';
};

describe('ZkSessionRequest / ZkSessionResponse codec (private extension)', () => {
  it('encodes the request as the CDDL says and parses it back', () => {
    const bytes = encodeZkSessionRequest(request);
    // {"czZkRequest": {"v": 1, "nonce": h'00…1f', "audience": "Border post 7", "claims": ["age_over_18"], "minimumAge": 18}}
    const expected = encodeCbor(
      new Map([
        [
          'czZkRequest',
          new Map<string, unknown>([
            ['v', 1],
            ['nonce', nonce],
            ['audience', 'Border post 7'],
            ['claims', ['age_over_18']],
            ['minimumAge', 18],
          ]),
        ],
      ]),
    );
    expect(toHex(bytes)).toBe(toHex(expected));
    expect(toHex(bytes).startsWith('a16b637a5a6b52657175657374a5')).toBe(true);
    const parsed = parseZkSessionRequest(bytes);
    expect(toHex(parsed.nonce)).toBe(toHex(nonce));
    expect(parsed).toMatchObject({ audience: 'Border post 7', claims: ['age_over_18'], minimumAge: 18 });
    const withoutAge = parseZkSessionRequest(encodeZkSessionRequest({ nonce, audience: 'a', claims: [] }));
    expect(withoutAge.minimumAge).toBeUndefined();
    expect(withoutAge.claims).toEqual([]);
  });

  it('encodes proof and error responses and parses them back', () => {
    const proofResponse = parseZkSessionResponse(encodeZkSessionResponse(zkSessionProofResponse(envelopeJson)));
    expect(zkSessionProofText(proofResponse)).toBe(envelopeJson);
    expect(proofResponse.error).toBeUndefined();
    const errorResponse = parseZkSessionResponse(encodeZkSessionResponse({ error: 'declined' }));
    expect(errorResponse).toEqual({ error: 'declined' });
    expect(code(() => zkSessionProofText(errorResponse))).toBe('CBOR_STRUCTURE_INVALID');
  });

  it('binds the proof to the nonce in base64url', () => {
    expect(zkSessionBindingNonce(request)).toBe(base64UrlEncode(nonce));
    expect(zkSessionBindingNonce(request)).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  it('ignores unknown members, refuses another version and malformed members', () => {
    const body = (entries: [string, unknown][]): Uint8Array => encodeCbor(new Map([['czZkRequest', new Map<string, unknown>(entries)]]));
    const base: [string, unknown][] = [
      ['v', 1],
      ['nonce', nonce],
      ['audience', 'x'],
      ['claims', ['age_over_18']],
    ];
    expect(parseZkSessionRequest(body([...base, ['future', 'ok']])).audience).toBe('x');
    const cases: Record<string, [string, unknown][]> = {
      'version 2': base.map(([key, value]) => [key, key === 'v' ? 2 : value]),
      'short nonce': base.map(([key, value]) => [key, key === 'nonce' ? new Uint8Array(31) : value]),
      'text nonce': base.map(([key, value]) => [key, key === 'nonce' ? 'abc' : value]),
      'empty audience': base.map(([key, value]) => [key, key === 'audience' ? '' : value]),
      'long audience': base.map(([key, value]) => [key, key === 'audience' ? 'a'.repeat(1025) : value]),
      'claim not text': base.map(([key, value]) => [key, key === 'claims' ? [1] : value]),
      'duplicate claim': base.map(([key, value]) => [key, key === 'claims' ? ['a', 'a'] : value]),
      'negative age': [...base, ['minimumAge', -1]],
      'absurd age': [...base, ['minimumAge', 1000]],
      'no nonce': base.filter(([key]) => key !== 'nonce'),
      'no version': base.filter(([key]) => key !== 'v'),
    };
    for (const [name, entries] of Object.entries(cases)) expect(code(() => parseZkSessionRequest(body(entries))), name).toBe('CBOR_STRUCTURE_INVALID');
    expect(code(() => parseZkSessionRequest(Uint8Array.of(0xff)))).not.toBe('no error');
    expect(code(() => parseZkSessionRequest(encodeCbor(new Map([['czZkResponse', new Map([['v', 1]])]]))))).toBe('CBOR_STRUCTURE_INVALID');
    expect(code(() => encodeZkSessionRequest({ ...request, nonce: new Uint8Array(16) }))).toBe('CBOR_STRUCTURE_INVALID');

    const response = (entries: [string, unknown][]): Uint8Array => encodeCbor(new Map([['czZkResponse', new Map<string, unknown>(entries)]]));
    expect(code(() => parseZkSessionResponse(response([['v', 1]])))).toBe('CBOR_STRUCTURE_INVALID');
    expect(code(() => parseZkSessionResponse(response([['v', 1], ['proof', Uint8Array.of(1)], ['error', 'x']])))).toBe('CBOR_STRUCTURE_INVALID');
    expect(code(() => parseZkSessionResponse(response([['v', 1], ['proof', new Uint8Array(0)]])))).toBe('CBOR_STRUCTURE_INVALID');
    expect(code(() => parseZkSessionResponse(response([['v', 1], ['proof', 'text']])))).toBe('CBOR_STRUCTURE_INVALID');
    expect(code(() => parseZkSessionResponse(response([['v', 2], ['error', 'x']])))).toBe('CBOR_STRUCTURE_INVALID');
    expect(code(() => encodeZkSessionResponse({ error: '' }))).toBe('CBOR_STRUCTURE_INVALID');
  });

  it('tells a ZkSessionRequest from a DeviceRequest and a ZkSessionResponse from a DeviceResponse, without throwing', async () => {
    const deviceRequest = (await DeviceRequest.create({ requests: [{ docType: MDL_DOCTYPE, nameSpaces: new Map([[MDL_NAMESPACE, new Map([['age_over_18', false]])]]) }] })).toBytes();
    expect(isZkSessionRequest(encodeZkSessionRequest(request))).toBe(true);
    expect(isZkSessionRequest(deviceRequest)).toBe(false);
    expect(isZkSessionRequest(Uint8Array.of(0xff, 0x00))).toBe(false);
    expect(isZkSessionRequest(new Uint8Array(0))).toBe(false);
    expect(isZkSessionRequest(encodeCbor(['czZkRequest']))).toBe(false);
    const deviceResponse = new DeviceResponse('1.0', [], [], DeviceResponseStatus.OK).toBytes();
    expect(isZkSessionResponse(encodeZkSessionResponse({ error: 'declined' }))).toBe(true);
    expect(isZkSessionResponse(deviceResponse)).toBe(false);
    expect(isZkSessionResponse(encodeZkSessionRequest(request))).toBe(false);
  });
});

describe('DeviceSession answers a ZkSessionRequest inside the encrypted session', () => {
  it('passes the request to onZkRequest and sends its answer encrypted, then goes on with DeviceRequests', async () => {
    const mdoc = await createMdocEngagement();
    const seen: ReceivedZkRequest[] = [];
    let deviceRequests = 0;
    const { device, pair } = startDevice(mdoc, {
      onZkRequest: (received) => {
        seen.push(received);
        return zkSessionProofResponse(envelopeJson);
      },
      onRequest: () => {
        deviceRequests++;
        return new DeviceResponse('1.0', [], [], DeviceResponseStatus.OK);
      },
    });
    const reader = await createRawReader(mdoc.engagement);
    const received: Uint8Array[] = [];
    pair.reader.onMessage((message) => received.push(message));
    const requestBytes = encodeZkSessionRequest(request);
    await pair.reader.send(await reader.establishment(requestBytes));
    await waitFor(() => received.length === 1);
    expect(seen).toHaveLength(1);
    expect(toHex(seen[0]!.requestBytes)).toBe(toHex(requestBytes));
    expect(seen[0]!.bindingNonce).toBe(base64UrlEncode(nonce));
    expect(seen[0]!.request.audience).toBe('Border post 7');
    expect(toHex(seen[0]!.transcript.bytes)).toBe(toHex(reader.transcript.bytes));
    const sessionData = SessionData.fromBytes(received[0]!);
    const plaintext = await reader.encryption.decrypt(sessionData.data!);
    expect(isZkSessionResponse(plaintext)).toBe(true);
    expect(zkSessionProofText(parseZkSessionResponse(plaintext))).toBe(envelopeJson);
    // The ciphertext does not show the proof.
    expect(new TextDecoder().decode(received[0]!)).not.toContain('cz-zk-proof');

    const deviceRequest = (await DeviceRequest.create({ requests: [{ docType: MDL_DOCTYPE, nameSpaces: new Map([[MDL_NAMESPACE, new Map([['age_over_18', false]])]]) }] })).toBytes();
    await pair.reader.send(SessionData.create({ data: await reader.encryption.encrypt(deviceRequest) }).bytes);
    await waitFor(() => received.length === 2);
    expect(deviceRequests).toBe(1);
    const second = DeviceResponse.fromBytes(await reader.encryption.decrypt(SessionData.fromBytes(received[1]!).data!));
    expect(second.status).toBe(DeviceResponseStatus.OK);
    await waitFor(() => device.state === 'ready');
  });

  it('answers "request invalid" to a malformed ZkSessionRequest and "general error" when the handler throws', async () => {
    const mdoc = await createMdocEngagement();
    const errors: unknown[] = [];
    const { pair } = startDevice(mdoc, {
      onZkRequest: () => {
        throw new Error('no credential');
      },
      onHandlerError: (error) => errors.push(error),
    });
    const reader = await createRawReader(mdoc.engagement);
    const received: Uint8Array[] = [];
    pair.reader.onMessage((message) => received.push(message));
    const malformed = encodeCbor(new Map([['czZkRequest', new Map<string, unknown>([['v', 1], ['nonce', new Uint8Array(3)], ['audience', 'a'], ['claims', []]])]]));
    await pair.reader.send(await reader.establishment(malformed));
    await waitFor(() => received.length === 1);
    expect(parseZkSessionResponse(await reader.encryption.decrypt(SessionData.fromBytes(received[0]!).data!))).toEqual({ error: ZK_SESSION_ERRORS.REQUEST_INVALID });
    await pair.reader.send(SessionData.create({ data: await reader.encryption.encrypt(encodeZkSessionRequest(request)) }).bytes);
    await waitFor(() => received.length === 2);
    expect(parseZkSessionResponse(await reader.encryption.decrypt(SessionData.fromBytes(received[1]!).data!))).toEqual({ error: ZK_SESSION_ERRORS.GENERAL_ERROR });
    expect(errors).toHaveLength(1);
  });

  it('without onZkRequest, a ZkSessionRequest gets a DeviceResponse with status 12; with it, a ReaderSession carries the exchange', async () => {
    const plain = await createMdocEngagement();
    const { pair } = startDevice(plain);
    const reader = await ReaderSession.create({ deviceEngagement: plain.engagement, transport: pair.reader });
    const { deviceResponseBytes } = await reader.request(encodeZkSessionRequest(request));
    expect(isZkSessionResponse(deviceResponseBytes)).toBe(false);
    expect(DeviceResponse.fromBytes(deviceResponseBytes).status).toBe(DeviceResponseStatus.CBOR_VALIDATION_ERROR);

    const zk = await createMdocEngagement();
    const withZk = startDevice(zk, { onZkRequest: () => ({ error: 'declined' }) });
    const zkReader = await ReaderSession.create({ deviceEngagement: zk.engagement, transport: withZk.pair.reader });
    const answer = await zkReader.request(encodeZkSessionRequest(request));
    expect(parseZkSessionResponse(answer.deviceResponseBytes)).toEqual({ error: 'declined' });
  });
});
