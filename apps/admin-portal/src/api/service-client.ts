import { CORRELATION_ID_HEADER, type IdentityClient } from '@citizen-zero/identity-client';
import type { PortalService } from '../config';
import { problemError, unreachable } from './api-error';

export type QueryValue = string | number | boolean | readonly (string | number)[] | undefined;

export interface ServiceClientOptions {
  readonly baseUrl: string;
  /** The access token for this service's audience, asked for before every request. */
  readonly token: () => Promise<string>;
  readonly fetch?: typeof fetch;
}

/**
 * A small JSON client for the services that publish no OpenAPI document yet (biometric,
 * verification, monitor): bearer token for the service's audience, a fresh correlation id per
 * request, problem details turned into an `ApiError` the screens show as they show the identity
 * client's. Typed at each call site against the service's DTOs.
 */
export class ServiceClient {
  constructor(private readonly options: ServiceClientOptions) {}

  get<T>(path: string, query?: Readonly<Record<string, QueryValue>>): Promise<T> {
    return this.json<T>('GET', path + queryString(query));
  }

  post<T>(path: string, body?: unknown): Promise<T> {
    return this.json<T>('POST', path, body);
  }

  put<T>(path: string, body?: unknown): Promise<T> {
    return this.json<T>('PUT', path, body);
  }

  delete<T>(path: string): Promise<T> {
    return this.json<T>('DELETE', path);
  }

  /** The raw response of a successful request (files, event streams); refusals still throw `ApiError`. */
  async raw(path: string, init: RequestInit = {}): Promise<Response> {
    const headers = new Headers(init.headers);
    headers.set('authorization', `Bearer ${await this.options.token()}`);
    if (!headers.has(CORRELATION_ID_HEADER)) headers.set(CORRELATION_ID_HEADER, globalThis.crypto.randomUUID());
    let response: Response;
    try {
      response = await (this.options.fetch ?? globalThis.fetch)(`${this.options.baseUrl}${path}`, { ...init, headers });
    } catch (error) {
      throw unreachable(error);
    }
    if (!response.ok) throw problemError(response, await response.json().catch(() => undefined));
    return response;
  }

  private async json<T>(method: string, path: string, body?: unknown): Promise<T> {
    const response = await this.raw(path, { method, ...(body !== undefined && { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } }) });
    if (response.status === 204) return undefined as T;
    return (await response.json()) as T;
  }
}

function queryString(query: Readonly<Record<string, QueryValue>> | undefined): string {
  if (!query) return '';
  const parameters = new URLSearchParams();
  for (const [name, value] of Object.entries(query)) {
    if (value === undefined) continue;
    if (Array.isArray(value)) for (const item of value as readonly (string | number)[]) parameters.append(name, String(item));
    else parameters.append(name, String(value));
  }
  const text = parameters.toString();
  return text ? `?${text}` : '';
}

/** Every API the portal calls; each screen takes the ones it needs. */
export interface PortalApis {
  readonly identity: IdentityClient;
  readonly biometric: ServiceClient;
  readonly verification: ServiceClient;
  readonly monitor: ServiceClient;
}

export type ServiceTokenSource = (service: PortalService) => Promise<string>;
