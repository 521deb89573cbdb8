import { toHex } from '../cbor/cbor';
import { asBytes, asText, invalid, required } from '../cbor/structure';
import type { DeviceEngagement, DeviceRetrievalMethod } from './device-engagement';

/**
 * Citizen Zero's private device retrieval method: the session protocol (§9.1.1) carried over a
 * WebSocket relay, so that two browsers — a wallet and a verifier — can hold an ISO/IEC 18013-5
 * session with each other. Web Bluetooth can only be a BLE central, never the mdoc peripheral, and
 * browsers reach neither NFC card emulation nor Wi-Fi Aware, so none of the §8.3.3 transports works
 * between two web apps.
 *
 * **Where it departs from the standard.** ISO/IEC 18013-5:2021 §8.2.1.1 lets DeviceEngagement carry
 * `DeviceRetrievalMethods = [+ DeviceRetrievalMethod]`, `DeviceRetrievalMethod = [type, version,
 * RetrievalOptions]`, and defines the types 1 (NFC), 2 (BLE) and 3 (Wi-Fi Aware) with their
 * transports in §8.3.3; ISO/IEC TS 18013-7 adds 4 (HTTP). There is no WebSocket type, so this one
 * uses a value the standards leave unassigned, 17242 (0x435A, ASCII "CZ"), far from the small numbers
 * they assign. A reader that does not know the type can skip the entry (it is still a well-formed
 * DeviceRetrievalMethod), so an engagement may list BLE beside it for native readers.
 *
 * It is a *device* retrieval method, not a ServerRetrievalMethods entry (DeviceEngagement key 3): server
 * retrieval (§8.3.2.2) has the reader fetch the data from the issuing authority's server with a
 * token, without session encryption with the mdoc. Here the mdoc answers itself, over the same
 * SessionEstablishment/SessionData messages as BLE, encrypted end to end with SKReader/SKDevice
 * (§9.1.1.5); the relay only forwards ciphertext.
 *
 * ```cddl
 * WebSocketRelayRetrievalMethod = [
 *   type: 17242,        ; private, not in ISO/IEC 18013-5 §8.2.1.1
 *   version: 1,
 *   WebSocketRelayOptions
 * ]
 * WebSocketRelayOptions = {
 *   0: tstr,            ; relay endpoint: a ws: or wss: URL without query, fragment or credentials
 *   1: bstr .size 16,   ; session id: 128 random bits chosen by the mdoc
 *   * int => any        ; future options (ignored)
 * }
 * ```
 *
 * Both ends connect to `<relay endpoint>/<session id as 32 lowercase hex digits>?role=mdoc|reader`;
 * the relay pairs them and forwards each binary message unchanged (see {@link RelayCloseCode}).
 * Like the rest of DeviceEngagement, the method travels inside DeviceEngagementBytes, which go into
 * the SessionTranscript as received: nothing here is ever re-encoded from parsed values.
 */
export const WEBSOCKET_RELAY_RETRIEVAL_TYPE = 0x435a;
export const WEBSOCKET_RELAY_RETRIEVAL_VERSION = 1;
/** Keys of WebSocketRelayOptions. */
export const WebSocketRelayOption = { RELAY_URL: 0, SESSION_ID: 1 } as const;
export const RELAY_SESSION_ID_BYTES = 16;
/** A session id as it appears in the relay path: 32 lowercase hexadecimal digits. */
export const RELAY_SESSION_ID_PATTERN = /^[0-9a-f]{32}$/;
/** Longest relay endpoint URL accepted (it travels in a QR code). */
export const MAX_RELAY_URL_LENGTH = 512;

/** Which end of the session a relay connection is: the mdoc (wallet) or the mdoc reader (verifier). */
export type RelayRole = 'mdoc' | 'reader';
export const RELAY_ROLES: readonly RelayRole[] = ['mdoc', 'reader'];

/**
 * WebSocket close codes (RFC 6455 §7.4) of the relay protocol, sent by the relay to the ends it
 * closes; the 4xxx ones are private-use codes, named after the HTTP status they resemble.
 */
export const RelayCloseCode = {
  /** The session is over: the peer closed normally (or this end did). */
  NORMAL: 1000,
  /** The relay is shutting down. */
  GOING_AWAY: 1001,
  /** A text frame: only binary frames (whole SessionEstablishment/SessionData messages) are relayed. */
  UNSUPPORTED_DATA: 1003,
  /** A frame larger than the relay's maximum frame size. */
  MESSAGE_TOO_BIG: 1009,
  /** The relay failed. */
  INTERNAL_ERROR: 1011,
  /** The relay holds as many sessions as it may. */
  TRY_AGAIN_LATER: 1013,
  /** An end received a text frame from the relay (never sent by a working relay). */
  PROTOCOL_VIOLATION: 4002,
  /** The path or query is not `/<32 hex digits>?role=mdoc|reader`. */
  BAD_REQUEST: 4400,
  /** The session's idle time or lifetime ran out (e.g. the peer never came). */
  SESSION_EXPIRED: 4408,
  /** The role is already connected in this session: one connection per role. */
  ROLE_TAKEN: 4409,
  /** The peer went away without closing normally, or the session id belongs to a session that has ended. */
  SESSION_ENDED: 4410,
  /** Too many frames or bytes wait for a peer that is absent or not reading. */
  BUFFER_FULL: 4413,
  /** Too many connection attempts from this address. */
  RATE_LIMITED: 4429,
} as const;

export type RelayCloseCodeValue = (typeof RelayCloseCode)[keyof typeof RelayCloseCode];

/** The relay endpoint and session id of a {@link WEBSOCKET_RELAY_RETRIEVAL_TYPE} retrieval method. */
export class WebSocketRelayRetrieval {
  private constructor(
    /** The relay endpoint URL, exactly as in the engagement. */
    readonly relayUrl: string,
    /** The 16-byte session id. */
    readonly sessionId: Uint8Array,
  ) {}

  /** The mdoc's side: a fresh random session id on `relayUrl` (e.g. `wss://verify.example/relay/sessions`). */
  static create(relayUrl: string, sessionId: Uint8Array = crypto.getRandomValues(new Uint8Array(RELAY_SESSION_ID_BYTES))): WebSocketRelayRetrieval {
    return new WebSocketRelayRetrieval(checkRelayUrl(relayUrl), checkSessionId(Uint8Array.from(sessionId)));
  }

  /** Reads a DeviceRetrievalMethod of type {@link WEBSOCKET_RELAY_RETRIEVAL_TYPE}; throws `CBOR_STRUCTURE_INVALID` when it is not a valid one. */
  static fromMethod(method: DeviceRetrievalMethod): WebSocketRelayRetrieval {
    const what = 'WebSocketRelayRetrievalMethod';
    if (method.type !== WEBSOCKET_RELAY_RETRIEVAL_TYPE) throw invalid(what, `type ${method.type} is not ${WEBSOCKET_RELAY_RETRIEVAL_TYPE}`);
    if (method.version !== WEBSOCKET_RELAY_RETRIEVAL_VERSION) throw invalid(what, `version ${method.version} is not supported`);
    const options = new Map(method.options);
    const relayUrl = asText(required(options, WebSocketRelayOption.RELAY_URL, what), `${what} relay URL`);
    const sessionId = asBytes(required(options, WebSocketRelayOption.SESSION_ID, what), `${what} session id`);
    return new WebSocketRelayRetrieval(checkRelayUrl(relayUrl), checkSessionId(sessionId));
  }

  /**
   * The reader's side: the first relay method of a received engagement with a version this code
   * knows, or undefined when it offers none. A relay method that is malformed throws.
   *
   * The relay URL is whatever the QR code says: a verifier should connect only to relays it
   * trusts to be up (an allow-list of endpoints). Confidentiality does not depend on the relay —
   * messages are encrypted end to end — but an unknown host would learn the verifier's address.
   */
  static fromEngagement(engagement: DeviceEngagement): WebSocketRelayRetrieval | undefined {
    const method = engagement.retrievalMethods.find((candidate) => candidate.type === WEBSOCKET_RELAY_RETRIEVAL_TYPE && candidate.version === WEBSOCKET_RELAY_RETRIEVAL_VERSION);
    return method && WebSocketRelayRetrieval.fromMethod(method);
  }

  /** The DeviceRetrievalMethod to put in {@link DeviceEngagement.create}. */
  toMethod(): DeviceRetrievalMethod {
    return {
      type: WEBSOCKET_RELAY_RETRIEVAL_TYPE,
      version: WEBSOCKET_RELAY_RETRIEVAL_VERSION,
      options: new Map<number, unknown>([
        [WebSocketRelayOption.RELAY_URL, this.relayUrl],
        [WebSocketRelayOption.SESSION_ID, Uint8Array.from(this.sessionId)],
      ]),
    };
  }

  /** The session id as it appears in the relay path. */
  get sessionIdHex(): string {
    return toHex(this.sessionId);
  }

  /** The URL an end connects to: `<relay endpoint>/<session id hex>?role=<role>`. */
  sessionUrl(role: RelayRole): string {
    return `${this.relayUrl.replace(/\/+$/, '')}/${this.sessionIdHex}?role=${role}`;
  }
}

function checkRelayUrl(relayUrl: string): string {
  const what = 'WebSocketRelayRetrievalMethod relay URL';
  if (relayUrl.length > MAX_RELAY_URL_LENGTH) throw invalid(what, `longer than ${MAX_RELAY_URL_LENGTH} characters`);
  let url: URL;
  try {
    url = new URL(relayUrl);
  } catch {
    throw invalid(what, 'not a URL');
  }
  if (url.protocol !== 'wss:' && url.protocol !== 'ws:') throw invalid(what, 'not a ws: or wss: URL');
  if (url.search || url.hash || relayUrl.includes('?') || relayUrl.includes('#')) throw invalid(what, 'has a query or fragment');
  if (url.username || url.password) throw invalid(what, 'carries credentials');
  return relayUrl;
}

function checkSessionId(sessionId: Uint8Array): Uint8Array {
  if (sessionId.length !== RELAY_SESSION_ID_BYTES) throw invalid('WebSocketRelayRetrievalMethod session id', `${sessionId.length} bytes instead of ${RELAY_SESSION_ID_BYTES}`);
  return sessionId;
}
