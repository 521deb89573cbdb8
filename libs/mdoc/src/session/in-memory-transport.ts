import type { SessionTransport } from './session-transport';

export type InMemoryEnd = 'reader' | 'device';

/** One end of an in-memory transport pair; `close()` closes both ends. */
export interface InMemoryTransport extends SessionTransport {
  close(): void;
}

export interface InMemoryTransportPair {
  readonly reader: InMemoryTransport;
  readonly device: InMemoryTransport;
  /** Every message sent, in order, with the end that sent it (before interception). */
  readonly sent: ReadonlyArray<{ readonly from: InMemoryEnd; readonly message: Uint8Array }>;
}

/**
 * Two connected in-memory transports, for tests and demos (no real transport lives in libs/mdoc).
 * Messages are delivered asynchronously and in order; those sent before the peer registered its
 * handler wait for it. `intercept` stands for the network: it returns what is delivered instead of
 * `message` — nothing (dropped), a changed copy (tampered), or several (replayed).
 */
export function createInMemoryTransportPair(options: { intercept?: (message: Uint8Array, from: InMemoryEnd) => readonly Uint8Array[] } = {}): InMemoryTransportPair {
  const sent: Array<{ from: InMemoryEnd; message: Uint8Array }> = [];
  let closed = false;
  const closeHandlers = new Set<() => void>();
  const inbox = (): { handler?: (message: Uint8Array) => void; queue: Uint8Array[] } => ({ queue: [] });
  const inboxes: Record<InMemoryEnd, ReturnType<typeof inbox>> = { reader: inbox(), device: inbox() };

  const flush = (to: InMemoryEnd): void => {
    const box = inboxes[to];
    while (box.handler && box.queue.length > 0 && !closed) box.handler(box.queue.shift()!);
  };

  const end = (self: InMemoryEnd): InMemoryTransport => {
    const peer: InMemoryEnd = self === 'reader' ? 'device' : 'reader';
    return {
      send(message) {
        if (closed) return;
        const copy = Uint8Array.from(message);
        sent.push({ from: self, message: copy });
        const delivered = options.intercept ? options.intercept(copy, self) : [copy];
        inboxes[peer].queue.push(...delivered.map((item) => Uint8Array.from(item)));
        queueMicrotask(() => flush(peer));
      },
      onMessage(handler) {
        inboxes[self].handler = handler;
        queueMicrotask(() => flush(self));
        return () => {
          if (inboxes[self].handler === handler) delete inboxes[self].handler;
        };
      },
      onClose(handler) {
        closeHandlers.add(handler);
        return () => void closeHandlers.delete(handler);
      },
      close() {
        if (closed) return;
        closed = true;
        queueMicrotask(() => {
          for (const handler of [...closeHandlers]) handler();
        });
      },
    };
  };
  return { reader: end('reader'), device: end('device'), sent };
}
