import { describe, expect, it } from 'vitest';
import { MemoryStore } from '../src/storage/key-value-store';
import { FREE_PIN_ATTEMPTS, Vault, VaultError, type SealedRecord, type VaultRecord } from '../src/storage/vault';
import { keyEncryptionKey } from '../src/storage/webauthn-unlock';

// A low iteration count keeps the tests fast; the production figure is PBKDF2_ITERATIONS.
const ITERATIONS = 1_000;
const SECRET = { family_name: 'Okonkwo', birth_date: '1990-04-17', document_number: 'UT-DL-000123' };

async function rejection(promise: Promise<unknown>): Promise<VaultError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  if (!(error instanceof VaultError)) throw new Error(`expected a VaultError, got ${String(error)}`);
  return error;
}

const text = (bytes: Uint8Array) => new TextDecoder('latin1').decode(bytes);

describe('the wallet vault: credentials encrypted at rest under a PIN-wrapped data key', () => {
  it('stores only ciphertext; the right PIN opens it, a wrong one is refused', async () => {
    const store = new MemoryStore();
    const vault = new Vault(store, { iterations: ITERATIONS });
    expect(await vault.exists()).toBe(false);
    const unlocked = await vault.create('482916');
    await unlocked.putJson('credentials', 'c1', SECRET);

    const stored = store.stores.get('credentials')!.get('c1') as SealedRecord;
    expect(stored.v).toBe(1);
    expect(stored.iv).toHaveLength(12);
    expect(text(stored.ciphertext)).not.toContain('Okonkwo');
    expect(text(stored.ciphertext)).not.toContain('1990-04-17');
    // AES-GCM: plaintext length + 16-byte tag.
    expect(stored.ciphertext.length).toBe(new TextEncoder().encode(JSON.stringify(SECRET)).length + 16);
    const record = store.stores.get('vault')!.get('vault') as VaultRecord;
    expect(record.pin).toMatchObject({ kdf: 'PBKDF2-SHA-256', iterations: ITERATIONS });
    expect(record.pin.salt).toHaveLength(16);
    expect(record.pin.wrappedKey).toHaveLength(40); // AES-KW of a 32-byte key
    expect(JSON.stringify(record)).not.toContain('482916');

    const reopened = await new Vault(store, { iterations: ITERATIONS }).unlock('482916');
    expect(await reopened.getJson('credentials', 'c1')).toEqual(SECRET);
    expect((await rejection(new Vault(store).unlock('482917'))).code).toBe('PIN_WRONG');
  });

  it('a record moved to another key, or altered, does not decrypt', async () => {
    const store = new MemoryStore();
    const unlocked = await new Vault(store, { iterations: ITERATIONS }).create('482916');
    await unlocked.putJson('credentials', 'c1', SECRET);
    const stored = store.stores.get('credentials')!.get('c1') as SealedRecord;
    await store.put('credentials', 'c2', stored);
    expect((await rejection(unlocked.getJson('credentials', 'c2'))).code).toBe('RECORD_UNREADABLE');
    const altered = Uint8Array.from(stored.ciphertext);
    altered[0] = altered[0]! ^ 1;
    await store.put('credentials', 'c1', { ...stored, ciphertext: altered });
    expect((await rejection(unlocked.getJson('credentials', 'c1'))).code).toBe('RECORD_UNREADABLE');
  });

  it('a second wallet with the same PIN cannot read the first one’s records (a random data key each)', async () => {
    const first = new MemoryStore();
    const second = new MemoryStore();
    const a = await new Vault(first, { iterations: ITERATIONS }).create('482916');
    const b = await new Vault(second, { iterations: ITERATIONS }).create('482916');
    await a.putJson('credentials', 'c1', SECRET);
    await second.put('credentials', 'c1', await first.get('credentials', 'c1'));
    expect((await rejection(b.getJson('credentials', 'c1'))).code).toBe('RECORD_UNREADABLE');
  });

  it('refuses PINs that are not 6 to 64 digits, and a second vault', async () => {
    const vault = new Vault(new MemoryStore(), { iterations: ITERATIONS });
    for (const pin of ['12345', 'abcdef', '12 3456', '']) expect((await rejection(vault.create(pin))).code, pin).toBe('PIN_INVALID');
    await vault.create('000000');
    expect((await rejection(vault.create('111111'))).code).toBe('VAULT_EXISTS');
    expect((await rejection(new Vault(new MemoryStore()).unlock('000000'))).code).toBe('VAULT_MISSING');
  });

  it('after five wrong PINs each attempt waits, doubling; the right PIN afterwards resets the count', async () => {
    const store = new MemoryStore();
    let now = new Date('2026-03-01T10:00:00Z');
    const vault = new Vault(store, { iterations: ITERATIONS, now: () => now });
    await vault.create('482916');
    for (let attempt = 1; attempt < FREE_PIN_ATTEMPTS; attempt++) {
      const error = await rejection(vault.unlock('000000'));
      expect(error.code).toBe('PIN_WRONG');
      expect(error.retryAt).toBeUndefined();
    }
    const fifth = await rejection(vault.unlock('000000'));
    expect(fifth.retryAt?.toISOString()).toBe('2026-03-01T10:00:30.000Z');
    // Even the right PIN waits.
    expect((await rejection(vault.unlock('482916'))).code).toBe('PIN_LOCKED_OUT');
    now = new Date('2026-03-01T10:00:31Z');
    const sixth = await rejection(vault.unlock('000001'));
    expect(sixth.retryAt?.toISOString()).toBe('2026-03-01T10:01:31.000Z');
    now = new Date('2026-03-01T10:01:32Z');
    await vault.unlock('482916');
    expect(((await store.get<VaultRecord>('vault', 'vault'))!).failedAttempts).toBe(0);
  });

  it('changes the PIN without re-encrypting records', async () => {
    const store = new MemoryStore();
    const vault = new Vault(store, { iterations: ITERATIONS });
    await (await vault.create('482916')).putJson('credentials', 'c1', SECRET);
    expect((await rejection(vault.changePin('111111', '222222'))).code).toBe('PIN_WRONG');
    await vault.changePin('482916', '735102');
    expect(await (await vault.unlock('735102')).getJson('credentials', 'c1')).toEqual(SECRET);
    expect((await rejection(vault.unlock('482916'))).code).toBe('PIN_WRONG');
  });

  it('unlocks with an authenticator key (the PRF-derived key-encryption key) once enrolled with the PIN', async () => {
    const store = new MemoryStore();
    const vault = new Vault(store, { iterations: ITERATIONS });
    await (await vault.create('482916')).putJson('credentials', 'c1', SECRET);
    const prfOutput = crypto.getRandomValues(new Uint8Array(32));
    const kek = await keyEncryptionKey(prfOutput);
    expect((await rejection(vault.unlockWithAuthenticatorKey(kek))).code).toBe('VAULT_MISSING');
    expect((await rejection(vault.enrolAuthenticator('000000', { credentialId: Uint8Array.of(1), prfSalt: new Uint8Array(32), kek }))).code).toBe('PIN_WRONG');
    await vault.enrolAuthenticator('482916', { credentialId: Uint8Array.of(1), prfSalt: new Uint8Array(32), kek });
    expect(await (await vault.unlockWithAuthenticatorKey(await keyEncryptionKey(prfOutput))).getJson('credentials', 'c1')).toEqual(SECRET);
    const otherKek = await keyEncryptionKey(crypto.getRandomValues(new Uint8Array(32)));
    expect((await rejection(vault.unlockWithAuthenticatorKey(otherKek))).code).toBe('PIN_WRONG');
  });
});
