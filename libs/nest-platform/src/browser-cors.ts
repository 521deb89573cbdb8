import type { INestApplication } from '@nestjs/common';
import { CORRELATION_HEADER } from './observability/outgoing-http';

/**
 * Lets the platform's web apps (admin portal, wallet, verifier) on the configured origins call a
 * service from the browser. Tokens and API keys travel in headers, never in cookies, so
 * credentials mode stays off. No origins: no CORS headers at all (the default, deny).
 */
export function enableBrowserCors(app: INestApplication, origins: readonly string[], options: { readonly extraHeaders?: readonly string[] } = {}): void {
  if (origins.length === 0) return;
  app.enableCors({
    origin: [...origins],
    methods: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'],
    allowedHeaders: ['authorization', 'content-type', CORRELATION_HEADER, ...(options.extraHeaders ?? [])],
    exposedHeaders: [CORRELATION_HEADER, 'retry-after'],
    credentials: false,
    maxAge: 600,
  });
}
