import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeCbor } from '@citizen-zero/mdoc';
import { TestIssuer } from './support/test-issuer';
import { startVerification, type VerificationTestContext } from './support/verification-test-app';

const b64 = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64');

describe('verification service: malformed presentations get a 400 with a precise code, never a 500 or a hang', () => {
  let issuer: TestIssuer;
  let verification: VerificationTestContext;
  let valid: { deviceResponse: Uint8Array; sessionTranscript: Uint8Array };

  beforeAll(async () => {
    issuer = await TestIssuer.start();
    verification = await startVerification({ CZ_STATUS_LIST_HOSTS: issuer.host });
    valid = await issuer.presentMdl(['age_over_18']);
  });
  afterAll(async () => {
    await verification?.close();
    await issuer?.close();
  });

  const post = (deviceResponse: Uint8Array, sessionTranscript = valid.sessionTranscript) => verification.request('POST', '/verifications', { body: { deviceResponse: b64(deviceResponse), sessionTranscript: b64(sessionTranscript) } });

  it('names what is wrong with the CBOR', async () => {
    const cases: Array<[string, Uint8Array, string]> = [
      ['truncated', valid.deviceResponse.subarray(0, valid.deviceResponse.length - 7), 'CBOR_TRUNCATED'],
      ['trailing bytes', Uint8Array.from([...valid.deviceResponse, 0x00]), 'CBOR_TRAILING_BYTES'],
      ['deep nesting', new Uint8Array(100_000).fill(0x81), 'CBOR_TOO_DEEP'],
      ['an unknown tag', Uint8Array.of(0xd9, 0x12, 0x34, 0xa0), 'CBOR_UNKNOWN_TAG'],
      ['a reserved value', Uint8Array.of(0xa1, 0x1c, 0x00), 'CBOR_RESERVED_VALUE'],
      ['invalid UTF-8', Uint8Array.of(0xa1, 0x62, 0xc3, 0x28, 0x00), 'CBOR_INVALID_UTF8'],
      ['not a DeviceResponse', encodeCbor(new Map([['version', '1.0']])), 'CBOR_STRUCTURE_INVALID'],
    ];
    for (const [what, bytes, code] of cases) {
      const response = await post(bytes);
      expect(response.status, what).toBe(400);
      expect(response.body.code, what).toBe(code);
      expect(response.body.type).toBe(`urn:citizen-zero:problem:${code}`);
    }
  });

  it('refuses an oversized body with 413 and malformed JSON or base64 with 400', async () => {
    const huge = await fetch(`${verification.baseUrl}/verifications`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${await verification.idp.token('bank-teller-1', ['verifier'])}` }, body: JSON.stringify({ deviceResponse: 'A'.repeat(5 * 1024 * 1024), sessionTranscript: 'AA==' }) });
    expect(huge.status).toBe(413);
    expect(((await huge.json()) as { code: string }).code).toBe('PAYLOAD_TOO_LARGE');
    const notJson = await fetch(`${verification.baseUrl}/verifications`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${await verification.idp.token('bank-teller-1', ['verifier'])}` }, body: '{"deviceResponse": ' });
    expect(notJson.status).toBe(400);
    expect(((await notJson.json()) as { code: string }).code).toBe('MALFORMED_REQUEST');
    expect((await post(new Uint8Array(0))).body.code).toBe('CBOR_TRUNCATED');
    const notBase64 = await verification.request('POST', '/verifications', { body: { deviceResponse: '***', sessionTranscript: b64(valid.sessionTranscript) } });
    expect(notBase64.body.code).toBe('VALIDATION_FAILED');
  });

  it('still answers a parsable but broken presentation with a verdict (200, valid false)', async () => {
    const tampered = Uint8Array.from(valid.deviceResponse);
    const at = tampered.length - 10; // inside the device signature
    tampered[at] = tampered[at]! ^ 0x01;
    const response = await post(tampered);
    expect(response.status).toBe(200);
    expect(response.body.valid).toBe(false);
  });
});
