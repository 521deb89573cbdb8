import { SignJWT, decodeProtectedHeader, exportJWK, importJWK, jwtVerify } from 'jose';
import { describe, expect, it } from 'vitest';
import { SoftwareSigner } from '@citizen-zero/signing/testing';
import { StatusList, StatusType, createStatusListJwt, decodeStatusListJson, encodeStatusListJson, verifyStatusListToken } from '@citizen-zero/status-list';

/**
 * jose (panva/jose) as an independent JWS/JWT implementation: Status List JWTs made here must
 * verify there, and JWTs that jose signs must verify here (§5.1).
 */
const URI = 'https://status.citizen-zero.example/lists/interop';
const issuedAt = new Date('2026-07-01T10:00:00Z');
const expiresAt = new Date('2026-07-08T10:00:00Z');
const at = new Date('2026-07-01T10:05:00Z');

function sampleList(): StatusList {
  const list = StatusList.create(4096, 2);
  for (const index of [0, 17, 1000, 4095]) list.set(index, StatusType.INVALID);
  list.set(2048, StatusType.SUSPENDED);
  return list;
}

describe.each(['ES256', 'ES384', 'ES512'] as const)('jose interop (%s)', (algorithm) => {
  it('ours → jose: jwtVerify accepts the token, its typ and subject, and reads the same list', async () => {
    const signer = await SoftwareSigner.generate(algorithm);
    const statusList = sampleList();
    const token = await createStatusListJwt({ signer, statusList, uri: URI, issuedAt, expiresAt, timeToLive: 900, kid: 'status-key-1' });
    const { payload, protectedHeader } = await jwtVerify(token, signer.keyPair.publicKey, { typ: 'statuslist+jwt', subject: URI, algorithms: [algorithm], currentDate: at });
    expect(protectedHeader).toEqual({ alg: algorithm, typ: 'statuslist+jwt', kid: 'status-key-1' });
    expect(payload).toMatchObject({ sub: URI, iat: issuedAt.getTime() / 1000, exp: expiresAt.getTime() / 1000, ttl: 900 });
    expect(decodeStatusListJson(payload['status_list']).statusList.equals(statusList)).toBe(true);
    // jose applies exp too.
    await expect(jwtVerify(token, signer.keyPair.publicKey, { currentDate: new Date(expiresAt.getTime() + 1000) })).rejects.toMatchObject({ code: 'ERR_JWT_EXPIRED' });
  });

  it('jose → ours: a Status List JWT signed by SignJWT verifies, with a CryptoKey or an exported JWK', async () => {
    const signer = await SoftwareSigner.generate(algorithm, 'jose-peer');
    const statusList = sampleList();
    const token = await new SignJWT({ status_list: encodeStatusListJson(statusList), ttl: 900 })
      .setProtectedHeader({ alg: algorithm, typ: 'statuslist+jwt', kid: 'jose-1' })
      .setSubject(URI)
      .setIssuedAt(issuedAt)
      .setExpirationTime(expiresAt)
      .sign(signer.keyPair.privateKey);
    expect(decodeProtectedHeader(token).typ).toBe('statuslist+jwt');
    const verdict = await verifyStatusListToken(token, { publicKey: signer.keyPair.publicKey, expectedUri: URI, at });
    expect(verdict.errors).toEqual([]);
    expect(verdict).toMatchObject({ valid: true, stale: false, signature: { verified: true, algorithm, kid: 'jose-1' } });
    expect(verdict.statusList?.equals(statusList)).toBe(true);
    expect(verdict.claims).toEqual({ subject: URI, issuedAt, expiresAt, timeToLive: 900 });
    const jwk = await exportJWK(signer.keyPair.publicKey);
    expect((await verifyStatusListToken(token, { publicKey: jwk, expectedUri: URI, at })).valid).toBe(true);
    expect((await verifyStatusListToken(token, { publicKey: (await importJWK(jwk, algorithm)) as CryptoKey, expectedUri: URI, at })).valid).toBe(true);
  });

  it('jose → ours: a JWT of another typ, or signed with another key, is refused', async () => {
    const signer = await SoftwareSigner.generate(algorithm);
    const other = await SoftwareSigner.generate(algorithm);
    const claims = { status_list: encodeStatusListJson(sampleList()) };
    const plainJwt = await new SignJWT(claims).setProtectedHeader({ alg: algorithm, typ: 'JWT' }).setSubject(URI).setIssuedAt(issuedAt).sign(signer.keyPair.privateKey);
    expect((await verifyStatusListToken(plainJwt, { publicKey: signer.keyPair.publicKey, expectedUri: URI, at })).errors.map((problem) => problem.code)).toEqual(['STATUS_LIST_TYPE_INVALID']);
    const otherKey = await new SignJWT(claims).setProtectedHeader({ alg: algorithm, typ: 'statuslist+jwt' }).setSubject(URI).setIssuedAt(issuedAt).sign(other.keyPair.privateKey);
    expect((await verifyStatusListToken(otherKey, { publicKey: signer.keyPair.publicKey, expectedUri: URI, at })).errors.map((problem) => problem.code)).toEqual(['STATUS_LIST_SIGNATURE_INVALID']);
  });
});
