/**
 * A small least-recently-used map. Used to memoise pure functions of immutable inputs
 * (parsing a DER certificate, checking a signature of one certificate under another's key):
 * a verifier sees the same few document signer and IACA certificates over and over.
 */
export class BoundedCache<K, V> {
  private readonly entries = new Map<K, V>();

  constructor(private readonly capacity: number) {}

  get(key: K): V | undefined {
    const value = this.entries.get(key);
    if (value !== undefined) {
      this.entries.delete(key);
      this.entries.set(key, value);
    }
    return value;
  }

  set(key: K, value: V): void {
    this.entries.delete(key);
    this.entries.set(key, value);
    if (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value as K);
  }

  get size(): number {
    return this.entries.size;
  }
}

/**
 * A cache of values derived from byte strings (certificates): looked up by a cheap FNV-1a hash
 * and confirmed by comparing the bytes, so a collision can never return another input's value.
 */
export class BytesCache<V> {
  private readonly cache: BoundedCache<string, Array<{ bytes: Uint8Array; value: V }>>;

  constructor(capacity: number) {
    this.cache = new BoundedCache(capacity);
  }

  get(bytes: Uint8Array): V | undefined {
    return this.cache.get(fnv1a(bytes))?.find((entry) => sameBytes(entry.bytes, bytes))?.value;
  }

  set(bytes: Uint8Array, value: V): void {
    const key = fnv1a(bytes);
    const bucket = (this.cache.get(key) ?? []).filter((entry) => !sameBytes(entry.bytes, bytes));
    bucket.push({ bytes: Uint8Array.from(bytes), value });
    this.cache.set(key, bucket);
  }
}

function fnv1a(bytes: Uint8Array): string {
  let hash = 0x811c9dc5;
  for (let index = 0; index < bytes.length; index++) hash = Math.imul(hash ^ bytes[index]!, 0x01000193);
  return `${bytes.length}:${(hash >>> 0).toString(36)}`;
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let index = 0; index < a.length; index++) if (a[index] !== b[index]) return false;
  return true;
}
