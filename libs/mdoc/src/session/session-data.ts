import { decodeCbor, encodeCbor } from '../cbor/cbor';
import { asBytes, asMap, asUint, invalid } from '../cbor/structure';
import { MdocError } from '../mdoc-error';

/**
 * SessionData status codes (ISO/IEC 18013-5:2021 §9.1.1.4, Table 20). Each of them ends the session.
 */
export const SessionStatus = {
  /** Error: session encryption. The session shall be terminated. */
  SESSION_ENCRYPTION_ERROR: 10,
  /** Error: CBOR decoding. The session shall be terminated. */
  CBOR_DECODING_ERROR: 11,
  /** Session termination. The session shall be terminated. */
  SESSION_TERMINATION: 20,
} as const;

export type SessionStatusCode = (typeof SessionStatus)[keyof typeof SessionStatus];

/**
 * SessionData (ISO/IEC 18013-5:2021 §9.1.1.4): `{ ? "data": bstr, ? "status": uint }`, every
 * message after SessionEstablishment, in both directions: `data` is an encrypted DeviceRequest
 * (reader → mdoc) or DeviceResponse (mdoc → reader), `status` one of Table 20 ({@link SessionStatus}).
 * Kept as received ({@link bytes}).
 */
export class SessionData {
  private constructor(
    /** The message as sent or received. */
    readonly bytes: Uint8Array,
    /** The encrypted payload (AES-256-GCM ciphertext followed by its 16-byte tag), if any. */
    readonly data: Uint8Array | undefined,
    /** The status, if any. */
    readonly status: number | undefined,
  ) {}

  /** A SessionData with `data`, `status` or both (an mdoc may send its last response together with status 20). */
  static create(params: { data?: Uint8Array; status?: number }): SessionData {
    if (params.data === undefined && params.status === undefined) throw new MdocError('SESSION_MESSAGE_INVALID', 'SessionData needs data, status or both');
    if (params.status !== undefined && (!Number.isSafeInteger(params.status) || params.status < 0)) throw new MdocError('SESSION_MESSAGE_INVALID', 'SessionData status is an unsigned integer');
    const map = new Map<string, unknown>();
    if (params.data !== undefined) map.set('data', params.data);
    if (params.status !== undefined) map.set('status', params.status);
    return new SessionData(encodeCbor(map), params.data, params.status);
  }

  /** A status-only SessionData, e.g. `{ "status": 20 }` to terminate the session. */
  static status(status: number): SessionData {
    return SessionData.create({ status });
  }

  /**
   * Parses a received SessionData. Anything else — CBOR that is not well-formed, mistyped members,
   * a map with neither `data` nor `status` — throws `SESSION_MESSAGE_INVALID`, for which the
   * receiver sends status 11. Unknown members are ignored. A status outside Table 20 parses (the
   * session decides what it means).
   */
  static fromBytes(bytes: Uint8Array): SessionData {
    const what = 'SessionData';
    try {
      const map = asMap(decodeCbor(bytes, what), what);
      const data = map.has('data') ? asBytes(map.get('data'), `${what} data`) : undefined;
      const status = map.has('status') ? asUint(map.get('status'), `${what} status`) : undefined;
      if (data === undefined && status === undefined) throw invalid(what, 'has neither data nor status');
      return new SessionData(bytes, data, status);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      throw new MdocError('SESSION_MESSAGE_INVALID', message, { sessionStatus: SessionStatus.CBOR_DECODING_ERROR }, { cause: error });
    }
  }
}
