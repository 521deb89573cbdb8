import { decodeCbor, encodeCbor } from '../cbor/cbor';
import { EncodedCbor } from '../cbor/encoded-cbor';
import { asBytes, asMap, required } from '../cbor/structure';
import { coseKeyToJwk, type CoseKey } from '../cose/cose-key';
import { MdocError } from '../mdoc-error';
import { SessionStatus } from './session-data';

/**
 * SessionEstablishment (ISO/IEC 18013-5:2021 §9.1.1.4):
 * `{ "eReaderKey": EReaderKeyBytes, "data": bstr }`, the reader's first message: its ephemeral
 * public key, EReaderKeyBytes = `#6.24(bstr .cbor EReaderKey)` with EReaderKey a COSE_Key, and the
 * first DeviceRequest encrypted with SKReader (§9.1.1.5).
 *
 * Kept as received: the mdoc builds its SessionTranscript from the EReaderKeyBytes exactly as they
 * arrived (§9.1.5.1), and {@link bytes} is what was sent or received.
 */
export class SessionEstablishment {
  private constructor(
    /** The message as sent or received. */
    readonly bytes: Uint8Array,
    /** EReaderKeyBytes: the embedded COSE_Key with its bytes as received. */
    readonly eReaderKeyBytes: EncodedCbor<CoseKey>,
    /** The encrypted DeviceRequest (AES-256-GCM ciphertext followed by its 16-byte tag). */
    readonly data: Uint8Array,
  ) {}

  /** EReaderKey, the reader's ephemeral public key. */
  get eReaderKey(): CoseKey {
    return this.eReaderKeyBytes.value;
  }

  static create(params: { eReaderKeyBytes: EncodedCbor<CoseKey>; data: Uint8Array }): SessionEstablishment {
    const bytes = encodeCbor(
      new Map<string, unknown>([
        ['eReaderKey', params.eReaderKeyBytes.toTag()],
        ['data', params.data],
      ]),
    );
    return new SessionEstablishment(bytes, params.eReaderKeyBytes, params.data);
  }

  /**
   * Parses a received SessionEstablishment. Anything that is not one — CBOR that is not
   * well-formed, missing or mistyped members, an EReaderKey that is not an EC2 COSE_Key — throws
   * `SESSION_MESSAGE_INVALID`, for which the mdoc sends status 11 (Table 20). Unknown members are
   * ignored (later editions may add some).
   */
  static fromBytes(bytes: Uint8Array): SessionEstablishment {
    const what = 'SessionEstablishment';
    try {
      const map = asMap(decodeCbor(bytes, what), what);
      const eReaderKeyBytes = EncodedCbor.fromTag<CoseKey>(required(map, 'eReaderKey', what), 'EReaderKeyBytes');
      coseKeyToJwk(eReaderKeyBytes.value, 'EReaderKey');
      const data = asBytes(required(map, 'data', what), `${what} data`);
      return new SessionEstablishment(bytes, eReaderKeyBytes, data);
    } catch (error) {
      throw sessionMessageInvalid(error);
    }
  }
}

/** Wraps a parsing failure of a session message as `SESSION_MESSAGE_INVALID` (status 11). */
export function sessionMessageInvalid(error: unknown): MdocError {
  if (error instanceof MdocError && error.code === 'SESSION_MESSAGE_INVALID') return error;
  const message = error instanceof Error ? error.message : String(error);
  return new MdocError('SESSION_MESSAGE_INVALID', message, { sessionStatus: SessionStatus.CBOR_DECODING_ERROR, ...(error instanceof MdocError && { causeCode: error.code }) }, { cause: error });
}
