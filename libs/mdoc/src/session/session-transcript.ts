import { concatBytes, decodeCbor, encodeCbor, isTag } from '../cbor/cbor';
import { EncodedCbor, taggedItemBytes } from '../cbor/encoded-cbor';
import { asArray } from '../cbor/structure';
import type { CoseKey } from '../cose/cose-key';
import { MdocError } from '../mdoc-error';

const CBOR_NULL = Uint8Array.of(0xf6);

/**
 * SessionTranscript (ISO/IEC 18013-5:2021 §9.1.5.1):
 * `[DeviceEngagementBytes, EReaderKeyBytes, Handover]`; for QR engagement the Handover is
 * `null` (QRHandover), for NFC it is `[HandoverSelect, HandoverRequest / null]`, and
 * ISO/IEC 18013-7 / OpenID4VP define their own. Held as its encoded bytes, because
 * DeviceAuthentication, ReaderAuthentication and key derivation embed or hash exactly
 * those bytes.
 */
export class SessionTranscript {
  private constructor(
    /** The CBOR encoding of the SessionTranscript array. */
    readonly bytes: Uint8Array,
  ) {}

  static fromBytes(bytes: Uint8Array): SessionTranscript {
    let value = decodeCbor(bytes, 'SessionTranscript');
    let itemBytes = bytes;
    if (isTag(value, 24)) {
      const embedded = EncodedCbor.fromTag<unknown>(value, 'SessionTranscriptBytes');
      itemBytes = embedded.itemBytes;
      value = embedded.value;
    }
    const parts = asArray(value, 'SessionTranscript');
    if (parts.length !== 3) throw new MdocError('CBOR_STRUCTURE_INVALID', 'SessionTranscript must be an array of 3 elements');
    return new SessionTranscript(itemBytes);
  }

  /** Builds the transcript for a device-engagement-based session (§9.1.5.1). */
  static create(params: { deviceEngagementBytes: Uint8Array | null; eReaderKey: CoseKey | null; handover: unknown }): SessionTranscript {
    const eReaderKeyBytes = params.eReaderKey ? EncodedCbor.fromValue(params.eReaderKey).toTag() : null;
    const deviceEngagement = params.deviceEngagementBytes ? EncodedCbor.fromItemBytes(params.deviceEngagementBytes).toTag() : null;
    return new SessionTranscript(encodeCbor([deviceEngagement, eReaderKeyBytes, params.handover]));
  }

  /**
   * Builds the transcript from its parts as encoded bytes, re-encoding none of them (§9.1.5.1):
   * `deviceEngagementBytes` and `eReaderKeyBytes` are the embedded items (the content of
   * DeviceEngagementBytes and EReaderKeyBytes, as received), `handoverBytes` the encoded Handover
   * (`F6`, CBOR null, for QR engagement). An mdoc builds its transcript this way from the
   * EReaderKeyBytes it received in SessionEstablishment.
   */
  static fromEncodedParts(params: { deviceEngagementBytes: Uint8Array | null; eReaderKeyBytes: Uint8Array | null; handoverBytes?: Uint8Array }): SessionTranscript {
    const handoverBytes = params.handoverBytes ?? CBOR_NULL;
    decodeCbor(handoverBytes, 'Handover');
    const embed = (itemBytes: Uint8Array | null): Uint8Array => (itemBytes ? taggedItemBytes(itemBytes) : CBOR_NULL);
    return new SessionTranscript(concatBytes(Uint8Array.of(0x83), embed(params.deviceEngagementBytes), embed(params.eReaderKeyBytes), handoverBytes));
  }

  /** SessionTranscriptBytes = #6.24(bstr .cbor SessionTranscript), the input to session key derivation (§9.1.5.1). */
  taggedBytes(): Uint8Array {
    return taggedItemBytes(this.bytes);
  }

  get value(): unknown[] {
    return decodeCbor(this.bytes) as unknown[];
  }
}

/**
 * Encodes `[label, <SessionTranscript as received>, ...rest]` without re-encoding the transcript,
 * as DeviceAuthentication (§9.1.3.4) and ReaderAuthentication (§9.1.4.1) require.
 */
export function encodeTranscriptStructure(label: string, transcript: SessionTranscript, rest: readonly Uint8Array[]): Uint8Array {
  const count = 2 + rest.length;
  if (count > 23) throw new RangeError('structure too long');
  return concatBytes(Uint8Array.of(0x80 | count), encodeCbor(label), transcript.bytes, ...rest);
}
