import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import type { SignatureAlgorithm } from '@citizen-zero/signing';
import { SoftwareSigner } from '@citizen-zero/signing/testing';
import { StatusList, createStatusListCwt, createStatusListJwt, verifyStatusListToken, type StatusBits } from '@citizen-zero/status-list';
import { flipBit, flipBitInText } from './support';

const URI = 'https://status.citizen-zero.example/lists/property';
const issuedAt = new Date('2026-07-01T10:00:00Z');
const at = new Date('2026-07-01T10:05:00Z');

const statusesArbitrary = fc.constantFrom<StatusBits>(1, 2, 4, 8).chain((bits) =>
  fc.tuple(fc.constant(bits), fc.array(fc.integer({ min: 0, max: 2 ** bits - 1 }), { minLength: 1, maxLength: 3000 })),
);

describe('properties: statuses survive set → compress → token → verify; no token survives a flipped bit', () => {
  const signers = new Map<SignatureAlgorithm, SoftwareSigner>();
  beforeAll(async () => {
    for (const algorithm of ['ES256', 'ES384', 'ES512'] as const) signers.set(algorithm, await SoftwareSigner.generate(algorithm));
  });

  it('random statuses → StatusList → JWT or CWT → verify → the same statuses', async () => {
    await fc.assert(
      fc.asyncProperty(statusesArbitrary, fc.constantFrom('jwt', 'cwt'), fc.constantFrom<SignatureAlgorithm>('ES256', 'ES384', 'ES512'), async ([bits, statuses], format, algorithm) => {
        const signer = signers.get(algorithm)!;
        const list = StatusList.create(statuses.length, bits);
        statuses.forEach((status, index) => list.set(index, status));
        const params = { signer, statusList: list, uri: URI, issuedAt, timeToLive: 3600 };
        const token = format === 'jwt' ? await createStatusListJwt(params) : await createStatusListCwt(params);
        const verdict = await verifyStatusListToken(token, { publicKey: signer.keyPair.publicKey, expectedUri: URI, at });
        expect(verdict.errors).toEqual([]);
        expect(verdict.statusList!.bits).toBe(bits);
        expect(verdict.statusList!.statuses().slice(0, statuses.length)).toEqual(statuses);
        expect(verdict.statusList!.statuses().slice(statuses.length).every((status) => status === 0)).toBe(true);
      }),
      { numRuns: 60 },
    );
  });

  it('any single flipped bit of a JWT or CWT Status List Token makes it fail verification, with no list reported', async () => {
    const signer = signers.get('ES256')!;
    const list = StatusList.fromStatuses([1, 0, 2, 3, 0, 0, 1, 2, 3, 1], 2);
    const params = { signer, statusList: list, uri: URI, issuedAt, timeToLive: 3600, kid: 'k-1' };
    const jwt = await createStatusListJwt(params);
    const cwt = await createStatusListCwt(params);
    const options = { publicKey: signer.keyPair.publicKey, expectedUri: URI, at };
    expect((await verifyStatusListToken(jwt, options)).valid).toBe(true);
    expect((await verifyStatusListToken(cwt, options)).valid).toBe(true);
    await fc.assert(
      fc.asyncProperty(fc.nat(jwt.length * 8 - 1), async (bit) => {
        const verdict = await verifyStatusListToken(flipBitInText(jwt, bit), options);
        expect(verdict.valid).toBe(false);
        expect(verdict.statusList).toBeUndefined();
      }),
      { numRuns: 400 },
    );
    await fc.assert(
      fc.asyncProperty(fc.nat(cwt.length * 8 - 1), async (bit) => {
        const verdict = await verifyStatusListToken(flipBit(cwt, bit), options);
        expect(verdict.valid).toBe(false);
        expect(verdict.statusList).toBeUndefined();
      }),
      { numRuns: 400 },
    );
  });

  it('every bit of a short JWT and CWT, exhaustively', async () => {
    const signer = signers.get('ES256')!;
    const params = { signer, statusList: StatusList.fromStatuses([1, 0, 1]), uri: URI, issuedAt };
    const jwt = await createStatusListJwt(params);
    const cwt = await createStatusListCwt(params);
    const options = { publicKey: signer.keyPair.publicKey, expectedUri: URI, at };
    const accepted: string[] = [];
    for (let bit = 0; bit < jwt.length * 8; bit++) if ((await verifyStatusListToken(flipBitInText(jwt, bit), options)).valid) accepted.push(`jwt bit ${bit}`);
    for (let bit = 0; bit < cwt.length * 8; bit++) if ((await verifyStatusListToken(flipBit(cwt, bit), options)).valid) accepted.push(`cwt bit ${bit}`);
    expect(accepted).toEqual([]);
  });
});
