import createClient, { type Client } from 'openapi-fetch';
import type { paths } from './identity-api';

/** The header the identity service reads the correlation id from and echoes in its problem details. */
export const CORRELATION_ID_HEADER = 'x-correlation-id';

/** A typed client of the identity service: `GET`, `POST`, `DELETE`, … on the paths of its OpenAPI document. */
export type IdentityClient = Client<paths>;

export interface IdentityClientOptions {
  /** Where the identity service is, e.g. `https://identity.example.gov`. */
  readonly baseUrl: string;
  /**
   * The official's OIDC access token, asked for before every request (so a token about to expire
   * can be refreshed here). Sent as `Authorization: Bearer <token>`.
   */
  readonly token: () => string | Promise<string>;
  /** The fetch to use; `globalThis.fetch` when not given. */
  readonly fetch?: (request: Request) => Promise<Response>;
}

/**
 * Creates a client of the identity service on openapi-fetch, typed by the generated `paths`.
 * Every request carries the bearer token and an `x-correlation-id`: a fresh random UUID, unless
 * the caller set one (to continue a correlation it already has). Runs in browsers and in Node.
 *
 * ```ts
 * const identity = createIdentityClient({ baseUrl, token: () => auth.accessToken() });
 * const { data, error } = await identity.GET('/persons/{id}', { params: { path: { id } } });
 * ```
 */
export function createIdentityClient(options: IdentityClientOptions): IdentityClient {
  const client = createClient<paths>({ baseUrl: options.baseUrl, ...(options.fetch && { fetch: options.fetch }) });
  client.use({
    async onRequest({ request }) {
      request.headers.set('authorization', `Bearer ${await options.token()}`);
      if (!request.headers.has(CORRELATION_ID_HEADER)) request.headers.set(CORRELATION_ID_HEADER, globalThis.crypto.randomUUID());
      return request;
    },
  });
  return client;
}
