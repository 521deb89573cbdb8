import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { base64UrlEncode, decodeCbor, DeviceEngagement, encodeCbor, EncodedCbor, fromHex, SessionTranscript } from '@citizen-zero/mdoc';

/** ISO/IEC 18013-5:2021 Annex D vectors; see fixtures/annex-d/README.md. */
export const vector = (name: string): Uint8Array => fromHex(readFileSync(join(__dirname, '..', 'fixtures', 'annex-d', `${name}.hex`), 'utf8').trim());

/** Inside every validity window of Annex D: DS certificate, MSO, reader certificate (2020-10-01 – 2023-12-31). */
export const ANNEX_D_TIME = new Date('2021-01-01T00:00:00Z');

/** An Annex D ephemeral key pair (`ephemeral-reader-key` or `ephemeral-device-key`) for ECDH. */
export async function annexDKeyPair(prefix: 'ephemeral-reader-key' | 'ephemeral-device-key'): Promise<CryptoKeyPair> {
  const x = base64UrlEncode(vector(`${prefix}-x`));
  const y = base64UrlEncode(vector(`${prefix}-y`));
  const d = base64UrlEncode(vector(`${prefix}-d`));
  const algorithm = { name: 'ECDH', namedCurve: 'P-256' };
  return {
    privateKey: await crypto.subtle.importKey('jwk', { kty: 'EC', crv: 'P-256', x, y, d }, algorithm, false, ['deriveBits']),
    publicKey: await crypto.subtle.importKey('jwk', { kty: 'EC', crv: 'P-256', x, y }, algorithm, true, []),
  };
}

/**
 * The parts of the Annex D SessionTranscript: it was made for NFC engagement, so its
 * DeviceEngagement is the NFC variant (no retrieval methods) and its Handover the NFC one.
 */
export function annexDTranscriptParts(): { transcript: SessionTranscript; deviceEngagement: DeviceEngagement; eReaderKeyItemBytes: Uint8Array; handoverBytes: Uint8Array } {
  const transcript = SessionTranscript.fromBytes(vector('session-transcript-bytes'));
  const [deviceEngagementBytes, eReaderKeyBytes, handover] = decodeCbor(transcript.bytes) as unknown[];
  return {
    transcript,
    deviceEngagement: DeviceEngagement.fromBytes(EncodedCbor.fromTag<unknown>(deviceEngagementBytes, 'DeviceEngagementBytes').itemBytes),
    eReaderKeyItemBytes: EncodedCbor.fromTag<unknown>(eReaderKeyBytes, 'EReaderKeyBytes').itemBytes,
    handoverBytes: encodeCbor(handover),
  };
}
