/**
 * @citizen-zero/identity-client — the typed client of the identity service for the web portals:
 * openapi-fetch over the types generated from the service's committed OpenAPI document
 * (libs/identity-client/openapi.json). Framework-free; runs in browsers and in Node.
 */
import type { components } from './identity-api';

export { createIdentityClient, CORRELATION_ID_HEADER, type IdentityClient, type IdentityClientOptions } from './identity-client';
export type { components, operations, paths } from './identity-api';

/** The request and response bodies of the identity service, by schema name (e.g. `IdentitySchemas['PersonResponseDto']`). */
export type IdentitySchemas = components['schemas'];
