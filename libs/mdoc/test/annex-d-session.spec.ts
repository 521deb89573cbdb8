import { describe, expect, it } from 'vitest';
import {
  createInMemoryTransportPair,
  deriveSessionKey,
  DeviceRequest,
  DeviceSession,
  ecdhSharedSecret,
  encodeCbor,
  failedChecks,
  importCoseKey,
  MDL_DOCTYPE,
  MDL_NAMESPACE,
  ReaderSession,
  SessionData,
  SessionEncryption,
  SessionEstablishment,
  SessionStatus,
  SessionTranscript,
  sessionIv,
  toHex,
  type ReceivedDeviceRequest,
} from '@citizen-zero/mdoc';
import { ANNEX_D_TIME, annexDKeyPair, annexDTranscriptParts, vector } from './support/annex-d';
import { waitFor } from './support/session';

/**
 * ISO/IEC 18013-5:2021 Annex D session vectors (D.5): the SessionEstablishment that carries the
 * encrypted D.4.1.1 DeviceRequest and the SessionData that carries the encrypted D.4.1.2
 * DeviceResponse, with the Annex D ephemeral keys. Both directions are checked byte for byte:
 * decrypting gives the request and response fixtures, encrypting them gives the messages.
 */
describe('ISO/IEC 18013-5 Annex D session (§9.1.1)', () => {
  it('D.5: the mdoc decrypts the SessionEstablishment with SKReader into the D.4.1.1 DeviceRequest, byte for byte', async () => {
    const { transcript } = annexDTranscriptParts();
    const establishment = SessionEstablishment.fromBytes(vector('session-establishment'));
    expect(toHex(establishment.bytes)).toBe(toHex(vector('session-establishment')));
    const mdoc = await SessionEncryption.create({ role: 'mdoc', privateKey: (await annexDKeyPair('ephemeral-device-key')).privateKey, peerKey: establishment.eReaderKey, transcript });
    expect(toHex(await mdoc.decrypt(establishment.data))).toBe(toHex(vector('device-request')));
    expect(mdoc.messagesReceived).toBe(1);
  });

  it('D.5: the reader decrypts the SessionData with SKDevice into the D.4.1.2 DeviceResponse, byte for byte', async () => {
    const { transcript, deviceEngagement } = annexDTranscriptParts();
    const sessionData = SessionData.fromBytes(vector('session-data'));
    expect(sessionData.status).toBeUndefined();
    const reader = await SessionEncryption.create({ role: 'reader', privateKey: (await annexDKeyPair('ephemeral-reader-key')).privateKey, peerKey: deviceEngagement.eDeviceKey, transcript });
    expect(toHex(await reader.decrypt(sessionData.data!))).toBe(toHex(vector('device-response')));
  });

  it('D.5: encrypting the request and the response gives the Annex D messages back, byte for byte', async () => {
    const { transcript, deviceEngagement } = annexDTranscriptParts();
    const reader = await SessionEncryption.create({ role: 'reader', privateKey: (await annexDKeyPair('ephemeral-reader-key')).privateKey, peerKey: deviceEngagement.eDeviceKey, transcript });
    const eReaderKeyBytes = SessionEstablishment.fromBytes(vector('session-establishment')).eReaderKeyBytes;
    const establishment = SessionEstablishment.create({ eReaderKeyBytes, data: await reader.encrypt(vector('device-request')) });
    expect(toHex(establishment.bytes)).toBe(toHex(vector('session-establishment')));
    const mdoc = await SessionEncryption.create({ role: 'mdoc', privateKey: (await annexDKeyPair('ephemeral-device-key')).privateKey, peerKey: eReaderKeyBytes.value, transcript });
    expect(toHex(SessionData.create({ data: await mdoc.encrypt(vector('device-response')) }).bytes)).toBe(toHex(vector('session-data')));
  });

  it('§9.1.1.5: the keys are HKDF-SHA-256 with salt SHA-256(SessionTranscriptBytes), and the IV is identifier ‖ counter with no additional data', async () => {
    const { transcript, deviceEngagement } = annexDTranscriptParts();
    const readerKeys = await annexDKeyPair('ephemeral-reader-key');
    const zab = await ecdhSharedSecret(readerKeys.privateKey, await importCoseKey(deviceEngagement.eDeviceKey, 'ecdh'));
    const decryptWith = async (label: 'SKReader' | 'SKDevice', role: 'reader' | 'mdoc', ciphertext: Uint8Array, additionalData?: Uint8Array): Promise<Uint8Array> => {
      const key = await crypto.subtle.importKey('raw', (await deriveSessionKey(zab, transcript, label)) as BufferSource, 'AES-GCM', false, ['decrypt']);
      return new Uint8Array(await crypto.subtle.decrypt({ name: 'AES-GCM', iv: sessionIv(role, 1) as BufferSource, ...(additionalData && { additionalData: additionalData as BufferSource }) }, key, ciphertext as BufferSource));
    };
    const request = SessionEstablishment.fromBytes(vector('session-establishment')).data;
    const response = SessionData.fromBytes(vector('session-data')).data!;
    expect(toHex(await decryptWith('SKReader', 'reader', request))).toBe(toHex(vector('device-request')));
    expect(toHex(await decryptWith('SKDevice', 'mdoc', response))).toBe(toHex(vector('device-response')));
    expect(toHex(sessionIv('reader', 1))).toBe('000000000000000000000001');
    expect(toHex(sessionIv('mdoc', 1))).toBe('000000000000000100000001');
    // The clause's salt is SHA-256(SessionTranscriptBytes). Using SessionTranscriptBytes itself gives the
    // same key: HKDF-Extract is HMAC keyed by the salt, and HMAC hashes a key longer than its 64-byte
    // block (RFC 2104 §2) — and a SessionTranscript, holding EDeviceKey, is always longer than that.
    expect(transcript.taggedBytes().length).toBeGreaterThan(64);
    const hkdfKey = await crypto.subtle.importKey('raw', zab as BufferSource, 'HKDF', false, ['deriveBits']);
    const withUnhashedSalt = new Uint8Array(await crypto.subtle.deriveBits({ name: 'HKDF', hash: 'SHA-256', salt: transcript.taggedBytes() as BufferSource, info: new TextEncoder().encode('SKReader') }, hkdfKey, 256));
    expect(toHex(withUnhashedSalt)).toBe(toHex(await deriveSessionKey(zab, transcript, 'SKReader')));
    // Not the other identifier, not with additional data, not the other key.
    await expect(decryptWith('SKDevice', 'reader', request)).rejects.toThrow();
    await expect(decryptWith('SKReader', 'mdoc', request)).rejects.toThrow();
    await expect(decryptWith('SKReader', 'reader', request, new Uint8Array(1))).rejects.toThrow();
  });

  it('D.4.1.1: the DeviceRequest holds the Annex D ItemsRequest and ReaderAuth, as received, and re-encodes byte-exact', () => {
    const request = DeviceRequest.fromBytes(vector('device-request'));
    expect(request.version).toBe('1.0');
    expect(request.docRequests).toHaveLength(1);
    expect(toHex(request.docRequests[0]!.itemsRequestBytes.itemBytes)).toBe(toHex(vector('items-request')));
    expect(toHex(encodeCbor(request.docRequests[0]!.readerAuth!.toCbor()))).toBe(toHex(vector('reader-auth')));
    expect(toHex(request.toBytes())).toBe(toHex(vector('device-request')));
  });

  it('§9.1.5.1: the mdoc rebuilds the Annex D SessionTranscript from its engagement, the received EReaderKeyBytes and the handover', () => {
    const { deviceEngagement, eReaderKeyItemBytes, handoverBytes } = annexDTranscriptParts();
    const establishment = SessionEstablishment.fromBytes(vector('session-establishment'));
    expect(toHex(establishment.eReaderKeyBytes.itemBytes)).toBe(toHex(eReaderKeyItemBytes));
    const rebuilt = SessionTranscript.fromEncodedParts({ deviceEngagementBytes: deviceEngagement.bytes, eReaderKeyBytes: establishment.eReaderKeyBytes.itemBytes, handoverBytes });
    expect(toHex(rebuilt.taggedBytes())).toBe(toHex(vector('session-transcript-bytes')));
  });

  it('D.5.4: session termination is SessionData { "status": 20 }', () => {
    expect(SessionData.fromBytes(vector('session-termination')).status).toBe(SessionStatus.SESSION_TERMINATION);
    expect(toHex(SessionData.status(20).bytes)).toBe(toHex(vector('session-termination')));
  });

  it('DeviceSession with the Annex D keys: takes the Annex D SessionEstablishment, verifies the reader, and answers with the Annex D SessionData byte for byte', async () => {
    const { deviceEngagement, handoverBytes } = annexDTranscriptParts();
    const pair = createInMemoryTransportPair();
    const received: ReceivedDeviceRequest[] = [];
    const device = DeviceSession.start({
      deviceEngagement,
      handoverBytes,
      eDevicePrivateKey: (await annexDKeyPair('ephemeral-device-key')).privateKey,
      transport: pair.device,
      // Annex D has no reader CA certificate: the reader certificate is trusted directly (pinned).
      readerTrust: { trustAnchors: [vector('reader-cert')], at: ANNEX_D_TIME },
      onRequest: (request) => {
        received.push(request);
        return vector('device-response');
      },
    });
    const answers: Uint8Array[] = [];
    pair.reader.onMessage((message) => answers.push(message));
    await pair.reader.send(vector('session-establishment'));
    await waitFor(() => answers.length === 1);
    expect(toHex(answers[0]!)).toBe(toHex(vector('session-data')));
    expect(device.state).toBe('ready');
    expect(toHex(device.transcript!.taggedBytes())).toBe(toHex(vector('session-transcript-bytes')));

    const [request] = received;
    expect(toHex(request!.deviceRequestBytes)).toBe(toHex(vector('device-request')));
    const [docRequest] = request!.docRequests;
    expect(docRequest!.docType).toBe(MDL_DOCTYPE);
    expect(docRequest!.readerAuthentication).toMatchObject({ status: 'verified', reader: { subject: 'CN=reader', issuer: 'CN=reader root' } });
    expect(docRequest!.elements).toEqual([
      { namespace: MDL_NAMESPACE, elementIdentifier: 'family_name', intentToRetain: true },
      { namespace: MDL_NAMESPACE, elementIdentifier: 'document_number', intentToRetain: true },
      { namespace: MDL_NAMESPACE, elementIdentifier: 'driving_privileges', intentToRetain: true },
      { namespace: MDL_NAMESPACE, elementIdentifier: 'issue_date', intentToRetain: true },
      { namespace: MDL_NAMESPACE, elementIdentifier: 'expiry_date', intentToRetain: true },
      { namespace: MDL_NAMESPACE, elementIdentifier: 'portrait', intentToRetain: false },
    ]);

    await pair.reader.send(vector('session-termination'));
    expect(await device.ended).toMatchObject({ reason: 'terminated', by: 'peer', status: 20, error: { code: 'SESSION_TERMINATED' } });
  });

  it('ReaderSession with the Annex D keys: sends the Annex D SessionEstablishment byte for byte, decrypts the Annex D SessionData and verifies the response', async () => {
    const { deviceEngagement, handoverBytes } = annexDTranscriptParts();
    const pair = createInMemoryTransportPair();
    const reader = await ReaderSession.create({ deviceEngagement, handoverBytes, transport: pair.reader, eReaderKeyPair: await annexDKeyPair('ephemeral-reader-key') });
    expect(toHex(reader.transcript.taggedBytes())).toBe(toHex(vector('session-transcript-bytes')));
    const requests: Uint8Array[] = [];
    pair.device.onMessage((message) => {
      requests.push(message);
      void pair.device.send(vector('session-data'));
    });
    const response = await reader.request(DeviceRequest.fromBytes(vector('device-request')));
    expect(toHex(requests[0]!)).toBe(toHex(vector('session-establishment')));
    expect(toHex(response.deviceResponseBytes)).toBe(toHex(vector('device-response')));
    expect(response.terminated).toBe(false);
    expect(reader.state).toBe('ready');

    const verdict = await reader.verify(response, { trustAnchors: [vector('ds-cert')], at: ANNEX_D_TIME });
    expect(failedChecks(verdict)).toEqual([]);
    expect(verdict.documents[0]!.deviceAuthentication).toBe('mac');

    await reader.terminate();
    expect(toHex(requests[1]!)).toBe(toHex(vector('session-termination')));
    expect(await reader.ended).toMatchObject({ reason: 'terminated', by: 'self', status: 20 });
  });
});

