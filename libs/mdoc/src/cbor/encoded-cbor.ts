import { decodeCbor, encodeCbor, isTag, concatBytes, Tag } from './cbor';
import { MdocError } from '../mdoc-error';

/**
 * An embedded CBOR data item, `#6.24(bstr .cbor T)` (RFC 8949 §3.4.5.1), as used by
 * IssuerSignedItemBytes, MobileSecurityObjectBytes, DeviceNameSpacesBytes,
 * ItemsRequestBytes, DeviceEngagementBytes and SessionTranscriptBytes
 * (ISO/IEC 18013-5:2021 §8.3.2.1.2.2, §9.1.2.4, §9.1.5.1).
 *
 * It keeps the exact bytes of the embedded item as received or as produced, and
 * every digest and signature is computed over those bytes: a value that was
 * received is never re-encoded (re-encoding breaks interoperability when the
 * sender's encoder made different but valid choices).
 */
export class EncodedCbor<T> {
  private tagged: Uint8Array | undefined;

  private constructor(
    /** The embedded item's own CBOR bytes: the content of the tag-24 byte string. */
    readonly itemBytes: Uint8Array,
    /** The embedded item, decoded. */
    readonly value: T,
  ) {}

  /** Encodes `value` and wraps it. Only for values this process is producing. */
  static fromValue<T>(value: T): EncodedCbor<T> {
    return new EncodedCbor(encodeCbor(value), value);
  }

  /** Wraps received item bytes, decoding them once. */
  static fromItemBytes<T = unknown>(itemBytes: Uint8Array, what = 'embedded CBOR item'): EncodedCbor<T> {
    return new EncodedCbor(itemBytes, decodeCbor(itemBytes, what) as T);
  }

  /** Wraps a decoded tag-24 data item as found inside a received structure. */
  static fromTag<T = unknown>(tag: unknown, what: string): EncodedCbor<T> {
    if (!isTag(tag, 24) || !(tag.value instanceof Uint8Array)) {
      throw new MdocError('CBOR_STRUCTURE_INVALID', `${what} must be a tag-24 embedded CBOR byte string`);
    }
    return EncodedCbor.fromItemBytes<T>(tag.value, what);
  }

  /** The tag-24 data item to embed in an enclosing structure. */
  toTag(): Tag {
    return new Tag(this.itemBytes, 24);
  }

  /**
   * The encoding of the whole tag-24 data item (`D8 18` + byte string header + item bytes),
   * which is what 18013-5 hashes for value digests and signs as detached payloads.
   * The byte string header is in preferred (shortest) form, as RFC 8949 §4.1 requires.
   */
  taggedBytes(): Uint8Array {
    return (this.tagged ??= concatBytes(Uint8Array.of(0xd8, 0x18), byteStringHeader(this.itemBytes.length), this.itemBytes));
  }

}

function byteStringHeader(length: number): Uint8Array {
  if (length < 24) return Uint8Array.of(0x40 | length);
  if (length < 0x100) return Uint8Array.of(0x58, length);
  if (length < 0x10000) return Uint8Array.of(0x59, length >> 8, length & 0xff);
  if (length < 0x100000000) return Uint8Array.of(0x5a, (length >>> 24) & 0xff, (length >> 16) & 0xff, (length >> 8) & 0xff, length & 0xff);
  throw new RangeError('embedded CBOR item too large');
}

/** The tag-24 encoding of already-encoded item bytes, without decoding them. */
export function taggedItemBytes(itemBytes: Uint8Array): Uint8Array {
  return concatBytes(Uint8Array.of(0xd8, 0x18), byteStringHeader(itemBytes.length), itemBytes);
}

export function embedEncoded(itemBytes: Uint8Array): Tag {
  return new Tag(itemBytes, 24);
}

export { encodeCbor };
