import { resolve } from 'node:path';
import type { INestApplication } from '@nestjs/common';
import { createTestDatabase, createTestToken, freeLoopbackPort, TestIdentityProvider, type TestToken } from '@citizen-zero/test-harness';
import { createBiometricApp } from '../../src/bootstrap';
import { type BiometricConfig, loadBiometricConfig } from '../../src/config/biometric-config';
import { KeyCustody } from '../../src/crypto/key-custody';

export const WORKSPACE = resolve(import.meta.dirname, '../../../..');
export const MODELS_DIR = resolve(WORKSPACE, 'models');

export { samplePhoto } from '../../scripts/face-fixtures';

export interface BiometricTestContext {
  readonly app: INestApplication;
  readonly baseUrl: string;
  readonly config: BiometricConfig;
  readonly token: TestToken;
  readonly env: Record<string, string>;
  readonly databaseUrl: string;
  request(method: string, path: string, options?: { roles?: readonly string[]; body?: unknown; bearer?: string | null }): Promise<{ status: number; body: any }>;
  close(): Promise<void>;
}

/**
 * The biometric service on real infrastructure: its own PostgreSQL database (pgvector), the
 * run's Redis with a fresh queue prefix, a fresh SoftHSM2 token with its KEK and rotation key,
 * the converted face models, and a JWKS-publishing test IdP.
 */
export async function startBiometric(env: Record<string, string> = {}, options: { token?: TestToken } = {}): Promise<BiometricTestContext> {
  const database = await createTestDatabase('biometric');
  // SoftHSM lists its tokens when the PKCS#11 module is first initialised in a process: a second service in one test file shares the first one's token.
  const token = options.token ?? createTestToken('biometric');
  const idp = await TestIdentityProvider.start('citizen-zero-biometric');
  const port = await freeLoopbackPort();
  const fullEnv: Record<string, string> = {
    CZ_BIOMETRIC_PORT: String(port),
    CZ_BIOMETRIC_DATABASE_URL: database.url,
    CZ_REDIS_URL: process.env['CZ_TEST_REDIS_URL']!,
    CZ_QUEUE_PREFIX: `cz-test-${Math.random().toString(36).slice(2, 8)}`,
    CZ_HSM_MODULE: token.modulePath,
    CZ_HSM_TOKEN: token.tokenLabel,
    CZ_HSM_PIN: token.pin,
    CZ_OIDC_ISSUER: idp.issuer,
    CZ_OIDC_JWKS_URL: idp.jwksUrl,
    CZ_FACE_MODELS_DIR: MODELS_DIR,
    ...env,
  };
  const config = loadBiometricConfig(fullEnv);
  const keys = await KeyCustody.open(config);
  try {
    await keys.ensureKeys();
  } finally {
    await keys.onApplicationShutdown();
  }
  const app = await createBiometricApp(config, { logger: false });
  await app.listen(port, '127.0.0.1');
  const baseUrl = `http://127.0.0.1:${port}`;
  return {
    app,
    baseUrl,
    config,
    token,
    env: fullEnv,
    databaseUrl: database.url,
    async request(method, path, options = {}) {
      const bearer = options.bearer === undefined ? await idp.token('enrolment-desk-1', options.roles ?? ['service']) : options.bearer;
      const response = await fetch(`${baseUrl}${path}`, { method, headers: { ...(bearer && { authorization: `Bearer ${bearer}` }), ...(options.body !== undefined && { 'content-type': 'application/json' }) }, ...(options.body !== undefined && { body: JSON.stringify(options.body) }) });
      const text = await response.text();
      return { status: response.status, body: text ? JSON.parse(text) : undefined };
    },
    async close() {
      await app.close();
      await idp.close();
      await database.drop();
    },
  };
}
