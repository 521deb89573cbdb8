import { StatusListError } from './status-list-error';
import { DEFAULT_MAX_STATUS_LIST_BYTES, zlibCompress, zlibDecompress } from './zlib';

/** Bits per Referenced Token (§4.1 step 1): 1, 2, 4 or 8, so that no status crosses a byte. */
export type StatusBits = 1 | 2 | 4 | 8;

export const STATUS_BITS: readonly StatusBits[] = [1, 2, 4, 8];

export function isStatusBits(value: unknown): value is StatusBits {
  return value === 1 || value === 2 || value === 4 || value === 8;
}

/** Upper bound on the byte array a StatusList is created with (1 GiB, 8.6 billion one-bit entries). */
const MAX_CREATE_BYTES = 2 ** 30;

/**
 * A Status List's byte array (§4.1): one status of `bits` bits per Referenced Token, the token with
 * index `i` in byte `⌊i·bits/8⌋`, its blocks packed from the least significant bit ("0") to the
 * most significant ("7") — so statuses 1,0,0,1,1,1,0,1 (indices 0–7) make the byte 0xB9 (§4.1,
 * §11.1: bits are numbered right to left, bytes left to right).
 *
 * The list's {@link size} is its capacity, `bytes·8/bits`: a decoded list cannot know how many of
 * its trailing entries the issuer actually assigned, so every index below the capacity reads.
 */
export class StatusList {
  private readonly data: Uint8Array;

  private constructor(
    readonly bits: StatusBits,
    data: Uint8Array,
  ) {
    this.data = data;
  }

  /** An all-VALID (0x00) list with room for at least `size` entries (§4.1 step 2). */
  static create(size: number, bits: StatusBits = 1): StatusList {
    assertBits(bits);
    if (!Number.isSafeInteger(size) || size < 1) throw new StatusListError('STATUS_LIST_MALFORMED', `a Status List needs a positive integer size, not ${String(size)}`);
    const length = Math.ceil((size * bits) / 8);
    if (length > MAX_CREATE_BYTES) throw new StatusListError('STATUS_LIST_TOO_LARGE', `a Status List of ${size} ${bits}-bit entries would take ${length} bytes`);
    return new StatusList(bits, new Uint8Array(length));
  }

  /** A list holding `statuses[i]` at index `i` (padded with VALID to a whole byte). */
  static fromStatuses(statuses: ArrayLike<number>, bits: StatusBits = 1): StatusList {
    const list = StatusList.create(Math.max(statuses.length, 1), bits);
    for (let index = 0; index < statuses.length; index++) list.set(index, statuses[index]!);
    return list;
  }

  /** A list over a copy of an uncompressed byte array. */
  static fromBytes(bytes: Uint8Array, bits: StatusBits): StatusList {
    assertBits(bits);
    if (!(bytes instanceof Uint8Array) || bytes.length === 0) throw new StatusListError('STATUS_LIST_MALFORMED', 'a Status List byte array must not be empty');
    return new StatusList(bits, new Uint8Array(bytes));
  }

  /**
   * Decompresses `lst` (ZLIB, RFC 1950; §8.3 step 5). Fails with `STATUS_LIST_MALFORMED` for
   * anything that is not a ZLIB stream or decompresses to nothing, and `STATUS_LIST_TOO_LARGE` past
   * `maxBytes` (default {@link DEFAULT_MAX_STATUS_LIST_BYTES}).
   */
  static decompress(compressed: Uint8Array, bits: StatusBits, options: { maxBytes?: number } = {}): StatusList {
    assertBits(bits);
    const bytes = zlibDecompress(compressed, options.maxBytes ?? DEFAULT_MAX_STATUS_LIST_BYTES);
    if (bytes.length === 0) throw new StatusListError('STATUS_LIST_MALFORMED', 'the Status List decompresses to an empty byte array');
    return new StatusList(bits, bytes);
  }

  /** The number of entries the list has room for: `bytes·8/bits`. */
  get size(): number {
    return (this.data.length * 8) / this.bits;
  }

  /** The status value at `index` (§8.3 step 6). Throws `STATUS_INDEX_OUT_OF_RANGE` outside 0…size−1. */
  get(index: number): number {
    this.assertIndex(index);
    const bitOffset = index * this.bits;
    return (this.data[bitOffset >>> 3]! >>> (bitOffset & 7)) & ((1 << this.bits) - 1);
  }

  /** Sets the status at `index` (§4.1 step 3). The value must fit in `bits` bits (§7). */
  set(index: number, value: number): void {
    this.assertIndex(index);
    const max = (1 << this.bits) - 1;
    if (!Number.isInteger(value) || value < 0 || value > max) {
      throw new StatusListError('STATUS_VALUE_INVALID', `status value ${String(value)} does not fit in ${this.bits} bit(s) (0–${max}, §7)`, { bits: this.bits });
    }
    const bitOffset = index * this.bits;
    const byteIndex = bitOffset >>> 3;
    const shift = bitOffset & 7;
    const mask = max << shift;
    this.data[byteIndex] = (this.data[byteIndex]! & ~mask) | (value << shift);
  }

  /** Every status, index by index. */
  statuses(): number[] {
    const out = new Array<number>(this.size);
    for (let index = 0; index < out.length; index++) out[index] = this.get(index);
    return out;
  }

  /** The uncompressed byte array (a copy). */
  toBytes(): Uint8Array {
    return new Uint8Array(this.data);
  }

  /** The compressed byte array of §4.1 step 4: DEFLATE in ZLIB format at the highest level. */
  compress(): Uint8Array {
    return zlibCompress(this.data);
  }

  equals(other: StatusList): boolean {
    if (other.bits !== this.bits || other.data.length !== this.data.length) return false;
    return this.data.every((byte, index) => byte === other.data[index]);
  }

  private assertIndex(index: number): void {
    if (!Number.isSafeInteger(index) || index < 0 || index >= this.size) {
      throw new StatusListError('STATUS_INDEX_OUT_OF_RANGE', `index ${String(index)} is outside the Status List (0–${this.size - 1}); no statement about the status can be made (§8.3 step 6)`, {
        size: this.size,
      });
    }
  }
}

function assertBits(bits: unknown): asserts bits is StatusBits {
  if (!isStatusBits(bits)) throw new StatusListError('STATUS_LIST_BITS_INVALID', `bits must be 1, 2, 4 or 8 (§4.1 step 1), not ${String(bits)}`);
}
