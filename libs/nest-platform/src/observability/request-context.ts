import { AsyncLocalStorage } from 'node:async_hooks';

/** What travels with one request or job through the code that handles it (for logs). */
export interface RequestContext {
  readonly correlationId: string;
}

export const requestContext = new AsyncLocalStorage<RequestContext>();

export function currentCorrelationId(): string | undefined {
  return requestContext.getStore()?.correlationId;
}
