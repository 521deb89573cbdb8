import type { INestApplication } from '@nestjs/common';
import { createTestDatabase, freeLoopbackPort, TestIdentityProvider } from '@citizen-zero/test-harness';
import { createVerificationApp } from '../../src/bootstrap';
import { loadVerificationConfig } from '../../src/config/verification-config';


export interface VerificationTestContext {
  readonly app: INestApplication;
  readonly baseUrl: string;
  readonly idp: TestIdentityProvider;
  request(method: string, path: string, options?: { roles?: readonly string[]; subject?: string; body?: unknown; bearer?: string | null }): Promise<{ status: number; body: any; headers: Headers }>;
  close(): Promise<void>;
}

/** The verification service on its own PostgreSQL database, with a JWKS-publishing test IdP. */
export async function startVerification(env: Record<string, string> = {}): Promise<VerificationTestContext> {
  const database = await createTestDatabase('verification');
  const idp = await TestIdentityProvider.start('citizen-zero-verification');
  // A test that must know the port before start (e.g. for CZ_VERIFICATION_PUBLIC_URL) passes CZ_VERIFICATION_PORT.
  const port = env['CZ_VERIFICATION_PORT'] ? Number(env['CZ_VERIFICATION_PORT']) : await freeLoopbackPort();
  const config = loadVerificationConfig({ CZ_VERIFICATION_PORT: String(port), CZ_VERIFICATION_DATABASE_URL: database.url, CZ_REDIS_URL: process.env['CZ_TEST_REDIS_URL']!, CZ_QUEUE_PREFIX: `cz-test-${Math.random().toString(36).slice(2, 8)}`, CZ_OIDC_ISSUER: idp.issuer, CZ_OIDC_JWKS_URL: idp.jwksUrl, CZ_STATUS_LIST_ALLOW_HTTP: 'true', ...env });
  const app = await createVerificationApp(config, { logger: false });
  await app.listen(port, '127.0.0.1');
  const baseUrl = `http://127.0.0.1:${port}`;
  return {
    app,
    baseUrl,
    idp,
    async request(method, path, options = {}) {
      const bearer = options.bearer === undefined ? await idp.token(options.subject ?? 'bank-teller-1', options.roles ?? ['verifier']) : options.bearer;
      const response = await fetch(`${baseUrl}${path}`, { method, headers: { ...(bearer && { authorization: `Bearer ${bearer}` }), ...(options.body !== undefined && { 'content-type': 'application/json' }) }, ...(options.body !== undefined && { body: JSON.stringify(options.body) }) });
      const text = await response.text();
      let body: unknown = text;
      try {
        body = text ? JSON.parse(text) : undefined;
      } catch {
        // not JSON (e.g. a PEM bundle)
      }
      return { status: response.status, body, headers: response.headers };
    },
    async close() {
      await app.close();
      await idp.close();
      await database.drop();
    },
  };
}
