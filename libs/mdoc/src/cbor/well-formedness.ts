import { MdocError } from '../mdoc-error';

/** Limits on untrusted CBOR, checked before any of it is decoded. */
export interface CborLimits {
  /** Deepest nesting of arrays, maps and tags (default 32: an mdoc nests about 8 deep). */
  readonly maxDepth?: number;
  /** Most data items in the whole input (default 1 000 000). */
  readonly maxItems?: number;
  /** Tags accepted; any other is refused (default {@link MDOC_TAGS}). */
  readonly tags?: ReadonlySet<number>;
}

/**
 * The tags ISO/IEC 18013-5 and the COSE structures it carries use: 0 (tdate) and 1 (epoch date),
 * 2 and 3 (bignums), 16–18 and 96–98 (COSE_Encrypt0, Mac0, Sign1, Encrypt, Mac, Sign — RFC 9052
 * §2), 24 (embedded CBOR, §8.1), 61 (CWT), 100 and 1004 (days since the epoch and full-date,
 * RFC 8943 — the printed documents' seals use the former), 55799 (self-described CBOR).
 */
export const MDOC_TAGS: ReadonlySet<number> = new Set([0, 1, 2, 3, 16, 17, 18, 24, 61, 96, 97, 98, 100, 1004, 55799]);

const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Checks that `bytes` is exactly one well-formed CBOR data item (RFC 8949 §3 and Appendix C)
 * within the limits, without recursion (so nesting cannot overflow the stack) and without
 * decoding values: reserved additional information (28–30), lengths beyond the input, break codes
 * outside indefinite-length items, indefinite-length strings with chunks of another type, invalid
 * UTF-8 in text strings, unknown tags, nesting deeper than `maxDepth` and trailing bytes are each
 * refused with their own code.
 *
 * @throws {MdocError} `CBOR_TRUNCATED`, `CBOR_RESERVED_VALUE`, `CBOR_INVALID_UTF8`, `CBOR_TOO_DEEP`,
 * `CBOR_TOO_MANY_ITEMS`, `CBOR_UNKNOWN_TAG`, `CBOR_TRAILING_BYTES`, `CBOR_DECODING_FAILED` (misplaced break, bad string chunk).
 */
export function checkCborWellFormed(bytes: Uint8Array, what = 'CBOR data', limits: CborLimits = {}): void {
  const maxDepth = limits.maxDepth ?? 32;
  const maxItems = limits.maxItems ?? 1_000_000;
  const tags = limits.tags ?? MDOC_TAGS;
  const fail = (code: ConstructorParameters<typeof MdocError>[0], problem: string, offset: number): never => {
    throw new MdocError(code, `${what}: ${problem} at byte ${offset}`, { offset });
  };
  // The open containers: items still expected (-1: indefinite, until a break), and for an
  // indefinite-length string the major type its chunks must have (else -1).
  const remaining: number[] = [];
  const chunkType: number[] = [];
  let offset = 0;
  let items = 0;

  const readArgument = (info: number, start: number): number => {
    if (info < 24) return info;
    const size = info === 24 ? 1 : info === 25 ? 2 : info === 26 ? 4 : 8;
    if (offset + size > bytes.length) fail('CBOR_TRUNCATED', 'the input ends inside an argument', start);
    let value = 0;
    for (let index = 0; index < size; index++) value = value * 256 + bytes[offset + index]!;
    offset += size;
    return value;
  };

  /** One item was completed: count it against its container, closing containers that are full. */
  const completed = (): void => {
    while (remaining.length > 0) {
      const last = remaining.length - 1;
      if (remaining[last]! < 0) return;
      remaining[last]!--;
      if (remaining[last]! > 0) return;
      remaining.pop();
      chunkType.pop();
    }
  };

  const open = (count: number, chunks: number, start: number): void => {
    if (remaining.length >= maxDepth) fail('CBOR_TOO_DEEP', `nesting deeper than ${maxDepth}`, start);
    remaining.push(count);
    chunkType.push(chunks);
  };

  do {
    const start = offset;
    if (offset >= bytes.length) fail('CBOR_TRUNCATED', remaining.length > 0 ? 'the input ends inside an array, map or tag' : 'the input is empty', start);
    if (++items > maxItems) fail('CBOR_TOO_MANY_ITEMS', `more than ${maxItems} data items`, start);
    const initial = bytes[offset++]!;
    const major = initial >> 5;
    const info = initial & 0x1f;
    const inChunks = chunkType.length > 0 ? chunkType[chunkType.length - 1]! : -1;
    if (initial === 0xff) {
      if (remaining.length === 0 || remaining[remaining.length - 1] !== -1) fail('CBOR_DECODING_FAILED', 'a break code outside an indefinite-length item', start);
      remaining.pop();
      chunkType.pop();
      completed();
      continue;
    }
    if (inChunks >= 0 && (major !== inChunks || info === 31)) fail('CBOR_DECODING_FAILED', 'a chunk of an indefinite-length string is not a definite string of the same type', start);
    if (info >= 28 && info <= 30) fail('CBOR_RESERVED_VALUE', `reserved additional information ${info}`, start);
    if (info === 31) {
      if (major === 0 || major === 1 || major === 6) fail('CBOR_RESERVED_VALUE', `indefinite length for major type ${major}`, start);
      if (major === 7) fail('CBOR_DECODING_FAILED', 'a break code outside an indefinite-length item', start);
      open(-1, major === 2 || major === 3 ? major : -1, start);
      continue;
    }
    const argument = readArgument(info, start);
    switch (major) {
      case 0:
      case 1:
        completed();
        break;
      case 2:
      case 3: {
        if (argument > bytes.length - offset) fail('CBOR_TRUNCATED', `a ${major === 2 ? 'byte' : 'text'} string of ${argument} bytes runs past the input`, start);
        if (major === 3) {
          try {
            utf8.decode(bytes.subarray(offset, offset + argument));
          } catch {
            fail('CBOR_INVALID_UTF8', 'a text string is not valid UTF-8', start);
          }
        }
        offset += argument;
        completed();
        break;
      }
      case 4:
      case 5: {
        const count = major === 5 ? argument * 2 : argument;
        // Each item takes at least one byte: a count beyond the input is truncated, whatever follows.
        if (count > bytes.length - offset) fail('CBOR_TRUNCATED', `${major === 4 ? 'an array' : 'a map'} of ${argument} entries runs past the input`, start);
        if (count === 0) completed();
        else open(count, -1, start);
        break;
      }
      case 6:
        if (!tags.has(argument)) fail('CBOR_UNKNOWN_TAG', `tag ${argument} is not one this data may use`, start);
        open(1, -1, start);
        break;
      case 7:
        if (info === 24 && argument < 32) fail('CBOR_RESERVED_VALUE', `simple value ${argument} in two bytes`, start);
        completed();
        break;
    }
  } while (remaining.length > 0);
  if (offset !== bytes.length) fail('CBOR_TRAILING_BYTES', `${bytes.length - offset} bytes after the data item`, offset);
}
