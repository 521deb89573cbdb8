import type { INestApplication } from '@nestjs/common';
import { Hsm } from '@citizen-zero/hsm';
import { createTestDatabase, createTestToken, type TestToken } from '@citizen-zero/test-harness';
import { createIdentityApp } from '../../src/bootstrap';
import { type IdentityConfig, loadIdentityConfig } from '../../src/config/identity-config';
import { TestIdentityProvider } from './test-identity-provider';

export interface IdentityTestContext {
  readonly app: INestApplication;
  readonly baseUrl: string;
  readonly config: IdentityConfig;
  readonly idp: TestIdentityProvider;
  readonly token: TestToken;
  readonly databaseUrl: string;
  /** Calls the API as an official with these roles. */
  request(method: string, path: string, options?: { roles?: readonly string[]; subject?: string; body?: unknown; bearer?: string | null }): Promise<{ status: number; body: any }>;
  /** Boots a second instance on the same database and token with other settings (e.g. a new KEK). */
  restart(env?: Record<string, string>): Promise<void>;
  close(): Promise<void>;
}

/**
 * The identity service on real infrastructure: its own PostgreSQL database, the run's Redis,
 * a fresh SoftHSM2 token with the record-encryption keys, and a JWKS-publishing test IdP.
 */
export async function startIdentity(env: Record<string, string> = {}): Promise<IdentityTestContext> {
  const database = await createTestDatabase('identity');
  const token = createTestToken('identity');
  const hsm = await Hsm.open(token);
  await hsm.generateAesKey({ label: 'identity-kek-1', bits: 256 });
  await hsm.generateHmacKey({ label: 'identity-blind-index-1' });
  await hsm.close();
  const idp = await TestIdentityProvider.start();
  const configFor = (extra: Record<string, string>) =>
    loadIdentityConfig({
      CZ_IDENTITY_PORT: '0',
      CZ_IDENTITY_DATABASE_URL: database.url,
      CZ_REDIS_URL: process.env['CZ_TEST_REDIS_URL'],
      CZ_QUEUE_PREFIX: `cz-test-${Math.random().toString(36).slice(2, 8)}`,
      CZ_HSM_MODULE: token.modulePath,
      CZ_HSM_TOKEN: token.tokenLabel,
      CZ_HSM_PIN: token.pin,
      CZ_OIDC_ISSUER: idp.issuer,
      CZ_OIDC_JWKS_URL: idp.jwksUrl,
      ...env,
      ...extra,
    });
  let config = configFor({});
  let app = await createIdentityApp(config, { logger: false });
  await app.listen(0, '127.0.0.1');
  let baseUrl = await app.getUrl();

  const context: IdentityTestContext = {
    get app() {
      return app;
    },
    get baseUrl() {
      return baseUrl;
    },
    get config() {
      return config;
    },
    idp,
    token,
    databaseUrl: database.url,
    async request(method, path, options = {}) {
      const bearer = options.bearer === undefined ? await idp.token(options.subject ?? 'official-registrar-1', options.roles ?? ['registrar']) : options.bearer;
      const response = await fetch(`${baseUrl}${path}`, {
        method,
        headers: { ...(bearer && { authorization: `Bearer ${bearer}` }), ...(options.body !== undefined && { 'content-type': 'application/json' }) },
        ...(options.body !== undefined && { body: typeof options.body === 'string' ? options.body : JSON.stringify(options.body) }),
      });
      const text = await response.text();
      return { status: response.status, body: text ? JSON.parse(text) : undefined };
    },
    async restart(extra = {}) {
      await app.close();
      config = configFor(extra);
      app = await createIdentityApp(config, { logger: false });
      await app.listen(0, '127.0.0.1');
      baseUrl = await app.getUrl();
    },
    async close() {
      await app.close();
      await idp.close();
      await database.drop();
    },
  };
  return context;
}
