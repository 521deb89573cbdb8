import { describe, expect, it } from 'vitest';
import { CoseSign1, decodeCbor, encodeCbor } from '@citizen-zero/mdoc';
import { SoftwareSigner } from '@citizen-zero/signing/testing';
import {
  CwtClaim,
  StatusList,
  StatusType,
  checkReferencedTokenStatus,
  createStatusClaim,
  createStatusClaimCbor,
  createStatusListCwt,
  createStatusListJwt,
  parseStatusClaim,
  parseStatusClaimCbor,
  statusOf,
  statusReferenceFromCwtClaims,
  statusReferenceFromJwtClaims,
  verifyStatusListToken,
} from '@citizen-zero/status-list';
import { EXAMPLE_PUBLIC_JWK, EXAMPLE_REFERENCED_TOKEN_CWT, EXAMPLE_URI } from './fixtures/draft-examples';
import { hex, unhex } from './support';

const code = (code: string) => expect.objectContaining({ code });

describe('the status claim of a Referenced Token (§6)', () => {
  it('JSON (§6.2): builds and reads { status_list: { idx, uri } }', () => {
    const claim = createStatusClaim({ idx: 42, uri: EXAMPLE_URI });
    expect(claim).toEqual({ status_list: { idx: 42, uri: EXAMPLE_URI } });
    const claims = JSON.parse(JSON.stringify({ iss: 'https://issuer.example', status: claim }));
    expect(statusReferenceFromJwtClaims(claims)).toEqual({ idx: 42, uri: EXAMPLE_URI });
    expect(parseStatusClaim({ status_list: { idx: 0, uri: EXAMPLE_URI, extra: true }, other_mechanism: {} })).toEqual({ idx: 0, uri: EXAMPLE_URI });
  });

  it('CBOR (§6.3): text keys only, byte for byte the Status structure of the draft’s Referenced Token example', () => {
    const cbor = encodeCbor(createStatusClaimCbor({ idx: 0, uri: EXAMPLE_URI }));
    expect(hex(cbor)).toBe('a16b7374617475735f6c697374a2636964780063757269782168747470733a2f2f6578616d706c652e636f6d2f7374617475736c697374732f31');
    expect(parseStatusClaimCbor(decodeCbor(cbor))).toEqual({ idx: 0, uri: EXAMPLE_URI });
  });

  it('reads claim 65535 of the draft’s Referenced Token CWT (§6.3), whose signature verifies with the draft’s example key', async () => {
    const message = CoseSign1.fromCbor(decodeCbor(unhex(EXAMPLE_REFERENCED_TOKEN_CWT)));
    const key = await crypto.subtle.importKey('jwk', EXAMPLE_PUBLIC_JWK, { name: 'ECDSA', namedCurve: 'P-256' }, false, ['verify']);
    expect(await message.verify(key)).toBe(true);
    const claims = decodeCbor(message.payload!) as Map<number, unknown>;
    expect(CwtClaim.status).toBe(65535);
    expect(statusReferenceFromCwtClaims(claims)).toEqual({ idx: 0, uri: EXAMPLE_URI });
  });

  it('refuses malformed references with STATUS_REFERENCE_MALFORMED', () => {
    const bad: unknown[] = [
      undefined,
      null,
      [],
      {},
      { status_list: [] },
      { status_list: { idx: -1, uri: EXAMPLE_URI } },
      { status_list: { idx: 1.5, uri: EXAMPLE_URI } },
      { status_list: { idx: '1', uri: EXAMPLE_URI } },
      { status_list: { idx: 1 } },
      { status_list: { idx: 1, uri: 'statuslists/1' } },
      { status_list: { idx: 1, uri: ' https://example.com/statuslists/1' } },
    ];
    for (const status of bad) expect(() => parseStatusClaim(status), JSON.stringify(status)).toThrow(code('STATUS_REFERENCE_MALFORMED'));
    expect(() => statusReferenceFromJwtClaims({ iss: 'x' })).toThrow(code('STATUS_REFERENCE_MALFORMED'));
    expect(() => statusReferenceFromCwtClaims(new Map())).toThrow(code('STATUS_REFERENCE_MALFORMED'));
    expect(() => parseStatusClaimCbor({ status_list: { idx: 0, uri: EXAMPLE_URI } })).toThrow(code('STATUS_REFERENCE_MALFORMED'));
    expect(() => parseStatusClaimCbor(new Map([['status_list', new Map<string, unknown>([['idx', -1], ['uri', EXAMPLE_URI]])]]))).toThrow(code('STATUS_REFERENCE_MALFORMED'));
    expect(() => createStatusClaim({ idx: -1, uri: EXAMPLE_URI })).toThrow(code('STATUS_LIST_ISSUANCE_INVALID'));
    expect(() => createStatusClaimCbor({ idx: 0, uri: 'relative' })).toThrow(code('STATUS_LIST_ISSUANCE_INVALID'));
  });
});

describe('the status of a Referenced Token (§8.3 steps 6–7)', () => {
  const URI = 'https://status.citizen-zero.example/lists/9';
  const issuedAt = new Date('2026-07-01T10:00:00Z');
  const expiresAt = new Date('2026-07-02T10:00:00Z');
  const at = new Date('2026-07-01T10:05:00Z');

  async function setup() {
    const signer = await SoftwareSigner.generate('ES256');
    const list = StatusList.create(100, 2);
    list.set(5, StatusType.INVALID);
    list.set(6, StatusType.SUSPENDED);
    list.set(7, StatusType.APPLICATION_SPECIFIC);
    const params = { signer, statusList: list, uri: URI, issuedAt, expiresAt, timeToLive: 600 };
    return { signer, jwt: await createStatusListJwt(params), cwt: await createStatusListCwt(params) };
  }

  it('reads VALID, INVALID, SUSPENDED and application-specific entries from both encodings', async () => {
    const { signer, jwt, cwt } = await setup();
    for (const token of [jwt, cwt]) {
      for (const [idx, type] of [[4, 'VALID'], [5, 'INVALID'], [6, 'SUSPENDED'], [7, 'APPLICATION_SPECIFIC']] as const) {
        const check = await checkReferencedTokenStatus({ idx, uri: URI }, token, { publicKey: signer.keyPair.publicKey, at });
        expect(check.errors).toEqual([]);
        expect(check.status).toEqual({ value: StatusType[type === 'APPLICATION_SPECIFIC' ? 'APPLICATION_SPECIFIC' : type], type, stale: false });
      }
    }
  });

  it('makes no statement for an index outside the list, or a reference to another list', async () => {
    const { signer, jwt } = await setup();
    const outside = await checkReferencedTokenStatus({ idx: 400, uri: URI }, jwt, { publicKey: signer.keyPair.publicKey, at });
    expect(outside.status).toBeUndefined();
    expect(outside.errors.map((problem) => problem.code)).toEqual(['STATUS_INDEX_OUT_OF_RANGE']);
    const elsewhere = await checkReferencedTokenStatus({ idx: 5, uri: 'https://status.citizen-zero.example/lists/10' }, jwt, { publicKey: signer.keyPair.publicKey, at });
    expect(elsewhere.errors.map((problem) => problem.code)).toEqual(['STATUS_LIST_URI_MISMATCH']);
    const verdict = await verifyStatusListToken(jwt, { publicKey: signer.keyPair.publicKey, expectedUri: URI, at });
    expect(() => statusOf({ idx: 5, uri: 'https://status.citizen-zero.example/lists/10' }, verdict)).toThrow(code('STATUS_LIST_URI_MISMATCH'));
    expect(() => statusOf({ idx: 100, uri: URI }, verdict)).toThrow(code('STATUS_INDEX_OUT_OF_RANGE'));
  });

  it('says when the status information is stale, and reads it only if the verifier accepts that', async () => {
    const { signer, cwt } = await setup();
    const late = new Date(expiresAt.getTime() + 60_000);
    const refused = await checkReferencedTokenStatus({ idx: 5, uri: URI }, cwt, { publicKey: signer.keyPair.publicKey, at: late });
    expect(refused.status).toBeUndefined();
    expect(refused.errors.map((problem) => problem.code)).toEqual(['STATUS_LIST_EXPIRED']);
    expect(refused.verdict.stale).toBe(true);
    const accepted = await checkReferencedTokenStatus({ idx: 5, uri: URI }, cwt, { publicKey: signer.keyPair.publicKey, at: late, acceptStale: true });
    expect(accepted.status).toEqual({ value: 1, type: 'INVALID', stale: true });
    const outOfRange = await checkReferencedTokenStatus({ idx: 500, uri: URI }, cwt, { publicKey: signer.keyPair.publicKey, at: late, acceptStale: true });
    expect(outOfRange.errors.map((problem) => problem.code)).toEqual(['STATUS_LIST_EXPIRED', 'STATUS_INDEX_OUT_OF_RANGE']);
    const pastTtl = await checkReferencedTokenStatus({ idx: 6, uri: URI }, cwt, { publicKey: signer.keyPair.publicKey, at: new Date(issuedAt.getTime() + 601_000) });
    expect(pastTtl.status).toEqual({ value: 2, type: 'SUSPENDED', stale: true });
    expect(pastTtl.verdict.warnings.map((problem) => problem.code)).toEqual(['STATUS_LIST_TTL_ELAPSED']);
  });

  it('never reads a list whose signature failed', async () => {
    const { jwt } = await setup();
    const stranger = await SoftwareSigner.generate('ES256');
    const check = await checkReferencedTokenStatus({ idx: 5, uri: URI }, jwt, { publicKey: stranger.keyPair.publicKey, at, acceptStale: true });
    expect(check.status).toBeUndefined();
    expect(check.errors.map((problem) => problem.code)).toEqual(['STATUS_LIST_SIGNATURE_INVALID']);
  });
});
