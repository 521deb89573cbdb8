import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import type { JWK } from 'jose';
import { createDevIdentityProvider, generateSigningKey, type ServiceClient } from './dev-identity-provider.mjs';
import { DEMO_OFFICIALS, PLATFORM_RESOURCES } from './platform-accounts.mjs';

/**
 * Runs the development identity provider. State that must survive restarts (signing key, cookie
 * keys, service client secrets) lives in `$CZ_DATA_DIR/dev-idp.json` (mode 600).
 */
interface PersistedState {
  signingKey: JWK;
  cookieKeys: string[];
  clientSecrets: Record<string, string>;
}

const SERVICE_CLIENTS: ReadonlyArray<{ clientId: string; roles: readonly string[] }> = [
  { clientId: 'platform-seeder', roles: ['registrar', 'security-officer'] },
  // A second official for maker–checker: demo applications are submitted by the seeder and approved by this client.
  { clientId: 'platform-approver', roles: ['approver'] },
  { clientId: 'identity-service', roles: ['service'] },
  { clientId: 'biometric-service', roles: ['service'] },
  { clientId: 'verification-service', roles: ['service'] },
  { clientId: 'monitor-service', roles: ['service', 'auditor'] },
];

async function main(): Promise<void> {
  const dataDir = process.env['CZ_DATA_DIR'] ?? '.cz';
  const port = Number(process.env['CZ_DEV_IDP_PORT'] ?? 3000);
  const issuer = process.env['CZ_OIDC_ISSUER'] ?? `http://127.0.0.1:${port}`;
  const portalUrl = process.env['CZ_ADMIN_PORTAL_URL'] ?? 'http://127.0.0.1:5173';
  const verifierUrl = process.env['CZ_VERIFIER_URL'] ?? 'http://127.0.0.1:5175';
  mkdirSync(dataDir, { recursive: true });
  const stateFile = join(dataDir, 'dev-idp.json');
  const state: PersistedState = existsSync(stateFile)
    ? (JSON.parse(readFileSync(stateFile, 'utf8')) as PersistedState)
    : { signingKey: await generateSigningKey(), cookieKeys: [randomBytes(32).toString('base64url')], clientSecrets: {} };
  for (const client of SERVICE_CLIENTS) state.clientSecrets[client.clientId] ??= randomBytes(24).toString('base64url');
  writeFileSync(stateFile, JSON.stringify(state, null, 2), { mode: 0o600 });

  const serviceClients: ServiceClient[] = SERVICE_CLIENTS.map((client) => ({ ...client, clientSecret: state.clientSecrets[client.clientId]! }));
  const provider = createDevIdentityProvider({
    issuer,
    resources: PLATFORM_RESOURCES,
    officials: DEMO_OFFICIALS,
    serviceClients,
    browserClients: [
      { clientId: 'admin-portal', redirectUris: [`${portalUrl}/callback`, `${portalUrl}/silent-renew`], postLogoutRedirectUris: [portalUrl] },
      { clientId: 'verifier-app', redirectUris: [`${verifierUrl}/callback`], postLogoutRedirectUris: [verifierUrl] },
    ],
    signingKey: state.signingKey,
    cookieKeys: state.cookieKeys,
  });
  provider.listen(port, '127.0.0.1');
  console.log(`development identity provider at ${issuer} (JWKS ${issuer}/jwks)`);
}

void main();
