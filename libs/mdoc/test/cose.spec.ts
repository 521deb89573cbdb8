import { createRequire } from 'node:module';
import fc from 'fast-check';
import { describe, expect, it, vi } from 'vitest';
import { SoftwareSigner } from '@citizen-zero/signing/testing';
import { CoseMac0, CoseSign1, coseKeyFromJwk, coseKeyToJwk, decodeCbor, encodeCbor, importCoseKey, base64Encode, base64UrlDecode, base64UrlEncode, Tag, type CoseKey } from '@citizen-zero/mdoc';
import type { SignatureAlgorithm } from '@citizen-zero/signing';

const require = createRequire(import.meta.url);
// cose-js: an independent COSE implementation (elliptic + node-cbor), used here as a test peer.
const coseJs = require('cose-js') as {
  sign: {
    create(headers: { p: Record<string, unknown>; u: Record<string, unknown> }, payload: Buffer, signer: { key: { d: Buffer } }, options?: { excludetag?: boolean }): Promise<Buffer>;
    verify(message: Buffer, verifier: { key: { x: Buffer; y: Buffer } }): Promise<Buffer>;
  };
};

const payload = new TextEncoder().encode('This is the content.');

async function exportedSigner(algorithm: SignatureAlgorithm): Promise<{ signer: SoftwareSigner; jwk: JsonWebKey }> {
  const signer = await SoftwareSigner.generate(algorithm, 'cose-test', true);
  return { signer, jwk: await crypto.subtle.exportKey('jwk', signer.keyPair.privateKey) };
}

describe('COSE_Sign1 (RFC 9052 §4.2)', () => {
  for (const algorithm of ['ES256', 'ES384', 'ES512'] as const) {
    it(`signs through the Signer port and verifies with ${algorithm}`, async () => {
      const signer = await SoftwareSigner.generate(algorithm);
      const message = await CoseSign1.sign({ signer, payload });
      const parsed = CoseSign1.fromCbor(decodeCbor(encodeCbor(message.toCbor())));
      expect(parsed.algorithm.algorithm).toBe(algorithm);
      expect(await parsed.verify(signer.keyPair.publicKey)).toBe(true);
      const tampered = CoseSign1.fromCbor([parsed.protectedHeaderBytes, parsed.unprotectedHeaders, new TextEncoder().encode('This is the content!'), parsed.signature]);
      expect(await tampered.verify(signer.keyPair.publicKey)).toBe(false);
    });
  }

  it('supports detached payloads and refuses to verify without one', async () => {
    const signer = await SoftwareSigner.generate('ES256');
    const message = await CoseSign1.sign({ signer, payload, detached: true });
    expect(message.payload).toBeNull();
    expect(await message.verify(signer.keyPair.publicKey, payload)).toBe(true);
    await expect(message.verify(signer.keyPair.publicKey)).rejects.toMatchObject({ code: 'COSE_STRUCTURE_INVALID' });
  });

  it('rejects unsupported algorithms and malformed structures with stable codes', () => {
    const badAlg = CoseSign1.fromCbor([encodeCbor(new Map([[1, -8]])), new Map(), payload, new Uint8Array(64)]);
    expect(() => badAlg.algorithm).toThrow(expect.objectContaining({ code: 'COSE_ALGORITHM_UNSUPPORTED' }));
    expect(() => CoseSign1.fromCbor([new Uint8Array(0), new Map()])).toThrow(expect.objectContaining({ code: 'COSE_STRUCTURE_INVALID' }));
    expect(() => CoseSign1.fromCbor(['x', new Map(), null, new Uint8Array(0)])).toThrow(expect.objectContaining({ code: 'COSE_STRUCTURE_INVALID' }));
  });

  it('accepts the tagged form (tag 18)', async () => {
    const signer = await SoftwareSigner.generate('ES256');
    const message = await CoseSign1.sign({ signer, payload });
    const parsed = CoseSign1.fromCbor(decodeCbor(encodeCbor(new Tag(message.toCbor(), 18))));
    expect(await parsed.verify(signer.keyPair.publicKey)).toBe(true);
  });

  it('interoperates with cose-js: ours → theirs', async () => {
    const { signer, jwk } = await exportedSigner('ES256');
    const message = await CoseSign1.sign({ signer, payload });
    const tagged = Buffer.from(encodeCbor(new Tag(message.toCbor(), 18)));
    const verified = await coseJs.sign.verify(tagged, { key: { x: Buffer.from(base64UrlDecode(jwk.x!)), y: Buffer.from(base64UrlDecode(jwk.y!)) } });
    expect(Buffer.from(verified).toString()).toBe('This is the content.');
  });

  it('interoperates with cose-js: theirs → ours', async () => {
    const { signer, jwk } = await exportedSigner('ES256');
    const theirs = await coseJs.sign.create({ p: { alg: 'ES256' }, u: { kid: '11' } }, Buffer.from(payload), { key: { d: Buffer.from(base64UrlDecode(jwk.d!)) } });
    const parsed = CoseSign1.fromCbor(decodeCbor(new Uint8Array(theirs)));
    expect(await parsed.verify(signer.keyPair.publicKey)).toBe(true);
  });
});

describe('COSE_Mac0 (RFC 9052 §6.2) with HMAC 256/256', () => {
  it('creates and verifies a detached MAC; a wrong key or payload fails', async () => {
    const key = crypto.getRandomValues(new Uint8Array(32));
    const mac = await CoseMac0.create({ macKey: key, payload, detached: true });
    const parsed = CoseMac0.fromCbor(decodeCbor(encodeCbor(mac.toCbor())));
    expect(await parsed.verify(key, payload)).toBe(true);
    expect(await parsed.verify(crypto.getRandomValues(new Uint8Array(32)), payload)).toBe(false);
    expect(await parsed.verify(key, new TextEncoder().encode('other'))).toBe(false);
  });
});

describe('COSE_Key (RFC 9053 §7.1.1)', () => {
  it('round-trips JWK ↔ COSE_Key and imports for verification and ECDH', async () => {
    const pair = await crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-384' }, true, ['sign', 'verify']);
    const jwk = await crypto.subtle.exportKey('jwk', pair.publicKey);
    const coseKey: CoseKey = coseKeyFromJwk(jwk);
    expect(coseKey.get(1)).toBe(2);
    expect(coseKey.get(-1)).toBe(2);
    expect(coseKeyToJwk(decodeCbor(encodeCbor(coseKey)))).toEqual({ kty: 'EC', crv: 'P-384', x: jwk.x, y: jwk.y });
    await expect(importCoseKey(coseKey, 'verify')).resolves.toBeDefined();
    await expect(importCoseKey(coseKey, 'ecdh')).resolves.toBeDefined();
  });

  it('rejects private material, unknown curves and points off the curve', async () => {
    const withD = new Map<number, unknown>([[1, 2], [-1, 1], [-2, new Uint8Array(32)], [-3, new Uint8Array(32)], [-4, new Uint8Array(32)]]);
    expect(() => coseKeyToJwk(withD)).toThrow(expect.objectContaining({ code: 'COSE_KEY_INVALID' }));
    expect(() => coseKeyToJwk(new Map<number, unknown>([[1, 2], [-1, 9]]))).toThrow(/unsupported curve/);
    const offCurve = new Map<number, unknown>([[1, 2], [-1, 1], [-2, new Uint8Array(32).fill(1)], [-3, new Uint8Array(32).fill(2)]]);
    await expect(importCoseKey(offCurve, 'verify')).rejects.toMatchObject({ code: 'COSE_KEY_INVALID' });
  });
});

describe('base64url (RFC 4648 §5)', () => {
  const decodeWithoutNode = (text: string): Uint8Array => {
    vi.stubGlobal('Buffer', undefined);
    try {
      return base64UrlDecode(text);
    } finally {
      vi.unstubAllGlobals();
    }
  };

  it('encodes like Node, natively and in portable code', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 70_000 }), (bytes) => {
        const expected = Buffer.from(bytes).toString('base64url');
        expect(base64UrlEncode(bytes)).toBe(expected);
        vi.stubGlobal('Buffer', undefined);
        try {
          expect(base64UrlEncode(bytes)).toBe(expected);
        } finally {
          vi.unstubAllGlobals();
        }
      }),
      { numRuns: 30 },
    );
    const view = new Uint8Array([9, 1, 2, 3, 9]).subarray(1, 4);
    expect(base64UrlEncode(view)).toBe('AQID');
  });

  it('encodes standard base64 (§4, padded) like Node, natively and in portable code', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 70_000 }), (bytes) => {
        const expected = Buffer.from(bytes).toString('base64');
        expect(base64Encode(bytes)).toBe(expected);
        vi.stubGlobal('Buffer', undefined);
        try {
          expect(base64Encode(bytes)).toBe(expected);
        } finally {
          vi.unstubAllGlobals();
        }
      }),
      { numRuns: 30 },
    );
    expect(base64Encode(new Uint8Array([9, 1, 2, 3, 9]).subarray(1, 4))).toBe('AQID');
  });

  it('decodes what Node encodes, padded or not, URL-safe or standard, natively and in portable code', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), (bytes) => {
        for (const text of [Buffer.from(bytes).toString('base64url'), Buffer.from(bytes).toString('base64')]) {
          expect(base64UrlDecode(text)).toEqual(new Uint8Array(bytes));
          expect(decodeWithoutNode(text)).toEqual(new Uint8Array(bytes));
        }
      }),
    );
  });

  it('refuses characters outside the alphabet and impossible lengths instead of skipping them', () => {
    for (const text of ['ab$c', 'abcde', 'ab=c', 'a b', 'abc===', 'abcd=efg', 'abcd==efgh', 'ab\ncd', 'ab€c', '====']) {
      expect(() => base64UrlDecode(text), text).toThrow(expect.objectContaining({ code: 'COSE_KEY_INVALID' }));
      expect(() => decodeWithoutNode(text), text).toThrow(expect.objectContaining({ code: 'COSE_KEY_INVALID' }));
    }
  });
});
