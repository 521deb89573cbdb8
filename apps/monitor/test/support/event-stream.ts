/** A Server-Sent Events client over fetch (it can send the bearer token, which the browser EventSource cannot). */
export class EventStreamClient {
  private buffer = '';
  private readonly decoder = new TextDecoder();
  private readonly events: Array<{ event: string; data: any; id?: string }> = [];

  private constructor(
    readonly response: Response,
    private readonly reader: ReadableStreamDefaultReader<Uint8Array>,
    private readonly abort: AbortController,
  ) {}

  static async open(url: string, bearer: string): Promise<EventStreamClient> {
    const abort = new AbortController();
    const response = await fetch(url, { headers: { authorization: `Bearer ${bearer}`, accept: 'text/event-stream' }, signal: abort.signal });
    if (!response.ok || !response.body) throw new Error(`stream answered ${response.status}`);
    return new EventStreamClient(response, response.body.getReader(), abort);
  }

  /** The next event (comments and the retry field skipped), or an error after `timeoutMs`. */
  async next(timeoutMs = 5000): Promise<{ event: string; data: any; id?: string }> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const event = this.events.shift();
      if (event) return event;
      const remaining = deadline - Date.now();
      if (remaining <= 0) throw new Error('no event in time');
      let timer: NodeJS.Timeout | undefined;
      const chunk = await Promise.race([this.reader.read(), new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), remaining)))]);
      clearTimeout(timer);
      if (chunk === 'timeout') throw new Error('no event in time');
      if (chunk.done) throw new Error('the stream ended');
      this.buffer += this.decoder.decode(chunk.value, { stream: true });
      let end: number;
      while ((end = this.buffer.indexOf('\n\n')) >= 0) {
        const block = this.buffer.slice(0, end);
        this.buffer = this.buffer.slice(end + 2);
        const fields: Record<string, string> = {};
        for (const line of block.split('\n')) {
          if (line.startsWith(':')) continue;
          const colon = line.indexOf(':');
          const name = colon < 0 ? line : line.slice(0, colon);
          fields[name] = (fields[name] !== undefined ? `${fields[name]}\n` : '') + (colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, ''));
        }
        if (fields['data'] !== undefined) this.events.push({ event: fields['event'] ?? 'message', data: JSON.parse(fields['data']), ...(fields['id'] && { id: fields['id'] }) });
      }
    }
  }

  /** Events until one matches, within `timeoutMs`. */
  async until(predicate: (event: { event: string; data: any }) => boolean, timeoutMs = 5000): Promise<{ event: string; data: any }> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const event = await this.next(Math.max(1, deadline - Date.now()));
      if (predicate(event)) return event;
    }
  }

  close(): void {
    this.abort.abort();
  }
}
