import * as pkcs11 from 'pkcs11js';
import { HsmError, isSessionLost, pkcs11ReturnValue, toHsmError } from './hsm-error';

/**
 * A pool of read-write sessions on one token (PKCS#11 v2.40 §5.6). A session runs one
 * cryptographic operation at a time, so concurrent signers each borrow a session and wait when
 * all are busy. Login state belongs to the token, not the session: one C_Login covers the pool.
 * When the sessions are lost (token removed, sessions closed elsewhere) the pool reopens them,
 * logs in again and retries the operation once.
 */
export class SessionPool {
  private idle: pkcs11.Handle[] = [];
  private readonly waiters: Array<(session: pkcs11.Handle) => void> = [];
  private open = 0;
  private generation = 0;
  private closed = false;

  constructor(
    private readonly api: pkcs11.PKCS11,
    private readonly slot: pkcs11.Handle,
    private readonly pin: string,
    private readonly size: number,
    private readonly tokenLabel: string,
  ) {}

  /** Opens the first session and logs in; a wrong PIN fails here. */
  start(): void {
    const session = this.openSession();
    this.login(session);
    this.idle.push(session);
  }

  async run<T>(operation: string, work: (session: pkcs11.Handle) => T | Promise<T>): Promise<T> {
    for (let attempt = 0; ; attempt++) {
      const generation = this.generation;
      const session = await this.acquire();
      try {
        const result = await work(session);
        this.release(session, generation);
        return result;
      } catch (error) {
        if (isSessionLost(error) && attempt === 0 && !this.closed) {
          this.recover(generation);
          continue;
        }
        if (!isSessionLost(error)) this.release(session, generation);
        throw toHsmError(error, operation, { tokenLabel: this.tokenLabel });
      }
    }
  }

  close(): void {
    this.closed = true;
    for (const session of this.idle) {
      try {
        this.api.C_CloseSession(session);
      } catch {
        // already gone
      }
    }
    this.idle = [];
  }

  private async acquire(): Promise<pkcs11.Handle> {
    if (this.closed) throw new HsmError('HSM_OPERATION_FAILED', 'the HSM connection is closed');
    const session = this.idle.pop();
    if (session) return session;
    if (this.open < this.size) return this.openSession();
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  private release(session: pkcs11.Handle, generation: number): void {
    if (generation !== this.generation) return;
    const waiter = this.waiters.shift();
    if (waiter) waiter(session);
    else this.idle.push(session);
  }

  private openSession(): pkcs11.Handle {
    try {
      const session = this.api.C_OpenSession(this.slot, pkcs11.CKF_SERIAL_SESSION | pkcs11.CKF_RW_SESSION);
      this.open++;
      return session;
    } catch (error) {
      throw toHsmError(error, 'C_OpenSession', { tokenLabel: this.tokenLabel });
    }
  }

  private login(session: pkcs11.Handle): void {
    try {
      this.api.C_Login(session, pkcs11.CKU_USER, this.pin);
    } catch (error) {
      if (pkcs11ReturnValue(error) === pkcs11.CKR_USER_ALREADY_LOGGED_IN) return;
      throw toHsmError(error, 'C_Login', { tokenLabel: this.tokenLabel });
    }
  }

  /** Drops every session of the lost generation and starts a fresh one, logged in. */
  private recover(lostGeneration: number): void {
    if (lostGeneration !== this.generation) return;
    this.generation++;
    this.idle = [];
    this.open = 0;
    try {
      this.api.C_CloseAllSessions(this.slot);
    } catch {
      // the token may be gone entirely; opening below reports it
    }
    const session = this.openSession();
    this.login(session);
    this.idle.push(session);
    for (const waiter of this.waiters.splice(0)) waiter(this.idle.pop() ?? this.openSession());
  }
}
