import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, expect } from 'vitest';

const CZ = resolve('node_modules/.bin/cz');

export interface CzResult {
  readonly status: number;
  readonly stdout: string;
  readonly stderr: string;
  json(): Record<string, any>;
}

export interface ConsoleOnFreshToken {
  /** The data directory of this suite (set in beforeAll, removed in afterAll). */
  readonly dataDir: string;
  /** Runs `cz` in a child process, as an officer does, with this suite's data directory and token. */
  cz(args: readonly string[], extraEnv?: NodeJS.ProcessEnv): CzResult;
}

/**
 * The console as a security officer runs it — the `cz` binary in a child process — against a
 * fresh data directory and a SoftHSM2 token of this suite's own (`token`), which `cz hsm init`
 * creates unless `init: false` (for suites that test the initialisation itself). Registers the
 * suite's beforeAll/afterAll.
 */
export function consoleOnFreshToken(token: string, options: { readonly init?: boolean } = {}): ConsoleOnFreshToken {
  let dataDir = '';
  let env: NodeJS.ProcessEnv = {};
  const cz = (args: readonly string[], extraEnv: NodeJS.ProcessEnv = {}): CzResult => {
    const result = spawnSync(CZ, args, { env: { ...env, ...extraEnv }, encoding: 'utf8', timeout: 60_000 });
    return { status: result.status ?? -1, stdout: result.stdout, stderr: result.stderr, json: () => JSON.parse(result.stdout) as Record<string, any> };
  };
  beforeAll(() => {
    dataDir = mkdtempSync(join(tmpdir(), `${token}-`));
    const { SOFTHSM2_CONF: _ignored, ...rest } = process.env;
    env = { ...rest, CZ_DATA_DIR: dataDir, CZ_HSM_TOKEN: token, CZ_HSM_PIN: 'user-pin-1234', CZ_HSM_SO_PIN: 'so-pin-5678' };
    if (options.init !== false) expect(cz(['hsm', 'init']).status).toBe(0);
  });
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));
  return {
    get dataDir() {
      return dataDir;
    },
    cz,
  };
}
