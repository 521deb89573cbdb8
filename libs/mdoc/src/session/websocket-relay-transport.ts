import { MdocError } from '../mdoc-error';
import type { SessionTransport } from './session-transport';
import { RelayCloseCode, type RelayRole, type WebSocketRelayRetrieval } from './websocket-relay-retrieval';

/**
 * A handler slot of a WebSocket (`onopen`, `onmessage`, …). Typed with a `never` parameter so that
 * both the browser `WebSocket` and the `ws` package's fit, each with its own event types; the
 * transport only ever writes these slots, with handlers reading what both event shapes have.
 */
type HandlerSlot = ((event: never) => unknown) | null;

/**
 * What the transport needs of a WebSocket: the browser `WebSocket` API, which the `ws` package
 * mirrors (libs/mdoc imports neither: a browser passes its global `WebSocket`, Node code `ws`).
 */
export interface WebSocketLike {
  binaryType: string;
  readonly readyState: number;
  onopen: HandlerSlot;
  onmessage: HandlerSlot;
  onclose: HandlerSlot;
  onerror: HandlerSlot;
  send(data: Uint8Array): void;
  close(code?: number, reason?: string): void;
}

/** A WebSocket constructor: the browser's global `WebSocket`, or `WebSocket` from the `ws` package. */
export type WebSocketConstructorLike = new (url: string) => WebSocketLike;

/** How a relay connection closed (RFC 6455 §7.1.5, §7.1.6): a {@link RelayCloseCode} or the peer's code. */
export interface RelayCloseEvent {
  readonly code: number;
  readonly reason: string;
}

const CONNECTING = 0;
const OPEN = 1;

/**
 * A {@link SessionTransport} over one WebSocket connection to the session relay (see
 * {@link WebSocketRelayRetrieval}): each binary message is one whole SessionEstablishment or
 * SessionData message (§9.1.1.4), so no framing of its own is needed, unlike the BLE and NFC
 * transports of §8.3.3 (chunking, command chaining). The relay sees only these messages, encrypted
 * end to end with SKReader/SKDevice (§9.1.1.5).
 *
 * Messages sent while the connection is still opening wait for it; messages received before a
 * handler is registered wait for the handler. A text frame is a protocol violation: the transport
 * closes ({@link RelayCloseCode.PROTOCOL_VIOLATION}). When the connection closes — the peer left,
 * the relay closed the session, or {@link close} — the close handlers run once, and a session that
 * is still running fails with `SESSION_TRANSPORT_CLOSED`.
 *
 * Like every transport, it is opened and closed by whoever creates it, not by the sessions: close
 * it once the session has ended (status 20 sent or received), and the relay then closes the peer.
 */
export class WebSocketRelayTransport implements SessionTransport {
  /** Resolves when the connection is open; rejects with `SESSION_TRANSPORT_CLOSED` if it closes first. */
  readonly opened: Promise<void>;
  /** Resolves once, when the connection has closed, with its code and reason. */
  readonly closed: Promise<RelayCloseEvent>;
  private closeEvent: RelayCloseEvent | undefined;
  private messageHandler: ((message: Uint8Array) => void) | undefined;
  private readonly inbox: Uint8Array[] = [];
  private readonly closeHandlers = new Set<() => void>();
  private resolveOpened!: () => void;
  private rejectOpened!: (error: MdocError) => void;
  private resolveClosed!: (event: RelayCloseEvent) => void;

  /** Uses an existing WebSocket (opening or open); the transport takes over its handler slots. */
  constructor(private readonly socket: WebSocketLike) {
    this.opened = new Promise<void>((resolve, reject) => {
      this.resolveOpened = resolve;
      this.rejectOpened = reject;
    });
    this.opened.catch(() => undefined);
    this.closed = new Promise<RelayCloseEvent>((resolve) => (this.resolveClosed = resolve));
    socket.binaryType = 'arraybuffer';
    socket.onopen = () => this.resolveOpened();
    socket.onmessage = (event: { readonly data: unknown }) => this.receive(event.data);
    socket.onclose = (event: { readonly code: number; readonly reason: string }) => this.closedWith({ code: event.code, reason: event.reason });
    // An error is always followed by a close event, which is where the transport reacts.
    socket.onerror = () => undefined;
    if (socket.readyState === OPEN) this.resolveOpened();
    else if (socket.readyState !== CONNECTING) queueMicrotask(() => this.closedWith({ code: 1006, reason: 'the WebSocket was already closed' }));
  }

  /**
   * Opens a connection to the relay named by a device engagement's retrieval method, as `role`:
   * the wallet connects as `mdoc` to the session id it chose, the verifier as `reader`.
   */
  static connect(params: { readonly retrieval: WebSocketRelayRetrieval; readonly role: RelayRole; readonly WebSocket: WebSocketConstructorLike }): WebSocketRelayTransport {
    return new WebSocketRelayTransport(new params.WebSocket(params.retrieval.sessionUrl(params.role)));
  }

  /** How the connection closed, once it has. */
  get closeInfo(): RelayCloseEvent | undefined {
    return this.closeEvent;
  }

  async send(message: Uint8Array): Promise<void> {
    this.assertOpen();
    await this.opened;
    this.assertOpen();
    this.socket.send(message);
  }

  onMessage(handler: (message: Uint8Array) => void): () => void {
    this.messageHandler = handler;
    queueMicrotask(() => this.flush());
    return () => {
      if (this.messageHandler === handler) this.messageHandler = undefined;
    };
  }

  onClose(handler: () => void): () => void {
    this.closeHandlers.add(handler);
    if (this.closeEvent) queueMicrotask(() => this.closeHandlers.has(handler) && handler());
    return () => void this.closeHandlers.delete(handler);
  }

  /** Closes the connection (normal closure by default); the relay then closes the peer's. */
  close(code: number = RelayCloseCode.NORMAL, reason = ''): void {
    if (this.closeEvent || this.socket.readyState > OPEN) return;
    this.socket.close(code, reason);
  }

  private receive(data: unknown): void {
    if (this.closeEvent) return;
    let message: Uint8Array;
    if (data instanceof ArrayBuffer) message = new Uint8Array(data);
    else if (ArrayBuffer.isView(data)) message = new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
    else {
      this.close(RelayCloseCode.PROTOCOL_VIOLATION, 'text frames are not part of the session protocol');
      return;
    }
    this.inbox.push(message);
    this.flush();
  }

  private flush(): void {
    while (this.messageHandler && this.inbox.length > 0 && !this.closeEvent) this.messageHandler(this.inbox.shift()!);
  }

  private closedWith(event: RelayCloseEvent): void {
    if (this.closeEvent) return;
    this.closeEvent = event;
    this.inbox.length = 0;
    this.rejectOpened(closedError(event));
    this.resolveClosed(event);
    for (const handler of [...this.closeHandlers]) handler();
  }

  private assertOpen(): void {
    if (this.closeEvent) throw closedError(this.closeEvent);
  }
}

function closedError(event: RelayCloseEvent): MdocError {
  return new MdocError('SESSION_TRANSPORT_CLOSED', `the relay connection closed (${event.code}${event.reason ? ` ${event.reason}` : ''})`, { closeCode: event.code });
}
