/**
 * The wallet's persistence port: a few named object stores of structured-cloneable values
 * (including CryptoKey objects, which IndexedDB stores without exposing non-extractable key
 * material). The browser uses {@link IndexedDbStore}; unit tests use {@link MemoryStore}.
 */
export type StoreName = 'vault' | 'device-keys' | 'credentials' | 'cache';
export const STORE_NAMES: readonly StoreName[] = ['vault', 'device-keys', 'credentials', 'cache'];

export interface KeyValueStore {
  get<T>(store: StoreName, key: string): Promise<T | undefined>;
  put(store: StoreName, key: string, value: unknown): Promise<void>;
  delete(store: StoreName, key: string): Promise<void>;
  /** Every entry of a store, by key. */
  entries<T>(store: StoreName): Promise<Array<[string, T]>>;
}

const DATABASE_NAME = 'cz-wallet';
const DATABASE_VERSION = 1;

/** IndexedDB, one database with an object store per {@link StoreName}, out-of-line keys. */
export class IndexedDbStore implements KeyValueStore {
  private constructor(private readonly database: IDBDatabase) {}

  static open(factory: IDBFactory = indexedDB, name = DATABASE_NAME): Promise<IndexedDbStore> {
    return new Promise((resolve, reject) => {
      const request = factory.open(name, DATABASE_VERSION);
      request.onupgradeneeded = () => {
        for (const store of STORE_NAMES) if (!request.result.objectStoreNames.contains(store)) request.result.createObjectStore(store);
      };
      request.onsuccess = () => resolve(new IndexedDbStore(request.result));
      request.onerror = () => reject(request.error ?? new Error('IndexedDB could not be opened'));
      request.onblocked = () => reject(new Error('IndexedDB is blocked by another tab of the wallet'));
    });
  }

  get<T>(store: StoreName, key: string): Promise<T | undefined> {
    return this.run<T | undefined>(store, 'readonly', (objects) => objects.get(key));
  }

  async put(store: StoreName, key: string, value: unknown): Promise<void> {
    await this.run(store, 'readwrite', (objects) => objects.put(value, key));
  }

  async delete(store: StoreName, key: string): Promise<void> {
    await this.run(store, 'readwrite', (objects) => objects.delete(key));
  }

  async entries<T>(store: StoreName): Promise<Array<[string, T]>> {
    const [keys, values] = await Promise.all([this.run<IDBValidKey[]>(store, 'readonly', (objects) => objects.getAllKeys()), this.run<T[]>(store, 'readonly', (objects) => objects.getAll())]);
    return keys.map((key, index) => [String(key), values[index]!]);
  }

  private run<T>(store: StoreName, mode: IDBTransactionMode, operation: (objects: IDBObjectStore) => IDBRequest): Promise<T> {
    return new Promise((resolve, reject) => {
      const transaction = this.database.transaction(store, mode);
      const request = operation(transaction.objectStore(store));
      transaction.oncomplete = () => resolve(request.result as T);
      transaction.onerror = () => reject(transaction.error ?? request.error ?? new Error('IndexedDB transaction failed'));
      transaction.onabort = () => reject(transaction.error ?? new Error('IndexedDB transaction aborted'));
    });
  }
}

/** In memory, structured-cloned like IndexedDB: what tests read is what would be on disk. */
export class MemoryStore implements KeyValueStore {
  readonly stores = new Map<StoreName, Map<string, unknown>>(STORE_NAMES.map((name) => [name, new Map()]));

  async get<T>(store: StoreName, key: string): Promise<T | undefined> {
    const value = this.stores.get(store)!.get(key);
    return value === undefined ? undefined : (clone(value) as T);
  }

  async put(store: StoreName, key: string, value: unknown): Promise<void> {
    this.stores.get(store)!.set(key, clone(value));
  }

  async delete(store: StoreName, key: string): Promise<void> {
    this.stores.get(store)!.delete(key);
  }

  async entries<T>(store: StoreName): Promise<Array<[string, T]>> {
    return [...this.stores.get(store)!].map(([key, value]) => [key, clone(value) as T]);
  }
}

/** CryptoKey objects are kept by reference (Node's structuredClone cannot clone them); everything else is cloned. */
function clone(value: unknown): unknown {
  if (typeof CryptoKey !== 'undefined' && value instanceof CryptoKey) return value;
  if (value && typeof value === 'object' && !ArrayBuffer.isView(value) && !(value instanceof ArrayBuffer)) {
    if (Object.values(value).some((member) => typeof CryptoKey !== 'undefined' && member instanceof CryptoKey)) {
      return Object.fromEntries(Object.entries(value).map(([key, member]) => [key, clone(member)]));
    }
  }
  return structuredClone(value);
}
