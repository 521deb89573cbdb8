import { beforeAll, describe, expect, it } from 'vitest';
import { CoseSign1, Tag, decodeCbor, encodeCbor, isTag, sigStructure } from '@citizen-zero/mdoc';
import { createCrl } from '@citizen-zero/pki';
import { signatureAlgorithmInfo, type SignatureAlgorithm, type Signer } from '@citizen-zero/signing';
import { SoftwareSigner } from '@citizen-zero/signing/testing';
import {
  STATUS_LIST_CWT_MEDIA_TYPE,
  StatusList,
  StatusType,
  createStatusListCwt,
  createStatusListJwt,
  verifyStatusListToken,
  type IssueStatusListTokenParams,
  type StatusListTokenFormat,
  type VerifyStatusListTokenOptions,
} from '@citizen-zero/status-list';
import { EXAMPLE_1BIT, EXAMPLE_EXP, EXAMPLE_IAT, EXAMPLE_PUBLIC_JWK, EXAMPLE_STATUS_LIST_CWT, EXAMPLE_STATUS_LIST_JWT, EXAMPLE_URI } from './fixtures/draft-examples';
import { DAY, createTestPki, unhex, type TestPki } from './support';

const URI = 'https://status.citizen-zero.example/lists/7';
const issuedAt = new Date('2026-07-01T10:00:00Z');
const expiresAt = new Date('2026-07-02T10:00:00Z');
const inside = new Date('2026-07-01T11:00:00Z');
const codes = (verdict: { errors: readonly { code: string }[] }) => verdict.errors.map((problem) => problem.code);
const issue = (format: StatusListTokenFormat, params: IssueStatusListTokenParams) => (format === 'jwt' ? createStatusListJwt(params) : createStatusListCwt(params));
const b64json = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

function sampleList(): StatusList {
  const list = StatusList.create(1000, 2);
  list.set(3, StatusType.INVALID);
  list.set(999, StatusType.SUSPENDED);
  return list;
}

describe('the draft’s own signed examples verify (draft example key, kid "12")', () => {
  const options = { publicKey: EXAMPLE_PUBLIC_JWK, expectedUri: EXAMPLE_URI } as const;

  for (const [format, token] of [
    ['JWT (§8.2)', EXAMPLE_STATUS_LIST_JWT],
    ['CWT (§5.2)', unhex(EXAMPLE_STATUS_LIST_CWT)],
  ] as const) {
    it(`${format}: valid within ttl, with the §4.1 list and the draft's claims`, async () => {
      const verdict = await verifyStatusListToken(token, { ...options, at: new Date((EXAMPLE_IAT + 3600) * 1000) });
      expect(verdict.errors).toEqual([]);
      expect(verdict.valid).toBe(true);
      expect(verdict.stale).toBe(false);
      expect(verdict.signature).toMatchObject({ verified: true, algorithm: 'ES256' });
      expect(verdict.statusList?.statuses()).toEqual(EXAMPLE_1BIT.statuses);
      expect(verdict.claims).toMatchObject({ subject: EXAMPLE_URI, issuedAt: new Date(EXAMPLE_IAT * 1000), expiresAt: new Date(EXAMPLE_EXP * 1000), timeToLive: 43200 });
      expect(verdict.refreshAfter).toEqual(new Date((EXAMPLE_IAT + 43200) * 1000));
    });

    it(`${format}: stale past iat + ttl (a warning), and expired past exp (an error) — the list is still reported`, async () => {
      const afterTtl = await verifyStatusListToken(token, { ...options, at: new Date((EXAMPLE_IAT + 43201) * 1000) });
      expect(afterTtl).toMatchObject({ valid: true, stale: true });
      expect(afterTtl.warnings.map((problem) => problem.code)).toEqual(['STATUS_LIST_TTL_ELAPSED']);
      const strict = await verifyStatusListToken(token, { ...options, at: new Date((EXAMPLE_IAT + 43201) * 1000), ttlElapsed: 'error' });
      expect(strict).toMatchObject({ valid: false, stale: true });
      expect(codes(strict)).toEqual(['STATUS_LIST_TTL_ELAPSED']);
      const fetchedLater = await verifyStatusListToken(token, { ...options, at: new Date((EXAMPLE_IAT + 43201) * 1000), resolvedAt: new Date((EXAMPLE_IAT + 3600) * 1000) });
      expect(fetchedLater).toMatchObject({ valid: true, stale: false });
      const expired = await verifyStatusListToken(token, { ...options, at: new Date(EXAMPLE_EXP * 1000) });
      expect(expired).toMatchObject({ valid: false, stale: true });
      expect(codes(expired)).toEqual(['STATUS_LIST_EXPIRED']);
      expect(expired.statusList?.statuses()).toEqual(EXAMPLE_1BIT.statuses);
    });

    it(`${format}: another list's URI, a time before iat, or another key are refused and no list is reported`, async () => {
      const at = new Date((EXAMPLE_IAT + 60) * 1000);
      const otherUri = await verifyStatusListToken(token, { ...options, expectedUri: 'https://example.com/statuslists/2', at });
      expect(codes(otherUri)).toEqual(['STATUS_LIST_URI_MISMATCH']);
      expect(otherUri.statusList).toBeUndefined();
      const early = await verifyStatusListToken(token, { ...options, at: new Date((EXAMPLE_IAT - 60) * 1000) });
      expect(codes(early)).toEqual(['STATUS_LIST_NOT_YET_VALID']);
      expect((await verifyStatusListToken(token, { ...options, at: new Date((EXAMPLE_IAT - 60) * 1000), clockToleranceSeconds: 120 })).valid).toBe(true);
      const otherKey = await SoftwareSigner.generate('ES256');
      const wrong = await verifyStatusListToken(token, { publicKey: otherKey.keyPair.publicKey, expectedUri: EXAMPLE_URI, at });
      expect(codes(wrong)).toEqual(['STATUS_LIST_SIGNATURE_INVALID']);
      expect(wrong.statusList).toBeUndefined();
      expect(wrong.claims).toBeUndefined();
    });
  }
});

describe.each(['jwt', 'cwt'] as const)('Status List Token in %s format', (format) => {
  for (const algorithm of ['ES256', 'ES384', 'ES512'] as const) {
    it(`is signed through the Signer port with ${algorithm} and verifies`, async () => {
      const signer = await SoftwareSigner.generate(algorithm);
      const statusList = sampleList();
      const token = await issue(format, { signer, statusList, uri: URI, issuedAt, expiresAt, timeToLive: 3600, kid: 'status-2026' });
      expect(typeof token === 'string').toBe(format === 'jwt');
      const verdict = await verifyStatusListToken(token, { publicKey: signer.keyPair.publicKey, expectedUri: URI, at: inside });
      expect(verdict.errors).toEqual([]);
      expect(verdict).toMatchObject({ valid: true, stale: false, format, signature: { verified: true, algorithm } });
      expect(verdict.statusList?.equals(statusList)).toBe(true);
      expect(verdict.claims).toEqual({ subject: URI, issuedAt, expiresAt, timeToLive: 3600 });
      expect(verdict.refreshAfter).toEqual(new Date(issuedAt.getTime() + 3600_000));
      const spki = await signer.publicKeySpki();
      expect((await verifyStatusListToken(token, { publicKey: spki, expectedUri: URI, at: inside })).valid).toBe(true);
      const jwk = await crypto.subtle.exportKey('jwk', signer.keyPair.publicKey);
      expect((await verifyStatusListToken(token, { publicKey: jwk, expectedUri: URI, at: inside })).valid).toBe(true);
    });
  }

  it('refuses a key on another curve, an algorithm outside the allowed set, and the other format', async () => {
    const signer = await SoftwareSigner.generate('ES256');
    const token = await issue(format, { signer, statusList: sampleList(), uri: URI, issuedAt });
    const p384 = await SoftwareSigner.generate('ES384');
    expect(codes(await verifyStatusListToken(token, { publicKey: p384.keyPair.publicKey, expectedUri: URI, at: inside }))).toEqual(['STATUS_LIST_SIGNATURE_INVALID']);
    expect(codes(await verifyStatusListToken(token, { publicKey: await p384.publicKeySpki(), expectedUri: URI, at: inside }))).toEqual(['STATUS_LIST_SIGNATURE_INVALID']);
    expect(codes(await verifyStatusListToken(token, { publicKey: signer.keyPair.publicKey, expectedUri: URI, at: inside, algorithms: ['ES384'] }))).toEqual(['STATUS_LIST_ALGORITHM_UNSUPPORTED']);
    expect(codes(await verifyStatusListToken(token, { publicKey: signer.keyPair.publicKey, expectedUri: URI, at: inside, format: format === 'jwt' ? 'cwt' : 'jwt' }))).toEqual(['STATUS_LIST_TYPE_INVALID']);
    const withPrivate = await crypto.subtle.exportKey('jwk', (await SoftwareSigner.generate('ES256', 'x', true)).keyPair.privateKey);
    expect(codes(await verifyStatusListToken(token, { publicKey: withPrivate, expectedUri: URI, at: inside }))).toEqual(['STATUS_LIST_SIGNATURE_INVALID']);
  });

  it('finds the key by kid through a resolver, and says so when it has none', async () => {
    const signer = await SoftwareSigner.generate('ES256');
    const token = await issue(format, { signer, statusList: sampleList(), uri: URI, issuedAt, kid: 'status-2026' });
    const seen: unknown[] = [];
    const verdict = await verifyStatusListToken(token, {
      expectedUri: URI,
      at: inside,
      resolveKey: async (hint) => {
        seen.push(hint.kid);
        return signer.keyPair.publicKey;
      },
    });
    expect(verdict.valid).toBe(true);
    expect(seen).toEqual([format === 'jwt' ? 'status-2026' : new Uint8Array(new TextEncoder().encode('status-2026'))]);
    expect(codes(await verifyStatusListToken(token, { expectedUri: URI, at: inside, resolveKey: async () => undefined }))).toEqual(['STATUS_LIST_KEY_MISSING']);
  });

  it('bounds the decompressed list (§11.1) even when the signature is good', async () => {
    const signer = await SoftwareSigner.generate('ES256');
    const token = await issue(format, { signer, statusList: StatusList.create(8 * 100_000, 1), uri: URI, issuedAt });
    const verdict = await verifyStatusListToken(token, { publicKey: signer.keyPair.publicKey, expectedUri: URI, at: inside, maxStatusListBytes: 50_000 });
    expect(codes(verdict)).toEqual(['STATUS_LIST_TOO_LARGE']);
    expect(verdict.statusList).toBeUndefined();
  });

  it('checks what it is asked to issue', async () => {
    const signer = await SoftwareSigner.generate('ES256');
    const base = { signer, statusList: sampleList(), uri: URI, issuedAt };
    const refused = { code: 'STATUS_LIST_ISSUANCE_INVALID' };
    await expect(issue(format, { ...base, uri: '/lists/7' })).rejects.toMatchObject(refused);
    await expect(issue(format, { ...base, expiresAt: issuedAt })).rejects.toMatchObject(refused);
    await expect(issue(format, { ...base, timeToLive: 0 })).rejects.toMatchObject(refused);
    await expect(issue(format, { ...base, timeToLive: 1.5 })).rejects.toMatchObject(refused);
    await expect(issue(format, { ...base, issuedAt: new Date(Number.NaN) })).rejects.toMatchObject(refused);
    const derSigner: Signer = { ...signer, algorithm: 'ES256', keyId: 'der', publicKeySpki: () => signer.publicKeySpki(), sign: async () => new Uint8Array(71) };
    await expect(issue(format, { ...base, signer: derSigner })).rejects.toMatchObject(refused);
  });
});

describe('keys from certificates (§11.3): x5c / x5chain validated with @citizen-zero/pki', () => {
  let pki: TestPki;
  beforeAll(async () => {
    pki = await createTestPki('ES256');
  });
  const at = () => new Date(Date.now() + 60_000);

  for (const format of ['jwt', 'cwt'] as const) {
    it(`${format}: a chain to a trusted IACA verifies; another IACA, no chain or a revoked certificate do not`, async () => {
      const token = await issue(format, { signer: pki.signer, statusList: sampleList(), uri: URI, expiresAt: new Date(Date.now() + DAY), certificateChain: [pki.certificateDer] });
      const verdict = await verifyStatusListToken(token, { trustAnchors: [pki.iacaDer], expectedUri: URI, at: at() });
      expect(verdict.errors).toEqual([]);
      expect(verdict.signature.certificate?.subject).toContain('Citizen Zero Test Status Issuer');
      expect(verdict.signature.certificatePath?.valid).toBe(true);

      const stranger = await createTestPki('ES256');
      const untrusted = await verifyStatusListToken(token, { trustAnchors: [stranger.iacaDer], expectedUri: URI, at: at() });
      expect(codes(untrusted)).toContain('STATUS_LIST_CERTIFICATE_INVALID');
      expect(untrusted.errors[0]?.message).toMatch(/CERT_CHAIN_UNTRUSTED/);
      expect(untrusted.statusList).toBeUndefined();

      const bare = await issue(format, { signer: pki.signer, statusList: sampleList(), uri: URI });
      expect(codes(await verifyStatusListToken(bare, { trustAnchors: [pki.iacaDer], expectedUri: URI, at: at() }))).toEqual(['STATUS_LIST_KEY_MISSING']);

      const crl = await createCrl({
        iacaSigner: pki.iacaSigner,
        iacaCertificate: pki.iaca,
        thisUpdate: new Date(Date.now() - 60_000),
        nextUpdate: new Date(Date.now() + DAY),
        revoked: [{ serialNumber: pki.certificate.serialNumber, revocationDate: new Date(Date.now() - 30_000), reason: 'keyCompromise' }],
      });
      const revoked = await verifyStatusListToken(token, { trustAnchors: [pki.iacaDer], crls: [new Uint8Array(crl.rawData)], expectedUri: URI, at: at() });
      expect(codes(revoked)).toEqual(['STATUS_LIST_CERTIFICATE_INVALID']);
      expect(revoked.errors[0]?.message).toMatch(/CERT_REVOKED/);
      expect(revoked.statusList).toBeUndefined();
    });
  }

  it('refuses to issue with a Signer that does not hold the certificate’s key', async () => {
    const other = await SoftwareSigner.generate('ES256');
    await expect(createStatusListJwt({ signer: other, statusList: sampleList(), uri: URI, certificateChain: [pki.certificateDer] })).rejects.toMatchObject({ code: 'STATUS_LIST_ISSUANCE_INVALID' });
    await expect(createStatusListCwt({ signer: other, statusList: sampleList(), uri: URI, certificateChain: [pki.certificateDer] })).rejects.toMatchObject({ code: 'STATUS_LIST_ISSUANCE_INVALID' });
  });
});

describe('JWT structure (§5.1)', () => {
  let signer: SoftwareSigner;
  const options = (): VerifyStatusListTokenOptions => ({ publicKey: signer.keyPair.publicKey, expectedUri: URI, at: inside });
  beforeAll(async () => {
    signer = await SoftwareSigner.generate('ES256');
  });

  /** A JWS over arbitrary header and claims, signed with the test key. */
  async function jws(header: Record<string, unknown>, claims: unknown): Promise<string> {
    const input = `${b64json(header)}.${typeof claims === 'string' ? Buffer.from(claims).toString('base64url') : b64json(claims)}`;
    return `${input}.${Buffer.from(await signer.sign(new TextEncoder().encode(input))).toString('base64url')}`;
  }
  const claims = { sub: URI, iat: issuedAt.getTime() / 1000, status_list: { bits: 1, lst: EXAMPLE_1BIT.lst } };

  it('has header { alg, typ: "statuslist+jwt", kid, x5c } and claims { sub, iat, exp, ttl, iss, status_list }', async () => {
    const pki = await createTestPki('ES256');
    const token = await createStatusListJwt({ signer: pki.signer, statusList: StatusList.fromStatuses(EXAMPLE_1BIT.statuses), uri: URI, issuedAt, expiresAt, timeToLive: 600, issuer: 'https://status.citizen-zero.example', kid: 'k1', certificateChain: [pki.certificateDer] });
    const [header, payload] = token.split('.').slice(0, 2).map((part) => JSON.parse(Buffer.from(part, 'base64url').toString('utf8')));
    expect(header).toEqual({ alg: 'ES256', typ: 'statuslist+jwt', kid: 'k1', x5c: [Buffer.from(pki.certificateDer).toString('base64')] });
    expect(payload).toEqual({ sub: URI, iat: issuedAt.getTime() / 1000, exp: expiresAt.getTime() / 1000, ttl: 600, iss: 'https://status.citizen-zero.example', status_list: { bits: 1, lst: EXAMPLE_1BIT.lst } });
  });

  it('accepts typ "application/statuslist+jwt" (RFC 7515 §4.1.9) and extra claims', async () => {
    expect((await verifyStatusListToken(await jws({ alg: 'ES256', typ: 'application/statuslist+jwt' }, { ...claims, jti: 'x' }), options())).valid).toBe(true);
  });

  it('refuses wrong types, MAC and "none", crit, and malformed parts with stable codes', async () => {
    const unsignedNone = `${b64json({ alg: 'none', typ: 'statuslist+jwt' })}.${b64json(claims)}.`;
    const cases: Array<[string, string | Promise<string>]> = [
      ['STATUS_LIST_TYPE_INVALID', jws({ alg: 'ES256', typ: 'JWT' }, claims)],
      ['STATUS_LIST_TYPE_INVALID', jws({ alg: 'ES256' }, claims)],
      ['STATUS_LIST_ALGORITHM_UNSUPPORTED', unsignedNone],
      ['STATUS_LIST_ALGORITHM_UNSUPPORTED', jws({ alg: 'HS256', typ: 'statuslist+jwt' }, claims)],
      ['STATUS_LIST_ALGORITHM_UNSUPPORTED', jws({ alg: 'RS256', typ: 'statuslist+jwt' }, claims)],
      ['STATUS_LIST_MALFORMED', jws({ alg: 'ES256', typ: 'statuslist+jwt', crit: ['exp'] }, claims)],
      ['STATUS_LIST_MALFORMED', jws({ alg: 'ES256', typ: 'statuslist+jwt' }, 'not json')],
      ['STATUS_LIST_MALFORMED', jws({ alg: 'ES256', typ: 'statuslist+jwt' }, [claims])],
      ['STATUS_LIST_MALFORMED', jws({ alg: 'ES256', typ: 'statuslist+jwt' }, { ...claims, sub: 'lists/7' })],
      ['STATUS_LIST_MALFORMED', jws({ alg: 'ES256', typ: 'statuslist+jwt' }, { ...claims, iat: '2026-07-01' })],
      ['STATUS_LIST_MALFORMED', jws({ alg: 'ES256', typ: 'statuslist+jwt' }, { ...claims, iat: undefined })],
      ['STATUS_LIST_MALFORMED', jws({ alg: 'ES256', typ: 'statuslist+jwt' }, { ...claims, ttl: -5 })],
      ['STATUS_LIST_MALFORMED', jws({ alg: 'ES256', typ: 'statuslist+jwt' }, { ...claims, status_list: undefined })],
      ['STATUS_LIST_BITS_INVALID', jws({ alg: 'ES256', typ: 'statuslist+jwt' }, { ...claims, status_list: { bits: 16, lst: EXAMPLE_1BIT.lst } })],
      ['STATUS_LIST_MALFORMED', jws({ alg: 'ES256', typ: 'statuslist+jwt', x5c: 'not-an-array' }, claims)],
      ['STATUS_LIST_MALFORMED', 'a.b'],
      ['STATUS_LIST_MALFORMED', 'a.b.c.d'],
      ['STATUS_LIST_MALFORMED', '..'],
    ];
    for (const [expected, token] of cases) {
      const verdict = await verifyStatusListToken(await token, options());
      expect(codes(verdict), `${expected}: ${await token}`).toEqual([expected]);
      expect(verdict.statusList).toBeUndefined();
    }
  });

  it('checks nbf (RFC 7519 §4.1.5)', async () => {
    const token = await jws({ alg: 'ES256', typ: 'statuslist+jwt' }, { ...claims, nbf: inside.getTime() / 1000 + 60 });
    expect(codes(await verifyStatusListToken(token, options()))).toEqual(['STATUS_LIST_NOT_YET_VALID']);
  });
});

describe('CWT structure (§5.2)', () => {
  let signer: SoftwareSigner;
  beforeAll(async () => {
    signer = await SoftwareSigner.generate('ES256');
  });
  const options = (): VerifyStatusListTokenOptions => ({ publicKey: signer.keyPair.publicKey, expectedUri: URI, at: inside });

  /** A COSE_Sign1 over arbitrary headers and claims, signed with the test key. */
  async function sign1(protectedHeaders: Map<number, unknown>, claims: unknown, wrap: (message: unknown[]) => unknown = (message) => new Tag(message, 18), algorithm: SignatureAlgorithm = 'ES256'): Promise<Uint8Array> {
    const protectedBytes = encodeCbor(protectedHeaders);
    const payload = encodeCbor(claims);
    const key = algorithm === 'ES256' ? signer : await SoftwareSigner.generate(algorithm);
    const signature = await key.sign(sigStructure(protectedBytes, new Uint8Array(0), payload));
    return encodeCbor(wrap([protectedBytes, new Map(), payload, signature]));
  }
  const header = () => new Map<number, unknown>([[1, -7], [16, STATUS_LIST_CWT_MEDIA_TYPE]]);
  const claims = () => new Map<number, unknown>([[2, URI], [6, issuedAt.getTime() / 1000], [65533, new Map<string, unknown>([['bits', 1], ['lst', unhex(EXAMPLE_1BIT.compressed)]])]]);

  it('is COSE_Sign1_Tagged with protected { 1: alg, 16: type, 4: kid, 33: x5chain } and claims { 2, 6, 4, 65534, 1, 65533 }', async () => {
    const pki = await createTestPki('ES384');
    const token = await createStatusListCwt({ signer: pki.signer, statusList: StatusList.fromStatuses(EXAMPLE_1BIT.statuses), uri: URI, issuedAt, expiresAt, timeToLive: 600, issuer: 'https://status.citizen-zero.example', kid: 'k1', certificateChain: [pki.certificateDer] });
    const decoded = decodeCbor(token);
    expect(isTag(decoded, 18)).toBe(true);
    const message = CoseSign1.fromCbor(decoded);
    expect([...message.protectedHeaders]).toEqual([
      [1, signatureAlgorithmInfo('ES384').coseAlgorithm],
      [16, 'application/statuslist+cwt'],
      [4, new Uint8Array(Buffer.from('k1'))],
      [33, new Uint8Array(pki.certificateDer)],
    ]);
    expect(message.unprotectedHeaders.size).toBe(0);
    const payload = decodeCbor(message.payload!) as Map<number, unknown>;
    expect([...payload.keys()]).toEqual([2, 6, 4, 65534, 1, 65533]);
    expect(payload.get(65534)).toBe(600);
    const statusList = payload.get(65533) as Map<string, unknown>;
    expect(statusList.get('bits')).toBe(1);
    expect(new Uint8Array(statusList.get('lst') as Uint8Array)).toEqual(unhex(EXAMPLE_1BIT.compressed));
  });

  it('accepts a kid and an x5chain in the unprotected header, as the draft’s example carries its kid', async () => {
    const protectedBytes = encodeCbor(header());
    const payload = encodeCbor(claims());
    const signature = await signer.sign(sigStructure(protectedBytes, new Uint8Array(0), payload));
    const token = encodeCbor(new Tag([protectedBytes, new Map([[4, new Uint8Array([0x31, 0x32])]]), payload, signature], 18));
    const verdict = await verifyStatusListToken(token, options());
    expect(verdict.valid).toBe(true);
    expect(verdict.signature.kid).toEqual(new Uint8Array([0x31, 0x32]));
  });

  it('refuses the wrong tags, type, algorithm, crit and claims with stable codes', async () => {
    const withType = (type: unknown) => new Map<number, unknown>([[1, -7], [16, type]]);
    const cases: Array<[string, Promise<Uint8Array> | Uint8Array]> = [
      ['STATUS_LIST_MALFORMED', sign1(header(), claims(), (message) => message)],
      ['STATUS_LIST_MALFORMED', sign1(header(), claims(), (message) => new Tag(new Tag(message, 18), 61))],
      ['STATUS_LIST_MALFORMED', sign1(header(), claims(), (message) => new Tag(message, 17))],
      ['STATUS_LIST_TYPE_INVALID', sign1(new Map([[1, -7]]), claims())],
      ['STATUS_LIST_TYPE_INVALID', sign1(withType('application/cwt'), claims())],
      ['STATUS_LIST_TYPE_INVALID', sign1(withType('statuslist+cwt'), claims())],
      ['STATUS_LIST_ALGORITHM_UNSUPPORTED', sign1(new Map<number, unknown>([[1, 5], [16, STATUS_LIST_CWT_MEDIA_TYPE]]), claims())],
      ['STATUS_LIST_ALGORITHM_UNSUPPORTED', sign1(new Map<number, unknown>([[1, -8], [16, STATUS_LIST_CWT_MEDIA_TYPE]]), claims())],
      ['STATUS_LIST_MALFORMED', sign1(new Map<number, unknown>([[1, -7], [16, STATUS_LIST_CWT_MEDIA_TYPE], [2, [4]]]), claims())],
      ['STATUS_LIST_MALFORMED', sign1(header(), [URI])],
      ['STATUS_LIST_MALFORMED', sign1(header(), new Map([...claims(), [2, 'lists/7']]))],
      ['STATUS_LIST_MALFORMED', sign1(header(), new Map([...claims(), [6, new Date()]]))],
      ['STATUS_LIST_MALFORMED', sign1(header(), new Map([...claims(), [65534, 0]]))],
      ['STATUS_LIST_MALFORMED', sign1(header(), new Map([...claims(), [65533, 'eNrbuRgAAhcBXQ']]))],
      ['STATUS_LIST_MALFORMED', sign1(header(), new Map([...claims()].filter(([key]) => key !== 6)))],
      ['STATUS_LIST_MALFORMED', new Uint8Array([0xd2, 0x84])],
      ['STATUS_LIST_MALFORMED', new Uint8Array(0)],
    ];
    for (const [expected, token] of cases) {
      const verdict = await verifyStatusListToken(await token, options());
      expect(codes(verdict), expected).toEqual([expected]);
      expect(verdict.statusList).toBeUndefined();
    }
    const good = await sign1(header(), claims());
    expect((await verifyStatusListToken(good, options())).valid).toBe(true);
    const trailing = new Uint8Array([...good, 0x00]);
    expect(codes(await verifyStatusListToken(trailing, options()))).toEqual(['STATUS_LIST_MALFORMED']);
  });

  it('parses the draft example with the CWT claim labels of §5.2', async () => {
    const message = CoseSign1.fromCbor(decodeCbor(unhex(EXAMPLE_STATUS_LIST_CWT)));
    expect(message.protectedHeaders.get(16)).toBe(STATUS_LIST_CWT_MEDIA_TYPE);
    expect([...(decodeCbor(message.payload!) as Map<number, unknown>).keys()]).toEqual([2, 6, 4, 65534, 65533]);
  });
});
