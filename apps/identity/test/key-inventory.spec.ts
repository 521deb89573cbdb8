import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Hsm } from '@citizen-zero/hsm';
import { describeCertificate, parsePemBundle } from '@citizen-zero/pki';
import { type IdentityTestContext, startIdentity } from './support/identity-test-app';

const officer = { roles: ['security-officer'], subject: 'security-dara' };
const KEY_FIELDS = ['label', 'id', 'keyType', 'curve', 'bits', 'objects', 'sensitive', 'extractable', 'neverExtractable', 'capabilities', 'purposes', 'records'];
const CERTIFICATE_FIELDS = ['keyLabel', 'purpose', 'chainIndex', 'subject', 'issuer', 'serialNumber', 'notBefore', 'notAfter', 'sha256Fingerprint', 'keyAlgorithm', 'curve'];

interface Key {
  label: string;
  keyType: string;
  curve?: string;
  bits?: number;
  objects: string[];
  sensitive: boolean;
  extractable: boolean;
  neverExtractable: boolean;
  purposes: string[];
  records?: number;
}

describe('key inventory for security officers (read only, SoftHSM2)', () => {
  let identity: IdentityTestContext;
  beforeAll(async () => {
    identity = await startIdentity();
  });
  afterAll(() => identity?.close());

  const inventory = async () => {
    const answer = await identity.request('GET', '/keys', officer);
    expect(answer.status, JSON.stringify(answer.body)).toBe(200);
    return answer.body as { tokenLabel: string; keys: Key[]; certificates: Array<Record<string, unknown>> };
  };
  const byLabel = (keys: readonly Key[], label: string) => keys.find((key) => key.label === label);

  it('lists every key on the token with its protection and what the service uses it for, and nothing else', async () => {
    await identity.request('POST', '/persons', { body: { familyName: 'Obi', givenNames: 'Ngozi', birthDate: '1980-05-06', placeOfBirth: 'Lakeside', sex: 'F', nationalities: ['UT'], addresses: [] } });
    const { tokenLabel, keys } = await inventory();
    expect(tokenLabel).toBe(identity.token.tokenLabel);
    expect(keys.map((key) => key.label).sort()).toEqual(['ds', 'ds-2', 'iaca', 'identity-blind-index-1', 'identity-kek-1', 'seal']);
    expect(byLabel(keys, 'ds')).toMatchObject({ keyType: 'EC', curve: 'P-256', objects: ['private', 'public'], sensitive: true, extractable: false, neverExtractable: true, purposes: ['mdoc-signer', 'status-list-signer'] });
    expect(byLabel(keys, 'seal')).toMatchObject({ keyType: 'EC', purposes: ['seal-signer'] });
    expect(byLabel(keys, 'identity-kek-1')).toMatchObject({ keyType: 'AES', bits: 256, objects: ['secret'], sensitive: true, extractable: false, purposes: ['record-encryption-current'], records: 1 });
    expect(byLabel(keys, 'identity-blind-index-1')).toMatchObject({ objects: ['secret'], purposes: ['blind-index'] });
    // On the token, but not the identity service's (the ceremony's IACA key; ds-2 is not configured here).
    expect(byLabel(keys, 'iaca')).toMatchObject({ keyType: 'EC', curve: 'P-384', purposes: [] });
    expect(byLabel(keys, 'ds-2')!.purposes).toEqual([]);
    for (const key of keys) for (const field of Object.keys(key)) expect(KEY_FIELDS, field).toContain(field);
  });

  it('shows the signing certificates with their validity, as configured', async () => {
    const { certificates } = await inventory();
    expect(certificates.map((certificate) => [certificate['keyLabel'], certificate['purpose'], certificate['chainIndex']])).toEqual([
      ['ds', 'mdoc-signer', 0],
      ['seal', 'seal-signer', 0],
    ]);
    const ds = await describeCertificate(parsePemBundle(readFileSync(identity.config.signing.mdocSigners[0]!.certificateFile, 'utf8'))[0]!);
    expect(certificates[0]).toMatchObject({ subject: ds.subject, issuer: ds.issuer, serialNumber: ds.serialNumber, notBefore: ds.notBefore.toISOString(), notAfter: ds.notAfter.toISOString(), sha256Fingerprint: ds.sha256Fingerprint, keyAlgorithm: 'EC', curve: 'P-256' });
    expect(String(certificates[1]!['subject'])).toContain('Utopia Test seal');
    for (const certificate of certificates) for (const field of Object.keys(certificate)) expect(CERTIFICATE_FIELDS, field).toContain(field);
  });

  it('follows a key-encryption key rotation: the new key is current, the old one keeps its records until re-wrapped', async () => {
    const hsm = await Hsm.open(identity.token);
    await hsm.generateAesKey({ label: 'identity-kek-2', bits: 256 });
    await hsm.close();
    await identity.restart({ CZ_IDENTITY_KEK_LABEL: 'identity-kek-2' });
    let { keys } = await inventory();
    expect(byLabel(keys, 'identity-kek-2')).toMatchObject({ purposes: ['record-encryption-current'] });
    expect(byLabel(keys, 'identity-kek-2')!.records).toBeUndefined();
    expect(byLabel(keys, 'identity-kek-1')).toMatchObject({ purposes: ['record-encryption-previous'], records: 1 });
    expect((await identity.request('POST', '/keys/record-encryption/rotation', officer)).status).toBe(200);
    ({ keys } = await inventory());
    expect(byLabel(keys, 'identity-kek-2')).toMatchObject({ purposes: ['record-encryption-current'], records: 1 });
    expect(byLabel(keys, 'identity-kek-1')).toMatchObject({ purposes: [] });
  });

  it('is for security officers only', async () => {
    for (const roles of [['auditor'], ['admin'], ['registrar']]) expect((await identity.request('GET', '/keys', { roles, subject: 'someone' })).status).toBe(403);
  });
});
