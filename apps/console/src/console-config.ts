import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import { UsageError } from './exit-codes';

/**
 * The console's one typed configuration, read from the environment once and validated.
 * Nothing else in the console reads process.env.
 *
 * | variable | meaning | default |
 * | --- | --- | --- |
 * | CZ_DATA_DIR | where certificates, CRLs and the dev SoftHSM token live | `.cz` in the working directory |
 * | CZ_HSM_MODULE | PKCS#11 module path | `/usr/lib/softhsm/libsofthsm2.so` |
 * | CZ_HSM_TOKEN | token label | `citizen-zero` |
 * | CZ_HSM_PIN | user PIN (asked for on a terminal when unset) | — |
 * | CZ_HSM_SO_PIN | security officer PIN, for `hsm init` only | — |
 * | SOFTHSM2_CONF | SoftHSM2 configuration; when unset and the module is SoftHSM, one is made in CZ_DATA_DIR/softhsm | — |
 * | CZ_IDENTITY_DATABASE_URL | the identity database, for `cz audit verify` (a role that may only SELECT from audit_log) | — |
 * | CZ_IDENTITY_URL | the identity service's base URL, for `cz dead-letters` | — |
 * | CZ_IDENTITY_TOKEN | bearer access token for the identity service (environment only, never a flag) | — |
 */
export interface ConsoleConfig {
  readonly dataDir: string;
  readonly hsm: {
    readonly modulePath: string;
    readonly tokenLabel: string;
    readonly pin: string | undefined;
    readonly soPin: string | undefined;
  };
  /** Set when the console made its own SoftHSM2 configuration. */
  readonly softHsmConf: string | undefined;
}

export const DEFAULT_MODULE = '/usr/lib/softhsm/libsofthsm2.so';

export function loadConsoleConfig(env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): ConsoleConfig {
  const dataDir = resolve(cwd, env['CZ_DATA_DIR'] || '.cz');
  const modulePath = env['CZ_HSM_MODULE'] || DEFAULT_MODULE;
  if (!isAbsolute(modulePath)) throw new UsageError(`CZ_HSM_MODULE must be an absolute path to a PKCS#11 module, got "${modulePath}"`);
  if (!existsSync(modulePath)) {
    throw new UsageError(`the PKCS#11 module ${modulePath} does not exist: install SoftHSM2 (\`apt-get install -y softhsm2\`, or run \`npm start\`) or set CZ_HSM_MODULE to your HSM's module`);
  }
  const tokenLabel = env['CZ_HSM_TOKEN'] || 'citizen-zero';
  if (tokenLabel.length > 32) throw new UsageError('CZ_HSM_TOKEN must be at most 32 characters (PKCS#11 token labels are 32 bytes)');

  let softHsmConf: string | undefined;
  if (modulePath.includes('softhsm') && !env['SOFTHSM2_CONF']) {
    const dir = join(dataDir, 'softhsm');
    softHsmConf = join(dir, 'softhsm2.conf');
    if (!existsSync(softHsmConf)) {
      mkdirSync(join(dir, 'tokens'), { recursive: true, mode: 0o700 });
      writeFileSync(softHsmConf, `directories.tokendir = ${join(dir, 'tokens')}\nobjectstore.backend = file\nlog.level = ERROR\n`, { mode: 0o600 });
    }
    // SoftHSM reads its configuration from the environment when the module loads.
    env['SOFTHSM2_CONF'] = softHsmConf;
  }
  return {
    dataDir,
    hsm: { modulePath, tokenLabel, pin: env['CZ_HSM_PIN'] || undefined, soPin: env['CZ_HSM_SO_PIN'] || undefined },
    softHsmConf,
  };
}

/**
 * The identity service as the console reaches it: its database (read only, `cz audit verify`) and
 * its REST API (`cz dead-letters`). Separate from {@link loadConsoleConfig} so that these commands
 * work on a machine without an HSM. The token is only ever read here, never from a flag.
 */
export interface IdentityAccessConfig {
  readonly databaseUrl: string | undefined;
  readonly apiUrl: string | undefined;
  readonly token: string | undefined;
}

export function loadIdentityAccessConfig(env: NodeJS.ProcessEnv = process.env): IdentityAccessConfig {
  return {
    databaseUrl: env['CZ_IDENTITY_DATABASE_URL'] || undefined,
    apiUrl: env['CZ_IDENTITY_URL'] || undefined,
    token: env['CZ_IDENTITY_TOKEN'] || undefined,
  };
}

/** How `cz trust add|list|retire` reach the verification service; the token is read only here, never from a flag. */
export function loadVerificationAccessConfig(env: NodeJS.ProcessEnv = process.env): { readonly apiUrl: string | undefined; readonly token: string | undefined } {
  return { apiUrl: env['CZ_VERIFICATION_URL'] || undefined, token: env['CZ_VERIFICATION_TOKEN'] || undefined };
}
