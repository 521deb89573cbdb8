import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  CoseSign1,
  decodeCbor,
  DeviceEngagement,
  DeviceResponse,
  DeviceRetrievalType,
  EncodedCbor,
  encodeCbor,
  failedChecks,
  fromHex,
  MDL_DOCTYPE,
  MDL_NAMESPACE,
  readerAuthenticationBytes,
  SessionTranscript,
  toHex,
  verifyDeviceResponse,
  base64UrlEncode,
  coseKeyToJwk,
} from '@citizen-zero/mdoc';
import { parseCertificate } from '@citizen-zero/pki';

/** ISO/IEC 18013-5:2021 Annex D vectors; see fixtures/annex-d/README.md. */
const vector = (name: string): Uint8Array => fromHex(readFileSync(join(__dirname, 'fixtures', 'annex-d', `${name}.hex`), 'utf8').trim());

/** Inside every validity window of Annex D: the DS certificate and the MSO (2020-10-01T13:30:02Z – 2021-10-01). */
const ANNEX_D_TIME = new Date('2021-01-01T00:00:00Z');

async function ecdhPrivateKey(prefix: string): Promise<CryptoKey> {
  const jwk = { kty: 'EC', crv: 'P-256', x: base64UrlEncode(vector(`${prefix}-x`)), y: base64UrlEncode(vector(`${prefix}-y`)), d: base64UrlEncode(vector(`${prefix}-d`)) };
  return crypto.subtle.importKey('jwk', jwk, { name: 'ECDH', namedCurve: 'P-256' }, false, ['deriveBits']);
}

describe('ISO/IEC 18013-5 Annex D', () => {
  it('D.4.1.2: the DeviceResponse parses and re-encodes byte-exact', () => {
    const bytes = vector('device-response');
    const response = DeviceResponse.fromBytes(bytes);
    expect(response.version).toBe('1.0');
    expect(response.status).toBe(0);
    const document = response.documents[0]!;
    expect(document.docType).toBe(MDL_DOCTYPE);
    expect(document.issuerSigned.nameSpaces.get(MDL_NAMESPACE)!.map((entry) => entry.item.elementIdentifier)).toEqual(['family_name', 'issue_date', 'expiry_date', 'document_number', 'portrait', 'driving_privileges']);
    expect(document.issuerSigned.mso.digestAlgorithm).toBe('SHA-256');
    expect(document.issuerSigned.mso.validityInfo.validUntil.toISOString()).toBe('2021-10-01T13:30:02.000Z');
    expect(toHex(response.toBytes())).toBe(toHex(bytes));
  });

  it('D.4.1.2: verifies — issuer signature, digests, validity and the device MAC — with the clock inside its validity', async () => {
    const transcript = SessionTranscript.fromBytes(vector('session-transcript-bytes'));
    const verdict = await verifyDeviceResponse(vector('device-response'), {
      trustAnchors: [vector('ds-cert')],
      at: ANNEX_D_TIME,
      transcript,
      eReaderKeyPrivate: await ecdhPrivateKey('ephemeral-reader-key'),
    });
    expect(failedChecks(verdict)).toEqual([]);
    expect(verdict.valid).toBe(true);
    const document = verdict.documents[0]!;
    expect(document.deviceAuthentication).toBe('mac');
    expect(document.issuerSigned.get(MDL_NAMESPACE)!.get('family_name')).toBe('Doe');
    expect(document.issuerSigned.get(MDL_NAMESPACE)!.get('document_number')).toBe('123456789');
    expect(document.checks.map((check) => check.check)).toEqual(
      expect.arrayContaining(['issuer-certificate-chain', 'issuer-signature', 'value-digests', 'mso-validity', 'device-authentication', 'doc-type']),
    );
  });

  it('D.4.1.2: is rejected at today’s date (expired MSO and DS certificate)', async () => {
    const verdict = await verifyDeviceResponse(vector('device-response'), {
      trustAnchors: [vector('ds-cert')],
      at: new Date(),
      transcript: SessionTranscript.fromBytes(vector('session-transcript-bytes')),
      eReaderKeyPrivate: await ecdhPrivateKey('ephemeral-reader-key'),
    });
    expect(verdict.valid).toBe(false);
    expect(failedChecks(verdict).map((check) => check.code).sort()).toEqual(['CERT_EXPIRED', 'MSO_EXPIRED']);
  });

  it('D.4.1.2: the device MAC fails with another reader key or transcript', async () => {
    const otherReader = (await crypto.subtle.generateKey({ name: 'ECDH', namedCurve: 'P-256' }, false, ['deriveBits'])).privateKey;
    const verdict = await verifyDeviceResponse(vector('device-response'), {
      trustAnchors: [vector('ds-cert')],
      at: ANNEX_D_TIME,
      transcript: SessionTranscript.fromBytes(vector('session-transcript-bytes')),
      eReaderKeyPrivate: otherReader,
    });
    expect(failedChecks(verdict).map((check) => check.code)).toEqual(['DEVICE_MAC_INVALID']);
  });

  it('D.4.1.2: the MSO device key is the Annex D SDeviceKey', () => {
    const mso = DeviceResponse.fromBytes(vector('device-response')).documents[0]!.issuerSigned.mso;
    const jwk = coseKeyToJwk(mso.deviceKeyInfo.deviceKey);
    expect(jwk.x).toBe(base64UrlEncode(vector('static-device-key-x')));
    expect(jwk.y).toBe(base64UrlEncode(vector('static-device-key-y')));
  });

  it('D.3.1: the DeviceEngagement parses, holds EDeviceKey and a BLE method, and its key is the one in the SessionTranscript', () => {
    const engagement = DeviceEngagement.fromBytes(vector('device-engagement'));
    expect(engagement.version).toBe('1.0');
    expect(coseKeyToJwk(engagement.eDeviceKey).x).toBe(base64UrlEncode(vector('ephemeral-device-key-x')));
    expect(engagement.retrievalMethods[0]?.type).toBe(DeviceRetrievalType.BLE);
    expect(DeviceEngagement.fromQrUri(engagement.toQrUri()).bytes).toEqual(engagement.bytes);
    const transcript = SessionTranscript.fromBytes(vector('session-transcript-bytes'));
    expect(toHex(transcript.taggedBytes())).toBe(toHex(vector('session-transcript-bytes')));
    const [deviceEngagementBytes, eReaderKeyBytes] = transcript.value;
    // The transcript carries the NFC-engagement variant (no retrieval methods) with the same EDeviceKey.
    const nfcEngagement = DeviceEngagement.fromBytes(EncodedCbor.fromTag<unknown>(deviceEngagementBytes, 'DeviceEngagementBytes').itemBytes);
    expect(coseKeyToJwk(nfcEngagement.eDeviceKey)).toEqual(coseKeyToJwk(engagement.eDeviceKey));
    expect(coseKeyToJwk(EncodedCbor.fromTag(eReaderKeyBytes, 'EReaderKeyBytes').value).x).toBe(base64UrlEncode(vector('ephemeral-reader-key-x')));
  });

  it('D.4.1.1: the reader authentication verifies over ReaderAuthentication with the reader certificate', async () => {
    const readerAuth = CoseSign1.fromCbor(decodeCbor(vector('reader-auth')));
    expect(toHex(readerAuth.x5chain()[0]!)).toBe(toHex(vector('reader-cert')));
    const spki = new Uint8Array(parseCertificate(vector('reader-cert')).publicKey.rawData);
    const key = await crypto.subtle.importKey('spki', spki, { name: 'ECDSA', namedCurve: 'P-256' }, false, ['verify']);
    const transcript = SessionTranscript.fromBytes(vector('session-transcript-bytes'));
    expect(await readerAuth.verify(key, readerAuthenticationBytes(transcript, vector('items-request')))).toBe(true);
    const tampered = Uint8Array.from(vector('items-request'));
    tampered[tampered.length - 1] = 0xf5; // portrait: intent to retain false → true
    expect(await readerAuth.verify(key, readerAuthenticationBytes(transcript, tampered))).toBe(false);
    const itemsRequest = decodeCbor(vector('items-request')) as Map<string, unknown>;
    const intent = (itemsRequest.get('nameSpaces') as Map<string, Map<string, boolean>>).get(MDL_NAMESPACE)!;
    expect(intent.get('family_name')).toBe(true);
    expect(intent.get('portrait')).toBe(false);
    expect(toHex(encodeCbor(itemsRequest))).toBe(toHex(vector('items-request')));
  });
});
