import type { KeyValueStore } from './key-value-store';

/**
 * Encryption at rest of everything the wallet holds about the citizen.
 *
 * A random 256-bit **data key** (AES-256-GCM) encrypts every record. It is stored only wrapped
 * (AES-KW, RFC 3394) under a **key-encryption key** derived from the citizen's PIN with
 * PBKDF2-HMAC-SHA-256 ({@link PBKDF2_ITERATIONS} iterations, 16-byte random salt; NIST SP 800-132,
 * OWASP's 2023 figure for SHA-256), and optionally a second time under a key derived from a
 * platform authenticator's PRF output (WebAuthn `prf` extension, see webauthn-unlock.ts). A wrong
 * PIN fails AES-KW's integrity check, so nothing is decrypted with a wrong key and no PIN hash
 * is stored. Once unlocked, the data key lives in memory as a non-extractable CryptoKey.
 *
 * Each record is `AES-GCM(dataKey, iv = 96 random bits, aad = "cz-wallet:v1:" ‖ store ‖ ":" ‖ key)`,
 * so a record copied under another key or store does not decrypt.
 *
 * A six-digit PIN has 10⁶ values: PBKDF2 slows an attacker who copies the IndexedDB files, it does
 * not stop one. The escalating lock-out below stops guessing through the app. On a device whose
 * authenticator supports PRF, the wrapped copy under the authenticator key is as strong as the
 * authenticator.
 */
export const PBKDF2_ITERATIONS = 600_000;
export const MIN_PIN_LENGTH = 6;
export const MAX_PIN_LENGTH = 64;
/** Failed attempts allowed before each further attempt waits (30 s, doubling, at most an hour). */
export const FREE_PIN_ATTEMPTS = 5;

const VAULT_KEY = 'vault';
const SALT_BYTES = 16;
const IV_BYTES = 12;

export type VaultErrorCode = 'PIN_INVALID' | 'PIN_WRONG' | 'PIN_LOCKED_OUT' | 'VAULT_MISSING' | 'VAULT_EXISTS' | 'RECORD_UNREADABLE';

export class VaultError extends Error {
  constructor(
    readonly code: VaultErrorCode,
    message: string,
    /** For PIN_LOCKED_OUT: when the next attempt is allowed. */
    readonly retryAt?: Date,
  ) {
    super(message);
    this.name = 'VaultError';
  }
}

/** The wrapped data key and how to unwrap it, as stored (no secret in clear). */
export interface VaultRecord {
  readonly version: 1;
  readonly pin: { readonly kdf: 'PBKDF2-SHA-256'; readonly iterations: number; readonly salt: Uint8Array; readonly wrappedKey: Uint8Array };
  /** The same data key wrapped under a platform authenticator's PRF-derived key, when enrolled. */
  readonly authenticator?: { readonly credentialId: Uint8Array; readonly prfSalt: Uint8Array; readonly wrappedKey: Uint8Array };
  readonly failedAttempts: number;
  readonly lastFailureAt?: number;
}

/** An encrypted record as stored. */
export interface SealedRecord {
  readonly v: 1;
  readonly iv: Uint8Array;
  readonly ciphertext: Uint8Array;
}

export interface VaultOptions {
  readonly iterations?: number;
  readonly now?: () => Date;
}

/** Checks a PIN's form: digits only, {@link MIN_PIN_LENGTH} to {@link MAX_PIN_LENGTH} of them. */
export function checkPin(pin: string): void {
  if (!/^\d+$/.test(pin) || pin.length < MIN_PIN_LENGTH || pin.length > MAX_PIN_LENGTH) throw new VaultError('PIN_INVALID', `a PIN is ${MIN_PIN_LENGTH} to ${MAX_PIN_LENGTH} digits`);
}

/** The locked vault: whether one exists, creating it, and unlocking it (PIN or authenticator key). */
export class Vault {
  private readonly iterations: number;
  private readonly now: () => Date;

  constructor(
    private readonly store: KeyValueStore,
    options: VaultOptions = {},
  ) {
    this.iterations = options.iterations ?? PBKDF2_ITERATIONS;
    this.now = options.now ?? (() => new Date());
  }

  async exists(): Promise<boolean> {
    return (await this.record()) !== undefined;
  }

  async record(): Promise<VaultRecord | undefined> {
    return this.store.get<VaultRecord>('vault', VAULT_KEY);
  }

  /** A new vault with a fresh data key wrapped under `pin`; refused when one exists. */
  async create(pin: string): Promise<UnlockedVault> {
    checkPin(pin);
    if (await this.exists()) throw new VaultError('VAULT_EXISTS', 'this wallet already has a PIN');
    const dataKey = await crypto.subtle.generateKey({ name: 'AES-GCM', length: 256 }, true, ['encrypt', 'decrypt']);
    const salt = crypto.getRandomValues(new Uint8Array(SALT_BYTES));
    const kek = await pinKey(pin, salt, this.iterations);
    const wrappedKey = new Uint8Array(await crypto.subtle.wrapKey('raw', dataKey, kek, 'AES-KW'));
    const record: VaultRecord = { version: 1, pin: { kdf: 'PBKDF2-SHA-256', iterations: this.iterations, salt, wrappedKey }, failedAttempts: 0 };
    await this.store.put('vault', VAULT_KEY, record);
    return new UnlockedVault(this.store, await unwrap(wrappedKey, kek, false));
  }

  /**
   * Unlocks with the PIN. A wrong PIN counts a failure; after {@link FREE_PIN_ATTEMPTS} of them
   * each attempt must wait (PIN_LOCKED_OUT with `retryAt`). A right PIN resets the count.
   */
  async unlock(pin: string): Promise<UnlockedVault> {
    const record = await this.required();
    const retryAt = this.retryAt(record);
    if (retryAt && retryAt.getTime() > this.now().getTime()) throw new VaultError('PIN_LOCKED_OUT', 'too many wrong PINs: wait before trying again', retryAt);
    let dataKey: CryptoKey;
    try {
      dataKey = await unwrap(record.pin.wrappedKey, await pinKey(pin, record.pin.salt, record.pin.iterations), false);
    } catch {
      const failed: VaultRecord = { ...record, failedAttempts: record.failedAttempts + 1, lastFailureAt: this.now().getTime() };
      await this.store.put('vault', VAULT_KEY, failed);
      const next = this.retryAt(failed);
      throw new VaultError('PIN_WRONG', next ? 'wrong PIN: wait before trying again' : `wrong PIN (${FREE_PIN_ATTEMPTS - failed.failedAttempts} attempts before a wait)`, next);
    }
    if (record.failedAttempts > 0) await this.store.put('vault', VAULT_KEY, { ...record, failedAttempts: 0, lastFailureAt: undefined });
    return new UnlockedVault(this.store, dataKey);
  }

  /** Unlocks with a key-encryption key from the platform authenticator (webauthn-unlock.ts). */
  async unlockWithAuthenticatorKey(kek: CryptoKey): Promise<UnlockedVault> {
    const record = await this.required();
    if (!record.authenticator) throw new VaultError('VAULT_MISSING', 'no authenticator is enrolled');
    try {
      return new UnlockedVault(this.store, await unwrap(record.authenticator.wrappedKey, kek, false));
    } catch {
      throw new VaultError('PIN_WRONG', 'the authenticator did not give the key this wallet was locked with');
    }
  }

  /** Wraps the data key under an authenticator key too; the PIN proves the holder asks. */
  async enrolAuthenticator(pin: string, authenticator: { credentialId: Uint8Array; prfSalt: Uint8Array; kek: CryptoKey }): Promise<void> {
    const record = await this.required();
    const extractable = await unwrap(record.pin.wrappedKey, await pinKey(pin, record.pin.salt, record.pin.iterations), true).catch(() => {
      throw new VaultError('PIN_WRONG', 'wrong PIN');
    });
    const wrappedKey = new Uint8Array(await crypto.subtle.wrapKey('raw', extractable, authenticator.kek, 'AES-KW'));
    await this.store.put('vault', VAULT_KEY, { ...record, authenticator: { credentialId: authenticator.credentialId, prfSalt: authenticator.prfSalt, wrappedKey } });
  }

  /** A new PIN for the same data key (records stay as they are). */
  async changePin(currentPin: string, newPin: string): Promise<void> {
    checkPin(newPin);
    const record = await this.required();
    const dataKey = await unwrap(record.pin.wrappedKey, await pinKey(currentPin, record.pin.salt, record.pin.iterations), true).catch(() => {
      throw new VaultError('PIN_WRONG', 'wrong PIN');
    });
    const salt = crypto.getRandomValues(new Uint8Array(SALT_BYTES));
    const wrappedKey = new Uint8Array(await crypto.subtle.wrapKey('raw', dataKey, await pinKey(newPin, salt, this.iterations), 'AES-KW'));
    await this.store.put('vault', VAULT_KEY, { ...record, pin: { kdf: 'PBKDF2-SHA-256', iterations: this.iterations, salt, wrappedKey }, failedAttempts: 0, lastFailureAt: undefined });
  }

  private async required(): Promise<VaultRecord> {
    const record = await this.record();
    if (!record) throw new VaultError('VAULT_MISSING', 'this wallet has no PIN yet');
    return record;
  }

  private retryAt(record: VaultRecord): Date | undefined {
    if (record.failedAttempts < FREE_PIN_ATTEMPTS || record.lastFailureAt === undefined) return undefined;
    const waitSeconds = Math.min(3600, 30 * 2 ** (record.failedAttempts - FREE_PIN_ATTEMPTS));
    return new Date(record.lastFailureAt + waitSeconds * 1000);
  }
}

/** The unlocked vault: seals and opens records with the in-memory data key. */
export class UnlockedVault {
  constructor(
    private readonly store: KeyValueStore,
    private readonly dataKey: CryptoKey,
  ) {}

  async seal(store: 'credentials', key: string, plaintext: Uint8Array): Promise<SealedRecord> {
    const iv = crypto.getRandomValues(new Uint8Array(IV_BYTES));
    const ciphertext = new Uint8Array(await crypto.subtle.encrypt({ name: 'AES-GCM', iv, additionalData: associatedData(store, key) }, this.dataKey, plaintext as BufferSource));
    return { v: 1, iv, ciphertext };
  }

  async open(store: 'credentials', key: string, record: SealedRecord): Promise<Uint8Array> {
    try {
      return new Uint8Array(await crypto.subtle.decrypt({ name: 'AES-GCM', iv: record.iv as BufferSource, additionalData: associatedData(store, key) }, this.dataKey, record.ciphertext as BufferSource));
    } catch {
      throw new VaultError('RECORD_UNREADABLE', `the ${store} record ${key} does not decrypt: it was altered or belongs to another wallet`);
    }
  }

  async putJson(store: 'credentials', key: string, value: unknown): Promise<void> {
    await this.store.put(store, key, await this.seal(store, key, new TextEncoder().encode(JSON.stringify(value))));
  }

  async getJson<T>(store: 'credentials', key: string): Promise<T | undefined> {
    const record = await this.store.get<SealedRecord>(store, key);
    return record && (JSON.parse(new TextDecoder().decode(await this.open(store, key, record))) as T);
  }

  async allJson<T>(store: 'credentials'): Promise<Array<[string, T]>> {
    const entries = await this.store.entries<SealedRecord>(store);
    return Promise.all(entries.map(async ([key, record]): Promise<[string, T]> => [key, JSON.parse(new TextDecoder().decode(await this.open(store, key, record))) as T]));
  }
}

async function pinKey(pin: string, salt: Uint8Array, iterations: number): Promise<CryptoKey> {
  const material = await crypto.subtle.importKey('raw', new TextEncoder().encode(pin), 'PBKDF2', false, ['deriveKey']);
  return crypto.subtle.deriveKey({ name: 'PBKDF2', hash: 'SHA-256', salt: salt as BufferSource, iterations }, material, { name: 'AES-KW', length: 256 }, false, ['wrapKey', 'unwrapKey']);
}

function unwrap(wrappedKey: Uint8Array, kek: CryptoKey, extractable: boolean): Promise<CryptoKey> {
  return crypto.subtle.unwrapKey('raw', wrappedKey as BufferSource, kek, 'AES-KW', { name: 'AES-GCM', length: 256 }, extractable, ['encrypt', 'decrypt']);
}

function associatedData(store: string, key: string): BufferSource {
  return new TextEncoder().encode(`cz-wallet:v1:${store}:${key}`);
}
