/**
 * The port a session's messages travel through. ISO/IEC 18013-5:2021 §8.3.3 defines BLE, NFC and
 * Wi-Fi Aware as device retrieval transports, ISO/IEC 18013-7 online ones; a WebSocket or HTTP relay
 * between two browsers fits the same port. Each `send` carries one whole SessionEstablishment or
 * SessionData message and each `onMessage` call delivers one: framing, chunking (BLE) or command
 * chaining (NFC) are the transport's business, never the session's.
 *
 * The sessions neither open nor close the transport: whoever created it does, after the session has
 * ended (status 20 sent or received, §9.1.1.4).
 */
export interface SessionTransport {
  /** Sends one message to the peer. */
  send(message: Uint8Array): void | Promise<void>;
  /** Registers the receiver of the peer's messages, in order; returns a function that unregisters it. */
  onMessage(handler: (message: Uint8Array) => void): () => void;
  /** Optional: registers a handler for the transport closing; a session still running then fails with `SESSION_TRANSPORT_CLOSED`. */
  onClose?(handler: () => void): () => void;
}
