import { createPublicKey, verify as nodeVerify } from 'node:crypto';
import * as pkcs11 from 'pkcs11js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Hsm, HsmError, Pkcs11Module } from '@citizen-zero/hsm';
import { signatureAlgorithmInfo } from '@citizen-zero/signing';
import { createTestToken, type TestToken } from '@citizen-zero/test-harness';

function verifyWithNode(spki: Uint8Array, hash: string, data: Uint8Array, signature: Uint8Array): boolean {
  const key = createPublicKey({ key: Buffer.from(spki), format: 'der', type: 'spki' });
  return nodeVerify(hash, data, { key, dsaEncoding: 'ieee-p1363' }, signature);
}

describe('Hsm over a real SoftHSM2 token', () => {
  let token: TestToken;
  let hsm: Hsm;

  beforeAll(async () => {
    token = createTestToken('hsm');
    hsm = await Hsm.open({ ...token, sessionPoolSize: 2 });
  });
  afterAll(async () => {
    await hsm.close();
  });

  for (const curve of ['P-256', 'P-384', 'P-521'] as const) {
    it(`generates a non-extractable ${curve} key and signs; node:crypto verifies the P1363 signature`, async () => {
      const info = await hsm.generateEcKeyPair({ label: `sign-${curve}`, curve });
      expect(info).toMatchObject({ keyClass: 'private', keyType: 'EC', curve, extractable: false, sensitive: true, neverExtractable: true, alwaysSensitive: true });
      const signer = await hsm.signer(`sign-${curve}`);
      const algorithm = signatureAlgorithmInfo(signer.algorithm);
      expect(algorithm.curve).toBe(curve);
      const message = new TextEncoder().encode(`to be signed on ${curve}`);
      const signature = await signer.sign(message);
      expect(signature.length).toBe(algorithm.coordinateLength * 2);
      const hash = algorithm.hash.replace('-', '').toLowerCase();
      expect(verifyWithNode(await signer.publicKeySpki(), hash, message, signature)).toBe(true);
      expect(verifyWithNode(await signer.publicKeySpki(), hash, new TextEncoder().encode('something else'), signature)).toBe(false);
    });
  }

  it('signs 200 messages concurrently through a pool of 2 sessions, every signature valid', async () => {
    await hsm.generateEcKeyPair({ label: 'concurrent', curve: 'P-256' });
    const signer = await hsm.signer('concurrent');
    const spki = await signer.publicKeySpki();
    const messages = Array.from({ length: 200 }, (_, index) => new TextEncoder().encode(`message ${index}`));
    const signatures = await Promise.all(messages.map((message) => signer.sign(message)));
    expect(signatures.every((signature, index) => verifyWithNode(spki, 'sha256', messages[index]!, signature))).toBe(true);
  });

  it('cannot read or wrap the private key out of the token', async () => {
    await hsm.generateEcKeyPair({ label: 'secret-ec', curve: 'P-256' });
    await hsm.generateAesKey({ label: 'kek-for-exfiltration' });
    await hsm.withSession('exfiltration attempt', (api, session) => {
      api.C_FindObjectsInit(session, [
        { type: pkcs11.CKA_CLASS, value: pkcs11.CKO_PRIVATE_KEY },
        { type: pkcs11.CKA_LABEL, value: 'secret-ec' },
      ]);
      const [privateKey] = api.C_FindObjects(session, 1);
      api.C_FindObjectsFinal(session);
      api.C_FindObjectsInit(session, [{ type: pkcs11.CKA_LABEL, value: 'kek-for-exfiltration' }]);
      const [kek] = api.C_FindObjects(session, 1);
      api.C_FindObjectsFinal(session);
      expect(privateKey).toBeDefined();
      expect(() => api.C_GetAttributeValue(session, privateKey!, [{ type: pkcs11.CKA_VALUE }])).toThrow(expect.objectContaining({ code: pkcs11.CKR_ATTRIBUTE_SENSITIVE }));
      const [extractable] = api.C_GetAttributeValue(session, privateKey!, [{ type: pkcs11.CKA_EXTRACTABLE }]);
      expect(extractable!.value![0]).toBe(0);
      expect(() => api.C_WrapKey(session, { mechanism: pkcs11.CKM_AES_KEY_WRAP_PAD }, kek!, privateKey!, Buffer.alloc(4096))).toThrow(expect.objectContaining({ code: pkcs11.CKR_KEY_UNEXTRACTABLE }));
      // Turning the flags back is refused too (CKA_EXTRACTABLE can only go from true to false, CKA_SENSITIVE only to true).
      expect(() => api.C_SetAttributeValue(session, privateKey!, [{ type: pkcs11.CKA_EXTRACTABLE, value: true }])).toThrow();
      expect(() => api.C_SetAttributeValue(session, privateKey!, [{ type: pkcs11.CKA_SENSITIVE, value: false }])).toThrow();
    });
  });

  it('wraps and unwraps data keys with an AES key-encryption key (RFC 5649); a tampered blob fails', async () => {
    await hsm.generateAesKey({ label: 'kek-1' });
    const dataKey = crypto.getRandomValues(new Uint8Array(32));
    const wrapped = await hsm.wrapDataKey('kek-1', dataKey);
    expect(wrapped.length).toBe(40);
    expect(Buffer.from(wrapped).includes(Buffer.from(dataKey))).toBe(false);
    expect(await hsm.unwrapDataKey('kek-1', wrapped)).toEqual(dataKey);
    const tampered = Uint8Array.from(wrapped);
    tampered[5] = tampered[5]! ^ 0x01;
    await expect(hsm.unwrapDataKey('kek-1', tampered)).rejects.toBeInstanceOf(HsmError);
    await hsm.generateAesKey({ label: 'kek-2' });
    await expect(hsm.unwrapDataKey('kek-2', wrapped)).rejects.toBeInstanceOf(HsmError);
  });

  it('computes HMAC-SHA256 with a token key: deterministic, 32 bytes, key-specific', async () => {
    await hsm.generateHmacKey({ label: 'blind-index-a' });
    await hsm.generateHmacKey({ label: 'blind-index-b' });
    const data = new TextEncoder().encode('OKONKWO|1990-04-17');
    const a1 = await hsm.hmacSha256('blind-index-a', data);
    expect(a1.length).toBe(32);
    expect(await hsm.hmacSha256('blind-index-a', data)).toEqual(a1);
    expect(await hsm.hmacSha256('blind-index-b', data)).not.toEqual(a1);
    expect(await hsm.hmacSha256('blind-index-a', new TextEncoder().encode('OKONKWO|1990-04-18'))).not.toEqual(a1);
  });

  it('lists keys with class, type, curve, size and protection flags', async () => {
    const keys = await hsm.listKeys();
    const ec = keys.find((key) => key.label === 'sign-P-384' && key.keyClass === 'private');
    expect(ec).toMatchObject({ keyType: 'EC', curve: 'P-384', extractable: false, sensitive: true, capabilities: ['sign'] });
    expect(keys.find((key) => key.label === 'sign-P-384' && key.keyClass === 'public')).toMatchObject({ capabilities: ['verify'] });
    expect(keys.find((key) => key.label === 'kek-1')).toMatchObject({ keyClass: 'secret', keyType: 'AES', bits: 256, extractable: false, capabilities: expect.arrayContaining(['wrap', 'unwrap']) });
    expect(keys.find((key) => key.label === 'blind-index-a')).toMatchObject({ keyType: 'GENERIC_SECRET', bits: 256 });
  });

  it('refuses a duplicate label and reports unknown keys with stable codes', async () => {
    await expect(hsm.generateEcKeyPair({ label: 'sign-P-256', curve: 'P-256' })).rejects.toMatchObject({ code: 'HSM_KEY_EXISTS' });
    await expect(hsm.signer('no-such-key')).rejects.toMatchObject({ code: 'HSM_KEY_NOT_FOUND' });
    await expect(hsm.wrapDataKey('no-such-kek', new Uint8Array(32))).rejects.toMatchObject({ code: 'HSM_KEY_NOT_FOUND' });
    await expect(hsm.deleteKey('no-such-key')).rejects.toMatchObject({ code: 'HSM_KEY_NOT_FOUND' });
  });

  it('deletes both halves of a key pair', async () => {
    await hsm.generateEcKeyPair({ label: 'short-lived', curve: 'P-256' });
    expect(await hsm.deleteKey('short-lived')).toBe(2);
    expect((await hsm.listKeys()).some((key) => key.label === 'short-lived')).toBe(false);
  });

  it('recovers when its sessions are closed under it, and keeps signing', async () => {
    await hsm.generateEcKeyPair({ label: 'resilient', curve: 'P-256' });
    const signer = await hsm.signer('resilient');
    const module = Pkcs11Module.acquire(token.modulePath);
    try {
      module.api.C_CloseAllSessions(module.findTokenSlot(token.tokenLabel));
    } finally {
      module.release();
    }
    const message = new TextEncoder().encode('after the sessions were closed');
    expect(verifyWithNode(await signer.publicKeySpki(), 'sha256', message, await signer.sign(message))).toBe(true);
  });
});

describe('opening tokens', () => {
  it('rejects a wrong PIN with HSM_PIN_INCORRECT and never echoes it', async () => {
    const token = createTestToken('pin');
    const error = await Hsm.open({ ...token, pin: 'wrong-pin-123' }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(HsmError);
    expect(error).toMatchObject({ code: 'HSM_PIN_INCORRECT' });
    expect(JSON.stringify(error) + String((error as Error).message)).not.toContain('wrong-pin-123');
  });

  it('reports an unknown token label with HSM_TOKEN_NOT_FOUND', async () => {
    const token = createTestToken('known');
    await expect(Hsm.open({ ...token, tokenLabel: 'no-such-token' })).rejects.toMatchObject({ code: 'HSM_TOKEN_NOT_FOUND' });
  });

  it('reports a missing module with HSM_MODULE_LOAD_FAILED', async () => {
    await expect(Hsm.open({ modulePath: '/nonexistent/libpkcs11.so', tokenLabel: 'x', pin: '1234' })).rejects.toMatchObject({ code: 'HSM_MODULE_LOAD_FAILED' });
  });

  it('initialises a token on a free slot, then opens it; two connections share one module', async () => {
    const { modulePath } = createTestToken('other');
    Hsm.initToken({ modulePath, label: 'fresh-token', soPin: 'so-secret-1', pin: 'user-secret-1' });
    expect(() => Hsm.initToken({ modulePath, label: 'fresh-token', soPin: 'so-secret-1', pin: 'user-secret-1' })).toThrow(expect.objectContaining({ code: 'HSM_KEY_EXISTS' }));
    const first = await Hsm.open({ modulePath, tokenLabel: 'fresh-token', pin: 'user-secret-1' });
    const second = await Hsm.open({ modulePath, tokenLabel: 'fresh-token', pin: 'user-secret-1' });
    await first.generateEcKeyPair({ label: 'shared', curve: 'P-256' });
    expect((await second.listKeys()).some((key) => key.label === 'shared')).toBe(true);
    await first.close();
    const signer = await second.signer('shared');
    expect((await signer.sign(new Uint8Array([1, 2, 3]))).length).toBe(64);
    await second.close();
    const { slots } = Hsm.inspect(modulePath);
    expect(slots.some((slot) => slot.token?.label === 'fresh-token' && slot.token.initialized)).toBe(true);
  });
});
