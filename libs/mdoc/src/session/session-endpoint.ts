import { MdocError } from '../mdoc-error';
import { SessionData } from './session-data';
import { deferred, type SessionEnd } from './session-end';
import type { SessionTransport } from './session-transport';

/**
 * What the reader and the mdoc ends have in common: messages from the transport are handled one at a
 * time, in order; the session ends once (status sent or received, or the transport closed), after
 * which incoming messages are ignored and {@link ended} resolves.
 */
export abstract class SessionEndpoint {
  /** Resolves once, when the session has ended, with how it ended. Never rejects. */
  readonly ended: Promise<SessionEnd>;
  private endResult: SessionEnd | undefined;
  private incoming: Promise<void> = Promise.resolve();
  private readonly endDeferred = deferred<SessionEnd>();
  private readonly subscriptions: Array<() => void> = [];

  protected constructor(protected readonly transport: SessionTransport) {
    this.ended = this.endDeferred.promise;
    this.subscriptions.push(transport.onMessage((message) => this.enqueue(() => this.receive(message))));
    if (transport.onClose) {
      const closed = (): Promise<void> =>
        this.finish({ reason: 'failed', by: 'transport', error: new MdocError('SESSION_TRANSPORT_CLOSED', 'the transport closed before the session ended') });
      this.subscriptions.push(transport.onClose(() => this.enqueue(closed)));
    }
  }

  /** How the session ended, once it has. */
  get end(): SessionEnd | undefined {
    return this.endResult;
  }

  protected get isEnded(): boolean {
    return this.endResult !== undefined;
  }

  /** Handles one message from the peer. */
  protected abstract receive(message: Uint8Array): Promise<void>;

  /** Called once when the session ends, before {@link ended} resolves: update state, reject what waits. */
  protected abstract onEnd(end: SessionEnd): void;

  /** Ends the session, first sending SessionData `{ "status": sendStatus }` if given (Table 20). */
  protected async finish(end: SessionEnd, sendStatus?: number): Promise<void> {
    if (this.endResult) return;
    this.endResult = end;
    for (const unsubscribe of this.subscriptions.splice(0)) unsubscribe();
    if (sendStatus !== undefined) {
      try {
        await this.transport.send(SessionData.status(sendStatus).bytes);
      } catch {
        // The peer will not hear it; the session is over either way.
      }
    }
    this.onEnd(end);
    this.endDeferred.resolve(end);
  }

  /** Ends the session after a failure on this side, sending `status`. */
  protected fail(error: unknown, status: number): Promise<void> {
    const mdocError = error instanceof MdocError ? error : new MdocError('SESSION_MESSAGE_INVALID', error instanceof Error ? error.message : String(error), {}, { cause: error });
    return this.finish({ reason: 'failed', by: 'self', status, error: mdocError }, status);
  }

  /** Sends a message; a transport that throws ends the session (`SESSION_TRANSPORT_CLOSED`). */
  protected async send(message: Uint8Array): Promise<void> {
    try {
      await this.transport.send(message);
    } catch (error) {
      const failure = new MdocError('SESSION_TRANSPORT_CLOSED', `the transport could not send: ${(error as Error).message}`, {}, { cause: error });
      await this.finish({ reason: 'failed', by: 'transport', error: failure });
      throw failure;
    }
  }

  protected assertOpen(action: string): void {
    if (this.endResult) throw new MdocError('SESSION_TERMINATED', `cannot ${action}: the session has ended (${this.endResult.error.code})`);
  }

  private enqueue(task: () => Promise<void>): void {
    this.incoming = this.incoming.then(task).catch(() => undefined);
  }
}
