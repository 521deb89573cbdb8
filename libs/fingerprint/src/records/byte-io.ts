import { FingerprintError, type MinutiaeRecordErrorCode } from '../fingerprint-error';

/** Big-endian reads within `[offset, end)`; running past `end` is {@link FingerprintError} `FMR_TRUNCATED` (or the code the caller gives). */
export class ByteReader {
  constructor(
    private readonly bytes: Uint8Array,
    public offset: number,
    readonly end: number,
    private readonly shortCode: MinutiaeRecordErrorCode = 'FMR_TRUNCATED',
  ) {}

  get remaining(): number {
    return this.end - this.offset;
  }

  /** Fails unless `count` more bytes are available for `what`. */
  need(count: number, what: string): void {
    if (this.offset + count > this.end) {
      throw new FingerprintError(this.shortCode, `${what} needs ${count} bytes at offset ${this.offset}, ${this.remaining} left`, { offset: this.offset, needed: count, available: this.remaining });
    }
  }

  u8(what: string): number {
    this.need(1, what);
    return this.bytes[this.offset++]!;
  }

  u16(what: string): number {
    this.need(2, what);
    const value = (this.bytes[this.offset]! << 8) | this.bytes[this.offset + 1]!;
    this.offset += 2;
    return value;
  }

  u32(what: string): number {
    this.need(4, what);
    const value = ((this.bytes[this.offset]! << 24) | (this.bytes[this.offset + 1]! << 16) | (this.bytes[this.offset + 2]! << 8) | this.bytes[this.offset + 3]!) >>> 0;
    this.offset += 4;
    return value;
  }

  /** A copy of the next `count` bytes. */
  take(count: number, what: string): Uint8Array {
    this.need(count, what);
    const value = this.bytes.slice(this.offset, this.offset + count);
    this.offset += count;
    return value;
  }
}

/** Big-endian writes into a buffer of a length computed beforehand. */
export class ByteWriter {
  readonly bytes: Uint8Array;
  offset = 0;

  constructor(length: number) {
    this.bytes = new Uint8Array(length);
  }

  u8(value: number): void {
    this.bytes[this.offset++] = value;
  }

  u16(value: number): void {
    this.bytes[this.offset++] = value >>> 8;
    this.bytes[this.offset++] = value & 0xff;
  }

  u32(value: number): void {
    this.u16(value >>> 16);
    this.u16(value & 0xffff);
  }

  write(value: Uint8Array): void {
    this.bytes.set(value, this.offset);
    this.offset += value.length;
  }
}
