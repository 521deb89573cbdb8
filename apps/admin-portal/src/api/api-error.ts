/** An answer from a service that refused or failed, with what the official can do about it. */
export class ApiError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly code: string | undefined,
    readonly correlationId: string | undefined,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

interface ProblemDetails {
  readonly code?: unknown;
  readonly detail?: unknown;
  readonly correlationId?: unknown;
}

/** A result of the typed identity client: data on success, the problem details body otherwise. */
export interface ClientResult<T> {
  readonly data?: T;
  readonly error?: unknown;
  readonly response: Response;
}

/** The data of a successful call; otherwise an `ApiError` built from the service's problem details (RFC 9457). */
export async function expectData<T>(call: Promise<ClientResult<T>>): Promise<T> {
  let result: ClientResult<T>;
  try {
    result = await call;
  } catch (error) {
    throw unreachable(error);
  }
  if (result.response.ok && result.data !== undefined) return result.data;
  throw problemError(result.response, result.error);
}

/** The `ApiError` for a refused or failed answer, from its problem details body (RFC 9457) when it has one. */
export function problemError(response: Response, body: unknown): ApiError {
  const problem = (typeof body === 'object' && body !== null ? body : {}) as ProblemDetails;
  const code = typeof problem.code === 'string' ? problem.code : undefined;
  const correlationId = typeof problem.correlationId === 'string' ? problem.correlationId : (response.headers.get('x-correlation-id') ?? undefined);
  const detail = typeof problem.detail === 'string' ? problem.detail : undefined;
  return new ApiError(messageFor(response.status, code, detail), response.status, code, correlationId);
}

export function unreachable(error: unknown): ApiError {
  return new ApiError(`The service could not be reached (${(error as Error).message}). Check your connection and try again.`, 0, undefined, undefined);
}

function messageFor(status: number, code: string | undefined, detail: string | undefined): string {
  const what = detail ? `${detail.charAt(0).toUpperCase()}${detail.slice(1)}.` : `The service answered ${status}.`;
  if (code === 'MAKER_CHECKER_VIOLATION') return `${what} Ask another approver to decide this application.`;
  if (status === 401) return `${what} Your session may have ended: sign out and sign in again.`;
  if (status === 403) return `${what} Your role does not allow this; ask an administrator if you need it.`;
  if (status === 409) return `${what} Someone may have acted on it already: reload and check.`;
  if (status >= 500) return `${what} The service has a problem; try again later, and quote the reference below if it persists.`;
  return what;
}
