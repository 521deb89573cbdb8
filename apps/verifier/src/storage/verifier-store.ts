/**
 * The device's store: synced trust material, the reader key and certificate, and (only when
 * configured) verification summaries. IndexedDB in the browser — it keeps CryptoKey objects as they
 * are, so the reader's private key stays non-extractable — and an in-memory map in tests.
 */
export interface VerifierStore {
  get<T>(key: StoreKey): Promise<T | undefined>;
  put<T>(key: StoreKey, value: T): Promise<void>;
  delete(key: StoreKey): Promise<void>;
}

/** What is stored, one record per key. */
export type StoreKey = 'trust-list' | 'status-lists' | 'zk-issuer-keys' | 'reader-identity' | 'retained-verifications';

const DATABASE = 'cz-verifier';
const OBJECT_STORE = 'records';

export class IndexedDbVerifierStore implements VerifierStore {
  private constructor(private readonly database: IDBDatabase) {}

  static open(factory: IDBFactory = indexedDB): Promise<IndexedDbVerifierStore> {
    return new Promise((resolve, reject) => {
      const request = factory.open(DATABASE, 1);
      request.onupgradeneeded = () => request.result.createObjectStore(OBJECT_STORE);
      request.onsuccess = () => resolve(new IndexedDbVerifierStore(request.result));
      request.onerror = () => reject(request.error ?? new Error('IndexedDB could not be opened'));
    });
  }

  get<T>(key: StoreKey): Promise<T | undefined> {
    return this.run<T | undefined>('readonly', (store) => store.get(key));
  }

  async put<T>(key: StoreKey, value: T): Promise<void> {
    await this.run('readwrite', (store) => store.put(value, key));
  }

  async delete(key: StoreKey): Promise<void> {
    await this.run('readwrite', (store) => store.delete(key));
  }

  private run<T>(mode: IDBTransactionMode, operation: (store: IDBObjectStore) => IDBRequest): Promise<T> {
    return new Promise((resolve, reject) => {
      const transaction = this.database.transaction(OBJECT_STORE, mode);
      const request = operation(transaction.objectStore(OBJECT_STORE));
      transaction.oncomplete = () => resolve(request.result as T);
      transaction.onerror = () => reject(transaction.error ?? new Error('IndexedDB transaction failed'));
      transaction.onabort = () => reject(transaction.error ?? new Error('IndexedDB transaction aborted'));
    });
  }
}

/** For tests and for a browser without IndexedDB (nothing survives a reload then). */
export class MemoryVerifierStore implements VerifierStore {
  private readonly records = new Map<StoreKey, unknown>();

  async get<T>(key: StoreKey): Promise<T | undefined> {
    return this.records.get(key) as T | undefined;
  }

  async put<T>(key: StoreKey, value: T): Promise<void> {
    this.records.set(key, value);
  }

  async delete(key: StoreKey): Promise<void> {
    this.records.delete(key);
  }
}
