import { describe, expect, it } from 'vitest';
import {
  AGE_NATIONALITY_CLAIMS,
  ageNationalityClaims,
  checkClaims,
  claimMessages,
  createIssuerKeyFile,
  disclosureIndexes,
  generateIssuerKeyPair,
  isAgeAtLeast,
  isWithinValidity,
  issuerKeySealContext,
  monthAfter,
  parseIssuerKeyFile,
  parsePublishedIssuerKey,
  parsePublishedIssuerKeySet,
  presentationHeader,
  publishIssuerKey,
  AGE_NATIONALITY_SCHEMA,
} from '@citizen-zero/zk-credentials';

const at = (iso: string) => new Date(`${iso}T12:00:00Z`);

describe('the age and nationality claim set (v1)', () => {
  it('encodes messages as name=value in a fixed order, the version in the signed header', () => {
    const claims = ageNationalityClaims({ birthDate: '2000-06-15', nationality: 'UT', issuedAt: at('2026-11-30'), validityMonths: 12, credentialId: 'ab'.repeat(16) });
    expect(claimMessages(claims).map((message) => new TextDecoder().decode(message))).toEqual(['age_over_18=true', 'age_over_21=true', 'nationality=UT', 'valid_until=2027-11', `credential_id=${'ab'.repeat(16)}`]);
    expect(AGE_NATIONALITY_CLAIMS).toEqual(['age_over_18', 'age_over_21', 'nationality', 'valid_until', 'credential_id']);
  });

  it('computes the age predicates on the issuance date, birthdays included, 29 February on 1 March', () => {
    expect(isAgeAtLeast('2008-11-30', at('2026-11-30'), 18)).toBe(true);
    expect(isAgeAtLeast('2008-12-01', at('2026-11-30'), 18)).toBe(false);
    expect(isAgeAtLeast('2008-02-29', at('2026-02-28'), 18)).toBe(false);
    expect(isAgeAtLeast('2008-02-29', at('2026-03-01'), 18)).toBe(true);
    expect(isAgeAtLeast('2005-11-30', at('2026-11-30'), 21)).toBe(true);
    expect(ageNationalityClaims({ birthDate: '2006-01-01', nationality: 'UT', issuedAt: at('2026-11-30'), validityMonths: 1, credentialId: '0'.repeat(32) })).toMatchObject({ age_over_18: true, age_over_21: false, valid_until: '2026-12' });
  });

  it('validity is a month: coarse on purpose, checked through its last day', () => {
    expect(monthAfter(at('2026-11-30'), 12)).toBe('2027-11');
    expect(monthAfter(at('2026-12-31'), 1)).toBe('2027-01');
    expect(isWithinValidity('2027-11', new Date('2027-11-30T23:59:59Z'))).toBe(true);
    expect(isWithinValidity('2027-11', new Date('2027-12-01T00:00:00Z'))).toBe(false);
  });

  it('refuses claims of the wrong shape, and disclosures that are not allowed', () => {
    const good = ageNationalityClaims({ birthDate: '2000-06-15', nationality: 'UT', issuedAt: at('2026-11-30'), validityMonths: 12, credentialId: 'ab'.repeat(16) });
    for (const bad of [{ ...good, nationality: 'ut' }, { ...good, age_over_18: 'true' }, { ...good, valid_until: '2027-13' }, { ...good, credential_id: 'x' }, { ...good, name: 'Ada' }, { age_over_18: true }]) {
      expect(() => checkClaims(bad)).toThrow(expect.objectContaining({ code: 'ZK_CLAIM_SET_INVALID' }));
    }
    expect(() => ageNationalityClaims({ birthDate: '15/06/2000', nationality: 'UT', issuedAt: at('2026-11-30'), validityMonths: 12, credentialId: 'ab'.repeat(16) })).toThrow(expect.objectContaining({ code: 'ZK_CLAIM_SET_INVALID' }));
    expect(disclosureIndexes(['nationality', 'age_over_18'])).toEqual([0, 2, 3]);
    for (const bad of [[], ['credential_id'], ['valid_until'], ['birth_date'], ['nationality', 'nationality']]) expect(() => disclosureIndexes(bad)).toThrow(expect.objectContaining({ code: 'ZK_DISCLOSURE_INVALID' }));
  });

  it('binds audience and nonce injectively in the presentation header', () => {
    const nonce = 'n'.repeat(16);
    const a = presentationHeader({ audience: 'ab', nonce: `c${nonce}` });
    const b = presentationHeader({ audience: 'abc', nonce });
    expect(Buffer.from(a).equals(Buffer.from(b))).toBe(false);
    expect(new TextDecoder().decode(a.subarray(0, 21))).toBe('cz-zk-presentation:v1');
  });
});

describe('issuer keys: published form and the sealed key file', () => {
  it('publishes a key with its derived kid and reads it back; refuses a kid that is not the key\u2019s', async () => {
    const { secretKey, publicKey } = await generateIssuerKeyPair();
    secretKey.fill(0);
    const published = publishIssuerKey(publicKey, [AGE_NATIONALITY_SCHEMA]);
    expect(published).toMatchObject({ alg: 'BBS-BLS12-381-SHA-256', crv: 'BLS12381G2', spec: 'draft-irtf-cfrg-bbs-signatures-08' });
    expect(publicKey.kid).toMatch(/^bbs-[A-Za-z0-9_-]{22}$/);
    const [read] = await parsePublishedIssuerKeySet(JSON.parse(JSON.stringify({ keys: [published] })));
    expect(read!.kid).toBe(publicKey.kid);
    expect(Buffer.from(read!.publicKey).equals(Buffer.from(publicKey.publicKey))).toBe(true);
    const other = await generateIssuerKeyPair();
    await expect(parsePublishedIssuerKey({ ...published, kid: other.publicKey.kid })).rejects.toMatchObject({ code: 'ZK_ISSUER_KEY_INVALID' });
    await expect(parsePublishedIssuerKey({ ...published, pk: published.pk.slice(4) })).rejects.toMatchObject({ code: 'ZK_ISSUER_KEY_INVALID' });
    await expect(parsePublishedIssuerKey({ ...published, spec: 'draft-irtf-cfrg-bbs-signatures-05' })).rejects.toMatchObject({ code: 'ZK_ISSUER_KEY_INVALID' });
  });

  it('round-trips the key file, which holds the secret key only sealed', async () => {
    const { secretKey, publicKey } = await generateIssuerKeyPair();
    const sealed = { keyLabel: 'zk-issuer-kek-1', wrappedKey: new Uint8Array(40).fill(7), ciphertext: new Uint8Array(61).fill(9) };
    const text = JSON.stringify(createIssuerKeyFile(publicKey, sealed, new Date('2026-11-30T00:00:00Z')));
    expect(text).not.toContain(Buffer.from(secretKey).toString('base64url'));
    const file = await parseIssuerKeyFile(text);
    expect(file.publicKey.kid).toBe(publicKey.kid);
    expect(file.sealed.keyLabel).toBe('zk-issuer-kek-1');
    expect(issuerKeySealContext(publicKey.kid)).toBe(`cz:bbs-issuer-secret-key:${publicKey.kid}:v1`);
    await expect(parseIssuerKeyFile(text.replace(publicKey.kid, 'bbs-AAAAAAAAAAAAAAAAAAAAAA'))).rejects.toMatchObject({ code: 'ZK_ISSUER_KEY_INVALID' });
    await expect(parseIssuerKeyFile('{}')).rejects.toMatchObject({ code: 'ZK_ISSUER_KEY_INVALID' });
  });
});
