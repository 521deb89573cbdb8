import { describe, expect, it } from 'vitest';
import type { Signer } from '@citizen-zero/signing';
import { SoftwareSigner } from '@citizen-zero/signing/testing';
import { createSignerCrypto, PkiError } from '../src/index';

describe('createSignerCrypto', () => {
  it.each(['ES256', 'ES384', 'ES512'] as const)('routes subtle.sign to the Signer and returns a verifiable r‖s signature (%s)', async (algorithm) => {
    const signer = await SoftwareSigner.generate(algorithm);
    let calls = 0;
    const counting: Signer = { algorithm, keyId: signer.keyId, publicKeySpki: () => signer.publicKeySpki(), sign: (tbs) => ((calls += 1), signer.sign(tbs)) };
    const adapter = await createSignerCrypto(counting);
    const data = new TextEncoder().encode('to be signed');
    const signature = await adapter.crypto.subtle.sign(adapter.signingAlgorithm, adapter.signingKey, data);
    expect(calls).toBe(1);
    expect(await crypto.subtle.verify(adapter.signingAlgorithm, adapter.publicKey, signature, data)).toBe(true);
    expect(adapter.signingKey).toMatchObject({ type: 'private', extractable: false, usages: ['sign'], algorithm: { name: 'ECDSA', namedCurve: adapter.curve } });
    // Everything else is the platform's Web Crypto.
    expect(new Uint8Array(await adapter.crypto.subtle.digest('SHA-256', data))).toEqual(new Uint8Array(await crypto.subtle.digest('SHA-256', data)));
    expect(adapter.crypto.getRandomValues(new Uint8Array(8))).toHaveLength(8);
  });

  it('refuses a hash that does not match the signer algorithm (SIGNER_MISMATCH)', async () => {
    const adapter = await createSignerCrypto(await SoftwareSigner.generate('ES256'));
    const data = new Uint8Array(4);
    const error = await adapter.crypto.subtle.sign({ name: 'ECDSA', hash: 'SHA-384' }, adapter.signingKey, data).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(PkiError);
    expect((error as PkiError).code).toBe('SIGNER_MISMATCH');
    await expect(adapter.crypto.subtle.sign({ name: 'RSASSA-PKCS1-v1_5' }, adapter.signingKey, data)).rejects.toMatchObject({ code: 'SIGNER_MISMATCH' });
  });

  it('rejects a Signer that returns a signature of the wrong length', async () => {
    const signer = await SoftwareSigner.generate('ES256');
    const broken: Signer = { algorithm: 'ES256', keyId: 'broken', publicKeySpki: () => signer.publicKeySpki(), sign: async () => new Uint8Array(70) };
    const adapter = await createSignerCrypto(broken);
    await expect(adapter.crypto.subtle.sign(adapter.signingAlgorithm, adapter.signingKey, new Uint8Array(1))).rejects.toMatchObject({ code: 'SIGNER_MISMATCH' });
  });

  it('still signs with real CryptoKeys passed to it', async () => {
    const adapter = await createSignerCrypto(await SoftwareSigner.generate('ES256'));
    const keys = await crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-384' }, false, ['sign', 'verify']);
    const data = new Uint8Array(3);
    const signature = await adapter.crypto.subtle.sign({ name: 'ECDSA', hash: 'SHA-384' }, keys.privateKey, data);
    expect(await crypto.subtle.verify({ name: 'ECDSA', hash: 'SHA-384' }, keys.publicKey, signature, data)).toBe(true);
  });
});
