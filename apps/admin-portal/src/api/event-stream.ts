/**
 * Server-Sent Events read with `fetch` (WHATWG HTML §9.2.6 "Interpreting an event stream").
 * The browser's EventSource cannot send an Authorization header, and the monitor's
 * `GET /alerts/stream` needs the official's bearer token, so the portal reads the stream itself.
 */
export interface ServerSentEvent {
  readonly event: string;
  readonly data: string;
  readonly id: string | undefined;
}

/** Parses an event stream chunk by chunk; `retry` reports the server's reconnection delay. */
export class EventStreamParser {
  private buffer = '';
  private data: string[] = [];
  private event = '';
  private lastId: string | undefined;
  private readonly decoder = new TextDecoder();
  private first = true;

  constructor(private readonly handlers: { readonly event: (event: ServerSentEvent) => void; readonly retry?: (milliseconds: number) => void }) {}

  push(chunk: Uint8Array): void {
    let text = this.decoder.decode(chunk, { stream: true });
    if (this.first && text.length > 0) {
      // A byte-order mark at the very start is not part of the first field name.
      if (text.startsWith('\uFEFF')) text = text.slice(1);
      this.first = false;
    }
    this.buffer += text;
    for (;;) {
      const end = this.buffer.search(/\r\n|\r|\n/);
      if (end < 0) return;
      // A lone CR at the end of a chunk may be the first half of CRLF: wait for the next chunk.
      if (this.buffer[end] === '\r' && end === this.buffer.length - 1) return;
      const line = this.buffer.slice(0, end);
      this.buffer = this.buffer.slice(end + (this.buffer.startsWith('\r\n', end) ? 2 : 1));
      this.line(line);
    }
  }

  private line(line: string): void {
    if (line === '') {
      if (this.data.length > 0) this.handlers.event({ event: this.event || 'message', data: this.data.join('\n'), id: this.lastId });
      this.data = [];
      this.event = '';
      return;
    }
    if (line.startsWith(':')) return;
    const colon = line.indexOf(':');
    const field = colon < 0 ? line : line.slice(0, colon);
    const value = colon < 0 ? '' : line.slice(colon + (line[colon + 1] === ' ' ? 2 : 1));
    if (field === 'event') this.event = value;
    else if (field === 'data') this.data.push(value);
    else if (field === 'id' && !value.includes('\u0000')) this.lastId = value;
    else if (field === 'retry' && /^\d+$/.test(value)) this.handlers.retry?.(Number(value));
  }
}
