import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { calculateJwkThumbprint } from 'jose';
import { describe, expect, it } from 'vitest';
import { fromHex, openId4VpHandoverBytes, openId4VpHandoverInfoBytes, openId4VpSessionTranscript, SessionTranscript, toHex } from '@citizen-zero/mdoc';

/** The example of OpenID4VP 1.0 Appendix B.2.6.1, as printed in the specification (fixtures/openid4vp-1.0/README.md). */
const vector = JSON.parse(readFileSync(new URL('./fixtures/openid4vp-1.0/appendix-b-2-6-1.json', import.meta.url), 'utf8')) as {
  clientId: string;
  nonce: string;
  responseUri: string;
  encryptionJwk: { kty: 'EC'; crv: string; x: string; y: string };
  jwkThumbprint: string;
  handoverInfo: string;
  handover: string;
  sessionTranscript: string;
};

describe('OpenID4VP 1.0 Appendix B.2.6.1: OpenID4VPHandover and SessionTranscript bytes', () => {
  it("the example key's RFC 7638 thumbprint, computed by jose, is the one in the example", async () => {
    const thumbprint = Buffer.from(await calculateJwkThumbprint(vector.encryptionJwk, 'sha256'), 'base64url');
    expect(thumbprint.toString('hex')).toBe(vector.jwkThumbprint);
  });

  it('reproduces OpenID4VPHandoverInfo, OpenID4VPHandover and SessionTranscript of the example byte for byte', async () => {
    const input = { clientId: vector.clientId, nonce: vector.nonce, jwkThumbprint: fromHex(vector.jwkThumbprint), responseUri: vector.responseUri };
    expect(toHex(openId4VpHandoverInfoBytes(input))).toBe(vector.handoverInfo);
    expect(toHex(await openId4VpHandoverBytes(input))).toBe(vector.handover);
    const transcript = await openId4VpSessionTranscript(input);
    expect(toHex(transcript.bytes)).toBe(vector.sessionTranscript);
    // SessionTranscriptBytes as verifiers receive it (tag 24) parses back to the same bytes.
    expect(toHex(SessionTranscript.fromBytes(transcript.taggedBytes()).bytes)).toBe(vector.sessionTranscript);
  });

  it('without encryption (direct_post) the thumbprint is CBOR null: the example with 58 20 <thumbprint> replaced by f6, hashed independently', async () => {
    const input = { clientId: vector.clientId, nonce: vector.nonce, jwkThumbprint: null, responseUri: vector.responseUri };
    const expectedInfo = vector.handoverInfo.replace(`5820${vector.jwkThumbprint}`, 'f6');
    expect(expectedInfo.length).toBe(vector.handoverInfo.length - 66);
    expect(toHex(openId4VpHandoverInfoBytes(input))).toBe(expectedInfo);
    const hash = createHash('sha256').update(Buffer.from(expectedInfo, 'hex')).digest('hex');
    const expectedHandover = `82714f70656e494434565048616e646f76657258 20${hash}`.replace(' ', '');
    expect(toHex(await openId4VpHandoverBytes(input))).toBe(expectedHandover);
    expect(toHex((await openId4VpSessionTranscript(input)).bytes)).toBe(`83f6f6${expectedHandover}`);
  });

  it('every input changes the transcript: client id, nonce, response URI', async () => {
    const base = { clientId: vector.clientId, nonce: vector.nonce, jwkThumbprint: null, responseUri: vector.responseUri };
    const bytes = async (input: typeof base) => toHex((await openId4VpSessionTranscript(input)).bytes);
    const reference = await bytes(base);
    expect(await bytes({ ...base, clientId: 'x509_san_dns:example.org' })).not.toBe(reference);
    expect(await bytes({ ...base, nonce: `${vector.nonce}x` })).not.toBe(reference);
    expect(await bytes({ ...base, responseUri: 'https://example.com/response2' })).not.toBe(reference);
  });
});
