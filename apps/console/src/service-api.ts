import { randomUUID } from 'node:crypto';
import { ServiceError, UsageError } from './exit-codes';

/** How the console names and reaches one of the platform's services. */
export interface ServiceDescription {
  /** E.g. "identity service". */
  readonly name: string;
  /** Environment variable with the base URL, e.g. CZ_IDENTITY_URL. */
  readonly urlVariable: string;
  /** Environment variable with the access token, e.g. CZ_IDENTITY_TOKEN. */
  readonly tokenVariable: string;
  /** Prefix of the console's own error codes, e.g. IDENTITY (IDENTITY_URL_MISSING, …). */
  readonly codePrefix: string;
  /** What the token must allow, for the missing-token message. */
  readonly tokenPurpose: string;
}

export const IDENTITY_SERVICE: ServiceDescription = { name: 'identity service', urlVariable: 'CZ_IDENTITY_URL', tokenVariable: 'CZ_IDENTITY_TOKEN', codePrefix: 'IDENTITY', tokenPurpose: 'an official allowed to manage dead letters' };
export const VERIFICATION_SERVICE: ServiceDescription = { name: 'verification service', urlVariable: 'CZ_VERIFICATION_URL', tokenVariable: 'CZ_VERIFICATION_TOKEN', codePrefix: 'VERIFICATION', tokenPurpose: 'a security officer allowed to manage the trust list' };

/** Seconds the console waits for a service before giving up. */
const REQUEST_TIMEOUT_MS = 30_000;

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

/**
 * A minimal client for a platform service's REST API. The bearer token comes only from the
 * service's token variable (e.g. CZ_IDENTITY_TOKEN) and never appears in any message; every request carries a fresh correlation
 * id, which error messages quote so that the service's operators can find the request in their logs.
 *
 * Errors: a 4xx problem+json answer (RFC 9457) becomes a {@link UsageError} with the problem's
 * `code` and `detail` (exit 2: change something before trying again); a 5xx answer or no answer in
 * time becomes a {@link ServiceError} (exit 1: the same command may succeed later).
 */
export class ServiceApi {
  private constructor(
    private readonly service: ServiceDescription,
    private readonly base: URL,
    private readonly token: string,
  ) {}

  static connect(service: ServiceDescription, options: { apiUrl: string | undefined; token: string | undefined }): ServiceApi {
    const { name, urlVariable, tokenVariable, codePrefix } = service;
    if (!options.apiUrl) throw new UsageError(`no ${name} given: set ${urlVariable} or pass --api https://<${codePrefix.toLowerCase()}-host>`, `${codePrefix}_URL_MISSING`);
    let base: URL;
    try {
      base = new URL(options.apiUrl);
    } catch {
      throw new UsageError(`the ${name} URL is not a URL: expected https://<${codePrefix.toLowerCase()}-host>[/<path>]`, `${codePrefix}_URL_INVALID`);
    }
    if (base.protocol !== 'https:' && base.protocol !== 'http:') throw new UsageError(`the ${name} URL must be https://…, not ${base.protocol}//`, `${codePrefix}_URL_INVALID`);
    if (base.username || base.password) throw new UsageError(`the ${name} URL must not carry credentials: put the access token in ${tokenVariable}`, `${codePrefix}_URL_INVALID`);
    if (base.protocol === 'http:' && !LOOPBACK_HOSTS.has(base.hostname)) {
      throw new UsageError(`refusing to send the access token in clear to ${base.host}: use https:// (plain http:// is only allowed on this machine's loopback)`, `${codePrefix}_URL_INSECURE`);
    }
    if (!base.pathname.endsWith('/')) base.pathname = `${base.pathname}/`;
    base.search = '';
    base.hash = '';
    if (!options.token) {
      throw new UsageError(
        `no access token: set ${tokenVariable} to an access token from the identity provider for ${service.tokenPurpose} (the console reads it only from the environment, so it stays out of shell history)`,
        `${codePrefix}_TOKEN_MISSING`,
      );
    }
    if ([...options.token].some((char) => char.charCodeAt(0) <= 0x20 || char.charCodeAt(0) === 0x7f || /\s/.test(char))) throw new UsageError(`${tokenVariable} contains spaces or control characters: set it to the bare access token`, `${codePrefix}_TOKEN_INVALID`);
    return new ServiceApi(service, base, options.token);
  }

  /** Where requests go, for messages. */
  get location(): string {
    return this.base.origin + this.base.pathname.replace(/\/$/, '');
  }

  async get(path: string, query: Record<string, string> = {}): Promise<unknown> {
    return this.request('GET', path, query);
  }

  async post(path: string, body?: unknown): Promise<unknown> {
    return this.request('POST', path, {}, body);
  }

  private async request(method: 'GET' | 'POST', path: string, query: Record<string, string>, body?: unknown): Promise<unknown> {
    const { name, urlVariable, codePrefix } = this.service;
    const url = new URL(path, this.base);
    for (const [name, value] of Object.entries(query)) url.searchParams.set(name, value);
    const correlationId = randomUUID();
    const what = `${method} ${url.pathname}`;
    let response: Response;
    try {
      response = await fetch(url, {
        method,
        headers: { authorization: `Bearer ${this.token}`, accept: 'application/json, application/problem+json', 'x-correlation-id': correlationId, ...(body !== undefined && { 'content-type': 'application/json' }) },
        ...(body !== undefined && { body: JSON.stringify(body) }),
        // The token must not follow a redirect to wherever it points.
        redirect: 'error',
        signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
      });
    } catch (error) {
      if (error instanceof DOMException && error.name === 'TimeoutError') {
        throw new ServiceError(`the ${name} did not answer ${what} within ${REQUEST_TIMEOUT_MS / 1000} s (correlation id ${correlationId}); a change it was asked for may or may not have happened: check before retrying`, `${codePrefix}_TIMEOUT`);
      }
      const cause = (error as { cause?: { code?: unknown; message?: unknown } }).cause;
      const reason = typeof cause?.code === 'string' ? cause.code : typeof cause?.message === 'string' ? cause.message : String(error);
      throw new UsageError(`cannot reach the ${name} at ${this.location} (${reason}): check --api or ${urlVariable} and that the service is running`, `${codePrefix}_UNREACHABLE`);
    }
    const text = await response.text();
    if (response.ok) {
      if (text === '') return undefined;
      try {
        return JSON.parse(text) as unknown;
      } catch {
        throw new UsageError(`${this.location} answered ${what} with something that is not JSON: is --api (or ${urlVariable}) the ${name}'s base URL?`, `${codePrefix}_RESPONSE_INVALID`);
      }
    }
    const problem = parseProblem(text);
    const code = problem.code ?? `HTTP_${response.status}`;
    const detail = problem.detail ?? (response.statusText || 'no detail given');
    const message = `the ${name} answered ${what} with ${response.status}: ${detail} (correlation id ${problem.correlationId ?? correlationId})${hintFor(this.service, response.status, code)}`;
    if (response.status >= 500) throw new ServiceError(message, code);
    throw new UsageError(message, code);
  }
}

function parseProblem(text: string): { code?: string; detail?: string; correlationId?: string } {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return {};
  }
  if (typeof body !== 'object' || body === null) return {};
  const field = (name: string): string | undefined => {
    const value = (body as Record<string, unknown>)[name];
    return typeof value === 'string' && value.length > 0 ? value : undefined;
  };
  return { code: field('code'), detail: field('detail'), correlationId: field('correlationId') };
}

/** What the officer can do about a refused request. */
function hintFor(service: ServiceDescription, status: number, code: string): string {
  if (status === 401) return `: the token in ${service.tokenVariable} was not accepted (expired?); get a new one from the identity provider`;
  if (status === 403) return ': the official the token belongs to lacks the permission for this';
  if (code === 'ROUTE_NOT_FOUND') return `: is --api (or ${service.urlVariable}) the ${service.name}’s base URL?`;
  if (status >= 500) return ': the service failed; try again later, and quote the correlation id to its operators if it persists';
  return '';
}
