import { MdocError } from '../mdoc-error';
import { SessionStatus } from './session-data';

/** How a session ended. */
export interface SessionEnd {
  /** `terminated`: status 20 was sent or received; `failed`: an error status was sent or received, or the transport closed. */
  readonly reason: 'terminated' | 'failed';
  /** Who ended it: this side, the peer (by a status), or the transport (closed). */
  readonly by: 'self' | 'peer' | 'transport';
  /** The SessionData status this side sent (by `self`) or received (by `peer`), if any. */
  readonly status?: number;
  /** Why it failed, with a stable code; for a termination, `SESSION_TERMINATED`. */
  readonly error: MdocError;
}

/** What a status received from the peer means (Table 20). */
export function endByPeerStatus(status: number): SessionEnd {
  switch (status) {
    case SessionStatus.SESSION_TERMINATION:
      return { reason: 'terminated', by: 'peer', status, error: new MdocError('SESSION_TERMINATED', 'the peer terminated the session (status 20)', { status }) };
    case SessionStatus.SESSION_ENCRYPTION_ERROR:
      return { reason: 'failed', by: 'peer', status, error: new MdocError('SESSION_PEER_ENCRYPTION_ERROR', 'the peer ended the session: error: session encryption (status 10)', { status }) };
    case SessionStatus.CBOR_DECODING_ERROR:
      return { reason: 'failed', by: 'peer', status, error: new MdocError('SESSION_PEER_DECODING_ERROR', 'the peer ended the session: error: CBOR decoding (status 11)', { status }) };
    default:
      return { reason: 'failed', by: 'peer', status, error: new MdocError('SESSION_STATUS_UNKNOWN', `the peer sent status ${status}, which Table 20 does not define; the session is ended`, { status }) };
  }
}

/** A deferred promise, settled from outside. */
export interface Deferred<T> {
  readonly promise: Promise<T>;
  resolve(value: T): void;
  reject(error: unknown): void;
}

export function deferred<T>(): Deferred<T> {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((onResolve, onReject) => {
    resolve = onResolve;
    reject = onReject;
  });
  return { promise, resolve, reject };
}
