import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { INestApplication } from '@nestjs/common';
import { certificatePem, createIacaCertificate, issueDocumentSignerCertificate } from '@citizen-zero/pki';
import { Hsm } from '@citizen-zero/hsm';
import { createTestDatabase, createTestToken, freeLoopbackPort, TestIdentityProvider, type TestToken } from '@citizen-zero/test-harness';
import { createIdentityApp } from '../../src/bootstrap';
import { type IdentityConfig, loadIdentityConfig } from '../../src/config/identity-config';


export interface IdentityTestContext {
  readonly app: INestApplication;
  readonly baseUrl: string;
  readonly config: IdentityConfig;
  readonly idp: TestIdentityProvider;
  readonly token: TestToken;
  /** The IACA that certified the service's signing keys: the trust anchor for what it issues. */
  readonly iacaPem: string;
  readonly databaseUrl: string;
  /** The environment the service was configured from (to start a separate worker process with). */
  readonly env: Record<string, string>;
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
  const pkiDir = mkdtempSync(join(tmpdir(), 'cz-identity-pki-'));
  const hsm = await Hsm.open(token);
  let iacaPem: string;
  try {
    await hsm.generateAesKey({ label: 'identity-kek-1', bits: 256 });
    await hsm.generateHmacKey({ label: 'identity-blind-index-1' });
    iacaPem = await developmentCeremony(hsm, pkiDir);
  } finally {
    await hsm.close();
  }
  const idp = await TestIdentityProvider.start('citizen-zero-identity');
  // A fixed port for the context's life, so the public URL (issuer identifier) survives restarts.
  const port = await freeLoopbackPort();
  const queuePrefix = `cz-test-${Math.random().toString(36).slice(2, 8)}`;
  const envFor = (extra: Record<string, string>): Record<string, string> => ({
      CZ_IDENTITY_PORT: String(port),
      CZ_IDENTITY_PUBLIC_URL: `http://127.0.0.1:${port}`,
      CZ_IDENTITY_DATABASE_URL: database.url,
      CZ_REDIS_URL: process.env['CZ_TEST_REDIS_URL'],
      CZ_QUEUE_PREFIX: queuePrefix,
      CZ_HSM_MODULE: token.modulePath,
      CZ_HSM_TOKEN: token.tokenLabel,
      CZ_HSM_PIN: token.pin,
      CZ_OIDC_ISSUER: idp.issuer,
      CZ_OIDC_JWKS_URL: idp.jwksUrl,
      CZ_IDENTITY_MDOC_CERTIFICATE: join(pkiDir, 'ds.pem'),
      CZ_IDENTITY_SEAL_CERTIFICATE: join(pkiDir, 'seal.pem'),
      CZ_IDENTITY_RECOVERY_INTERVAL_SECONDS: '1',
      ...env,
      ...extra,
    }) as Record<string, string>;
  const configFor = (extra: Record<string, string>) => loadIdentityConfig(envFor(extra));
  let config = configFor({});
  let app = await createIdentityApp(config, { logger: false });
  await app.listen(port, '127.0.0.1');
  const baseUrl = `http://127.0.0.1:${port}`;

  const context: IdentityTestContext = {
    get app() {
      return app;
    },
    baseUrl,
    get config() {
      return config;
    },
    idp,
    token,
    iacaPem,
    env: envFor({}),
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
      await app.listen(port, '127.0.0.1');
    },
    async close() {
      await app.close();
      await idp.close();
      await database.drop();
      rmSync(pkiDir, { recursive: true, force: true });
    },
  };
  return context;
}

/** IACA, mdoc document signer and seal signer keys in the HSM, certificates written as PEM (what `cz iaca create` / `cz ds issue` do). */
async function developmentCeremony(hsm: Hsm, dir: string): Promise<string> {
  await hsm.generateEcKeyPair({ label: 'iaca', curve: 'P-384' });
  const iacaSigner = await hsm.signer('iaca');
  const now = Date.now();
  const iaca = await createIacaCertificate({
    signer: iacaSigner,
    subject: { country: 'UT', commonName: 'Utopia Test IACA', organization: 'Citizen Zero Tests' },
    validity: { notBefore: new Date(now - 86_400_000), notAfter: new Date(now + 5 * 365 * 86_400_000) },
    issuerAlternativeName: { uri: 'https://iaca.test.citizen-zero.example' },
    crlDistributionPointUri: 'https://iaca.test.citizen-zero.example/crl',
  });
  for (const label of ['ds', 'ds-2', 'seal']) {
    await hsm.generateEcKeyPair({ label, curve: 'P-256' });
    const signer = await hsm.signer(label);
    const certificate = await issueDocumentSignerCertificate({ iacaSigner, iacaCertificate: iaca, publicKeySpki: await signer.publicKeySpki(), subject: { country: 'UT', commonName: `Utopia Test ${label}` }, validity: { notBefore: new Date(now - 86_400_000), notAfter: new Date(now + 365 * 86_400_000) } });
    writeFileSync(join(dir, `${label}.pem`), certificatePem(certificate));
  }
  const pem = certificatePem(iaca);
  writeFileSync(join(dir, 'iaca.pem'), pem);
  return pem;
}
