import { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Hsm } from '@citizen-zero/hsm';
import { type IdentityTestContext, startIdentity } from './support/identity-test-app';

const person = (givenNames: string) => ({ familyName: 'Rotation', givenNames, birthDate: '1980-02-29', placeOfBirth: 'Utopia City', sex: 'X', nationalities: ['UT'], addresses: [] });

describe('record-encryption key rotation without downtime', () => {
  let identity: IdentityTestContext;
  beforeAll(async () => {
    identity = await startIdentity();
  });
  afterAll(() => identity?.close());

  it('reads old records under the old KEK while new ones use the new KEK, then re-wraps every data key', async () => {
    const old = await Promise.all(['Ada', 'Bea', 'Cy'].map(async (name) => (await identity.request('POST', '/persons', { body: person(name) })).body));
    const ciphertextsBefore = await identity.app.get(DataSource).query(`SELECT id, sealed_data FROM persons ORDER BY id`);

    // The security officer creates a second KEK in the HSM and points the service at it.
    const hsm = await Hsm.open(identity.token);
    await hsm.generateAesKey({ label: 'identity-kek-2', bits: 256 });
    await hsm.close();
    await identity.restart({ CZ_IDENTITY_KEK_LABEL: 'identity-kek-2' });
    const officer = { roles: ['security-officer'] };
    expect((await identity.request('GET', '/keys/record-encryption', officer)).body).toEqual({ currentKey: 'identity-kek-2', recordsByKey: { 'identity-kek-1': 3 } });

    const fresh = (await identity.request('POST', '/persons', { body: person('Dee') })).body;
    for (const record of [...old, fresh]) expect((await identity.request('GET', `/persons/${record.id}`, { roles: ['approver'] })).body.givenNames).toBe(record.givenNames);

    const rotated = await identity.request('POST', '/keys/record-encryption/rotation', officer);
    expect(rotated.status).toBe(200);
    expect(rotated.body).toEqual({ currentKey: 'identity-kek-2', rewrapped: 3, recordsByKey: { 'identity-kek-2': 4 } });
    for (const record of old) expect((await identity.request('GET', `/persons/${record.id}`, { roles: ['approver'] })).body.givenNames).toBe(record.givenNames);

    // Only the wrapping changed: the ciphertexts are byte for byte what they were.
    const ciphertextsAfter = await identity.app.get(DataSource).query(`SELECT id, sealed_data FROM persons WHERE id = ANY($1) ORDER BY id`, [old.map((record) => record.id)]);
    expect(ciphertextsAfter).toEqual(ciphertextsBefore);

    // With the old KEK gone from the HSM, every record still opens.
    const cleanup = await Hsm.open(identity.token);
    expect(await cleanup.deleteKey('identity-kek-1')).toBe(1);
    await cleanup.close();
    for (const record of old) expect((await identity.request('GET', `/persons/${record.id}`, { roles: ['approver'] })).status).toBe(200);
    expect((await identity.request('POST', '/keys/record-encryption/rotation', { roles: ['registrar'] })).status).toBe(403);
  });

  it('refuses to open a ciphertext moved onto another row', async () => {
    const a = (await identity.request('POST', '/persons', { body: person('Eve') })).body;
    const b = (await identity.request('POST', '/persons', { body: person('Fay') })).body;
    await identity.app.get(DataSource).query(`UPDATE persons SET sealed_data = (SELECT sealed_data FROM persons WHERE id = $1), wrapped_key = (SELECT wrapped_key FROM persons WHERE id = $1) WHERE id = $2`, [a.id, b.id]);
    const read = await identity.request('GET', `/persons/${b.id}`, { roles: ['approver'] });
    expect(read.status).toBe(500);
    expect(read.body.code).toBe('RECORD_DECRYPTION_FAILED');
  });
});
