import { RELAY_ROLES, RELAY_SESSION_ID_PATTERN, RelayCloseCode, type RelayRole } from '@citizen-zero/mdoc';
import type { RawData, WebSocket } from 'ws';
import { ConnectionRateLimiter } from './connection-rate-limiter';

/** The relay's limits, from the service configuration (`CZ_RELAY_*`). */
export interface RelayLimits {
  readonly maxFrameBytes: number;
  readonly sessionTtlMs: number;
  readonly idleTimeoutMs: number;
  readonly maxBufferedFrames: number;
  readonly maxBufferedBytes: number;
  readonly maxSessions: number;
  readonly connectionsPerMinute: number;
}

export type RelayDirection = 'mdoc-to-reader' | 'reader-to-mdoc';
export type RelayRefusal = 'rate-limited' | 'bad-request' | 'session-ended' | 'relay-busy' | 'role-taken';
export type RelayEndReason = 'closed' | 'peer-gone' | 'text-frame' | 'frame-too-large' | 'protocol-error' | 'buffer-full' | 'idle' | 'expired' | 'shutdown';

/** What the relay reports, for metrics and logs. Never frame contents, never session ids. */
export interface RelayObserver {
  forwarded(direction: RelayDirection, bytes: number): void;
  refused(reason: RelayRefusal): void;
  ended(reason: RelayEndReason, durationMs: number): void;
}

/** Where the relay's endpoint lives; a session is `${RELAY_PATH_PREFIX}{id}?role=mdoc|reader`. */
export const RELAY_PATH_PREFIX = '/relay/sessions/';

/** How long a closing handshake may take before the TCP connection is dropped. */
const CLOSE_HANDSHAKE_TIMEOUT_MS = 5_000;
const OPEN = 1;

interface RelaySession {
  readonly id: string;
  readonly startedAt: number;
  readonly sockets: Partial<Record<RelayRole, WebSocket>>;
  /** Frames waiting for each role (sent by the other before it connected), in order. */
  readonly waiting: Record<RelayRole, Buffer[]>;
  waitingBytes: number;
  ended: boolean;
  readonly idleTimer: NodeJS.Timeout;
  readonly lifetimeTimer: NodeJS.Timeout;
}

const peerOf = (role: RelayRole): RelayRole => (role === 'mdoc' ? 'reader' : 'mdoc');

/**
 * The ISO/IEC 18013-5 session relay: pairs a wallet (`mdoc`) and a verifier (`reader`) connected to
 * the same session id and forwards each binary frame of one, unchanged, to the other. The frames are
 * SessionEstablishment and SessionData messages (§9.1.1.4) encrypted end to end with keys derived
 * from ECDH between EDeviceKey and EReaderKey (§9.1.1.5): the relay sees ciphertext, keeps nothing
 * once a session has ended, and logs no frame.
 *
 * Per session: one connection per role; frames for a peer not yet connected wait, bounded in count
 * and bytes; a session ends — and both connections close — when one end closes, on a text frame, a
 * frame over the size limit, too much waiting data, the idle timeout or the session lifetime. The
 * close codes are the {@link RelayCloseCode}s of libs/mdoc, the protocol's single definition.
 *
 * No authentication: the wallet is anonymous, and the relay decides nothing. Whoever holds the QR
 * code can reach the session, as with BLE; what protects the holder is inside the protocol —
 * reader authentication (§9.1.4) shown to the holder before consent, and session encryption with
 * keys the relay never has. A 128-bit random session id cannot be guessed; an observer who read the
 * QR code could take the reader role first, which the real verifier sees as `ROLE_TAKEN` (a denial
 * of service, not a disclosure: the holder is shown who asks).
 */
export class SessionRelay {
  private readonly sessions = new Map<string, RelaySession>();
  /** Ids of ended sessions, until their lifetime would have ended: an id is never paired twice. */
  private readonly endedIds = new Map<string, number>();
  private readonly rateLimiter: ConnectionRateLimiter;

  constructor(
    private readonly limits: RelayLimits,
    private readonly observer: RelayObserver,
    private readonly now: () => number = Date.now,
  ) {
    this.rateLimiter = new ConnectionRateLimiter(limits.connectionsPerMinute, 60_000, now);
  }

  get activeSessions(): number {
    return this.sessions.size;
  }

  /**
   * Takes an upgraded connection for `path` (path and query of the upgrade request) from
   * `remoteAddress`, and joins it to its session or closes it with the code that says why.
   */
  accept(socket: WebSocket, path: string, remoteAddress: string): void {
    // Without an error listener, a malformed frame from the client would throw in the process.
    socket.on('error', () => undefined);
    if (!this.rateLimiter.allow(remoteAddress)) return this.refuse(socket, 'rate-limited', RelayCloseCode.RATE_LIMITED, 'too many connection attempts');
    const target = parseTarget(path);
    if (typeof target === 'string') return this.refuse(socket, 'bad-request', RelayCloseCode.BAD_REQUEST, target);
    const { sessionId, role } = target;

    let session = this.sessions.get(sessionId);
    if (!session) {
      const endedUntil = this.endedIds.get(sessionId);
      if (endedUntil !== undefined && endedUntil > this.now()) return this.refuse(socket, 'session-ended', RelayCloseCode.SESSION_ENDED, 'session ended');
      this.endedIds.delete(sessionId);
      if (this.sessions.size >= this.limits.maxSessions) return this.refuse(socket, 'relay-busy', RelayCloseCode.TRY_AGAIN_LATER, 'relay busy');
      session = this.open(sessionId);
    }
    if (session.sockets[role]) return this.refuse(socket, 'role-taken', RelayCloseCode.ROLE_TAKEN, `role ${role} taken`);

    const current = session;
    current.sockets[role] = socket;
    current.idleTimer.refresh();
    socket.on('message', (data, isBinary) => this.onFrame(current, role, data, isBinary));
    socket.on('close', (code) => this.onClose(current, role, socket, code));
    socket.on('error', (error: Error & { code?: string }) => {
      if (error.code === 'WS_ERR_UNSUPPORTED_MESSAGE_LENGTH') this.end(current, 'frame-too-large', RelayCloseCode.MESSAGE_TOO_BIG, 'frame too large');
      else this.end(current, 'protocol-error', 1002, 'protocol error');
    });
    const waiting = current.waiting[role].splice(0);
    current.waitingBytes -= waiting.reduce((sum, frame) => sum + frame.length, 0);
    for (const frame of waiting) this.deliver(socket, peerOf(role), frame);
  }

  /** Ends every session (the service is stopping): both ends get 1001. */
  closeAll(): void {
    for (const session of [...this.sessions.values()]) this.end(session, 'shutdown', RelayCloseCode.GOING_AWAY, 'relay shutting down');
  }

  private open(id: string): RelaySession {
    const session: RelaySession = {
      id,
      startedAt: this.now(),
      sockets: {},
      waiting: { mdoc: [], reader: [] },
      waitingBytes: 0,
      ended: false,
      idleTimer: setTimeout(() => this.end(session, 'idle', RelayCloseCode.SESSION_EXPIRED, 'session idle'), this.limits.idleTimeoutMs).unref(),
      lifetimeTimer: setTimeout(() => this.end(session, 'expired', RelayCloseCode.SESSION_EXPIRED, 'session expired'), this.limits.sessionTtlMs).unref(),
    };
    this.sessions.set(id, session);
    return session;
  }

  private onFrame(session: RelaySession, from: RelayRole, data: RawData, isBinary: boolean): void {
    if (session.ended) return;
    if (!isBinary) return this.end(session, 'text-frame', RelayCloseCode.UNSUPPORTED_DATA, 'text frames are refused');
    const frame = Array.isArray(data) ? Buffer.concat(data) : Buffer.isBuffer(data) ? data : Buffer.from(data);
    // ws refuses larger frames already (maxPayload); checked again so the limit never depends on it.
    if (frame.length > this.limits.maxFrameBytes) return this.end(session, 'frame-too-large', RelayCloseCode.MESSAGE_TOO_BIG, 'frame too large');
    session.idleTimer.refresh();
    const to = peerOf(from);
    const peer = session.sockets[to];
    if (peer && peer.readyState === OPEN) {
      if (peer.bufferedAmount + frame.length > this.limits.maxBufferedBytes) return this.end(session, 'buffer-full', RelayCloseCode.BUFFER_FULL, 'peer not reading');
      return this.deliver(peer, from, frame);
    }
    const queue = session.waiting[to];
    if (queue.length >= this.limits.maxBufferedFrames || session.waitingBytes + frame.length > this.limits.maxBufferedBytes) {
      return this.end(session, 'buffer-full', RelayCloseCode.BUFFER_FULL, 'too much data waiting for the peer');
    }
    queue.push(frame);
    session.waitingBytes += frame.length;
  }

  private deliver(to: WebSocket, from: RelayRole, frame: Buffer): void {
    to.send(frame, { binary: true });
    this.observer.forwarded(from === 'mdoc' ? 'mdoc-to-reader' : 'reader-to-mdoc', frame.length);
  }

  private onClose(session: RelaySession, role: RelayRole, socket: WebSocket, code: number): void {
    if (session.sockets[role] === socket) delete session.sockets[role];
    if (session.ended) return;
    // The peer learns the session is over; a normal closure stays normal, anything else is "gone".
    if (code === RelayCloseCode.NORMAL) this.end(session, 'closed', RelayCloseCode.NORMAL, 'peer closed');
    else this.end(session, 'peer-gone', RelayCloseCode.SESSION_ENDED, 'peer gone');
  }

  private end(session: RelaySession, reason: RelayEndReason, code: number, text: string): void {
    if (session.ended) return;
    session.ended = true;
    clearTimeout(session.idleTimer);
    clearTimeout(session.lifetimeTimer);
    session.waiting.mdoc.length = 0;
    session.waiting.reader.length = 0;
    session.waitingBytes = 0;
    this.sessions.delete(session.id);
    this.rememberEnded(session.id, session.startedAt + this.limits.sessionTtlMs);
    for (const socket of Object.values(session.sockets)) closeSocket(socket, code, text);
    this.observer.ended(reason, this.now() - session.startedAt);
  }

  private rememberEnded(id: string, until: number): void {
    if (until <= this.now()) return;
    // Bounded: beyond twice the session limit, the oldest ids are forgotten first.
    while (this.endedIds.size >= 2 * this.limits.maxSessions) this.endedIds.delete(this.endedIds.keys().next().value!);
    this.endedIds.set(id, until);
  }

  private refuse(socket: WebSocket, reason: RelayRefusal, code: number, text: string): void {
    this.observer.refused(reason);
    closeSocket(socket, code, text);
  }
}

/** `/relay/sessions/{32 hex digits}?role=mdoc|reader`, or what is wrong with it. */
function parseTarget(path: string): { sessionId: string; role: RelayRole } | string {
  let url: URL;
  try {
    url = new URL(path, 'http://relay.invalid');
  } catch {
    return 'invalid path';
  }
  if (!url.pathname.startsWith(RELAY_PATH_PREFIX)) return 'invalid path';
  const sessionId = url.pathname.slice(RELAY_PATH_PREFIX.length);
  if (!RELAY_SESSION_ID_PATTERN.test(sessionId)) return 'invalid session id';
  const role = url.searchParams.getAll('role');
  if (role.length !== 1 || !RELAY_ROLES.includes(role[0] as RelayRole)) return 'invalid role';
  return { sessionId, role: role[0] as RelayRole };
}

/** Starts the closing handshake; a peer that does not answer it is disconnected. */
function closeSocket(socket: WebSocket, code: number, reason: string): void {
  if (socket.readyState > OPEN) return;
  socket.close(code, reason);
  const timer = setTimeout(() => socket.terminate(), CLOSE_HANDSHAKE_TIMEOUT_MS).unref();
  socket.once('close', () => clearTimeout(timer));
}
