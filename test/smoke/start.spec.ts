import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const ROOT = resolve(__dirname, '../..');

/** Runs the README's first command, as a user would, in a throwaway data dir. */
function start(dataDir: string) {
  const { SOFTHSM2_CONF: _inherited, CZ_HSM_PIN: _pin, CZ_HSM_SO_PIN: _soPin, ...env } = process.env;
  return spawnSync('bash', [join(ROOT, 'scripts/start.sh')], { cwd: ROOT, env: { ...env, CZ_DATA_DIR: dataDir, NO_COLOR: '1' }, encoding: 'utf8', timeout: 240_000 });
}

describe('npm start (the quick start’s first command)', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'cz-start-'));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('runs the development key ceremony and issues and verifies the demo credentials', () => {
    const run = start(dataDir);
    expect(run.stderr).not.toMatch(/FAILED|Error:/);
    expect(run.status).toBe(0);
    expect(run.stdout.match(/^VALID — DeviceResponse status 0/gm)).toHaveLength(2);
    expect(run.stdout).toContain('Citizen Zero is up');
    const secrets = join(dataDir, 'dev-secrets.env');
    expect(statSync(secrets).mode & 0o077).toBe(0);
    const pin = /CZ_HSM_PIN=(\w+)/.exec(readFileSync(secrets, 'utf8'))![1]!;
    expect(run.stdout + run.stderr).not.toContain(pin);
    for (const file of ['trust-list.pem', 'pki/iaca/iaca.pem', 'pki/ds/ds.pem', 'demo/mdl/device-response.cbor', 'demo/national-id/device-response.cbor']) {
      expect(existsSync(join(dataDir, file)), file).toBe(true);
    }
  });

  it('reuses the token, keys and certificates when run again', () => {
    const iacaBefore = readFileSync(join(dataDir, 'pki/iaca/iaca.pem'), 'utf8');
    const run = start(dataDir);
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/token "citizen-zero" already initialised/);
    expect(readFileSync(join(dataDir, 'pki/iaca/iaca.pem'), 'utf8')).toBe(iacaBefore);
    expect(run.stdout.match(/^iaca\s+private/gm)).toHaveLength(1);
  });
});
