/** Exit codes of every `cz` command. */
export const ExitCode = {
  OK: 0,
  /** A check failed: a credential did not verify, a token is not ready, an audit chain is broken, a service failed the request. */
  CHECK_FAILED: 1,
  /** Wrong usage or an environment problem (missing module, wrong PIN, missing file). */
  USAGE: 2,
} as const;

export type ExitCodeValue = (typeof ExitCode)[keyof typeof ExitCode];

/** A usage or environment error: the message says what to do; the console exits with 2. */
export class UsageError extends Error {
  readonly code: string;
  constructor(message: string, code = 'USAGE') {
    super(message);
    this.code = code;
  }
}

/**
 * A service accepted the request but failed to carry it out (HTTP 5xx, no answer in time): the
 * same command may succeed later. The console exits with 1, as for a failed check.
 */
export class ServiceError extends Error {
  readonly code: string;
  constructor(message: string, code: string) {
    super(message);
    this.code = code;
  }
}
