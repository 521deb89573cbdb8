import {
  coseKeyFromJwk,
  createInMemoryTransportPair,
  DeviceEngagement,
  DeviceResponse,
  DeviceSession,
  EncodedCbor,
  SessionEncryption,
  SessionEstablishment,
  SessionTranscript,
  type CoseKey,
  type DeviceSessionParams,
  type InMemoryEnd,
  type InMemoryTransportPair,
} from '@citizen-zero/mdoc';

/** Polls `condition` until it holds (messages travel asynchronously through the in-memory transport). */
export async function waitFor(condition: () => boolean, timeoutMs = 5_000): Promise<void> {
  const start = Date.now();
  while (!condition()) {
    if (Date.now() - start > timeoutMs) throw new Error('timed out waiting for a condition');
    await new Promise((resolve) => setTimeout(resolve, 1));
  }
}

export interface Mdoc {
  readonly engagement: DeviceEngagement;
  readonly eDevice: CryptoKeyPair;
}

/** An mdoc's ephemeral key and QR device engagement (§8.2.1.1). */
export async function createMdocEngagement(curve: 'P-256' | 'P-384' = 'P-256'): Promise<Mdoc> {
  const eDevice = await crypto.subtle.generateKey({ name: 'ECDH', namedCurve: curve }, false, ['deriveBits']);
  const engagement = DeviceEngagement.create({ eDeviceKey: coseKeyFromJwk(await crypto.subtle.exportKey('jwk', eDevice.publicKey)) });
  return { engagement, eDevice };
}

/** A DeviceSession for `mdoc` on a fresh in-memory pair; `onRequest` answers with `answer` by default. */
export function startDevice(
  mdoc: Mdoc,
  params: Partial<Omit<DeviceSessionParams, 'transport'>> & { intercept?: (message: Uint8Array, from: InMemoryEnd) => readonly Uint8Array[] } = {},
): { device: DeviceSession; pair: InMemoryTransportPair } {
  const { intercept, ...rest } = params;
  const pair = createInMemoryTransportPair(intercept ? { intercept } : {});
  const device = DeviceSession.start({
    deviceEngagement: mdoc.engagement,
    eDevicePrivateKey: mdoc.eDevice.privateKey,
    onRequest: () => new DeviceResponse('1.0', [], [], 0),
    ...rest,
    transport: pair.device,
  });
  return { device, pair };
}

/**
 * A hand-driven reader for tests that must send what a well-behaved ReaderSession never would:
 * skipped counters, replays, undecodable plaintexts.
 */
export interface RawReader {
  readonly encryption: SessionEncryption;
  readonly eReaderKeyBytes: EncodedCbor<CoseKey>;
  readonly transcript: SessionTranscript;
  /** SessionEstablishment with `plaintext` encrypted under the next reader counter. */
  establishment(plaintext: Uint8Array): Promise<Uint8Array>;
}

export async function createRawReader(engagement: DeviceEngagement): Promise<RawReader> {
  const eReader = await crypto.subtle.generateKey({ name: 'ECDH', namedCurve: 'P-256' }, false, ['deriveBits']);
  const eReaderKeyBytes = EncodedCbor.fromValue<CoseKey>(coseKeyFromJwk(await crypto.subtle.exportKey('jwk', eReader.publicKey)));
  const transcript = SessionTranscript.fromEncodedParts({ deviceEngagementBytes: engagement.bytes, eReaderKeyBytes: eReaderKeyBytes.itemBytes });
  const encryption = await SessionEncryption.create({ role: 'reader', privateKey: eReader.privateKey, peerKey: engagement.eDeviceKey, transcript });
  return {
    encryption,
    eReaderKeyBytes,
    transcript,
    establishment: async (plaintext) => SessionEstablishment.create({ eReaderKeyBytes, data: await encryption.encrypt(plaintext) }).bytes,
  };
}
