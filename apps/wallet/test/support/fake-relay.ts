import type { WebSocketConstructorLike, WebSocketLike } from '@citizen-zero/mdoc';

type Handler = ((event: never) => unknown) | null;

/**
 * The session relay in memory: WebSocket-like connections to `<relay>/<session id>?role=mdoc|reader`
 * are paired by session id and each binary message is handed to the other end unchanged, as the
 * verification service's relay does (apps/verification/src/relay). `frames` records what passed.
 */
export class FakeRelay {
  readonly frames: Array<{ from: 'mdoc' | 'reader'; data: Uint8Array }> = [];
  private readonly sessions = new Map<string, { mdoc?: FakeSocket; reader?: FakeSocket }>();

  /** A WebSocket constructor connecting to this relay (a constructor that returns the socket it made). */
  get WebSocket(): WebSocketConstructorLike {
    const connect = (url: string) => this.connect(url);
    return function FakeWebSocket(url: string) {
      return connect(url);
    } as unknown as WebSocketConstructorLike;
  }

  connect(url: string): FakeSocket {
    const parsed = new URL(url);
    const id = parsed.pathname.split('/').pop()!;
    const role = parsed.searchParams.get('role') as 'mdoc' | 'reader';
    const session = this.sessions.get(id) ?? {};
    this.sessions.set(id, session);
    const socket = new FakeSocket(role, (data) => {
      this.frames.push({ from: role, data });
      const peer = role === 'mdoc' ? session.reader : session.mdoc;
      peer?.deliver(data);
    }, (code) => {
      const peer = role === 'mdoc' ? session.reader : session.mdoc;
      peer?.closedBy(code);
    });
    session[role] = socket;
    queueMicrotask(() => socket.open());
    return socket;
  }
}

export class FakeSocket implements WebSocketLike {
  binaryType = 'blob';
  readyState = 0;
  onopen: Handler = null;
  onmessage: Handler = null;
  onclose: Handler = null;
  onerror: Handler = null;

  constructor(
    readonly role: 'mdoc' | 'reader',
    private readonly forward: (data: Uint8Array) => void,
    private readonly closing: (code: number) => void,
  ) {}

  open(): void {
    if (this.readyState !== 0) return;
    this.readyState = 1;
    (this.onopen as ((event: unknown) => void) | null)?.({});
  }

  send(data: Uint8Array): void {
    if (this.readyState !== 1) throw new Error('not open');
    this.forward(Uint8Array.from(data));
  }

  deliver(data: Uint8Array): void {
    queueMicrotask(() => {
      if (this.readyState === 1) (this.onmessage as ((event: { data: ArrayBuffer }) => void) | null)?.({ data: data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength) as ArrayBuffer });
    });
  }

  close(code = 1000, reason = ''): void {
    if (this.readyState > 1) return;
    this.readyState = 3;
    queueMicrotask(() => (this.onclose as ((event: { code: number; reason: string }) => void) | null)?.({ code, reason }));
    this.closing(code);
  }

  closedBy(code: number): void {
    if (this.readyState > 1) return;
    this.readyState = 3;
    queueMicrotask(() => (this.onclose as ((event: { code: number; reason: string }) => void) | null)?.({ code, reason: 'peer closed' }));
  }
}
