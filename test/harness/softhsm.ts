import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const SOFTHSM_MODULE = '/usr/lib/softhsm/libsofthsm2.so';

export interface TestToken {
  readonly modulePath: string;
  readonly tokenLabel: string;
  readonly pin: string;
  readonly soPin: string;
}

export function assertSoftHsmInstalled(): void {
  if (!existsSync(SOFTHSM_MODULE)) {
    throw new Error(`SoftHSM2 is not installed (${SOFTHSM_MODULE} missing): run \`npm test\`, which installs it, or \`apt-get install -y softhsm2\``);
  }
}

/**
 * A SoftHSM2 token directory in a fresh temp dir, with SOFTHSM2_CONF pointing at it for this
 * process and its children. Returns the cleanup function.
 */
export function createSoftHsmEnvironment(): () => void {
  assertSoftHsmInstalled();
  const root = mkdtempSync(join(tmpdir(), 'cz-softhsm-'));
  const tokens = join(root, 'tokens');
  mkdirSync(tokens);
  writeFileSync(join(root, 'softhsm2.conf'), `directories.tokendir = ${tokens}\nobjectstore.backend = file\nlog.level = ERROR\nslots.removable = false\n`);
  process.env['SOFTHSM2_CONF'] = join(root, 'softhsm2.conf');
  return () => rmSync(root, { recursive: true, force: true });
}

/** Initialises a fresh SoftHSM2 token in the run's token directory (see softhsm.global-setup.ts). */
export function createTestToken(prefix = 'cz-test'): TestToken {
  if (!process.env['SOFTHSM2_CONF']) throw new Error('SOFTHSM2_CONF is not set: add test/harness/softhsm.global-setup.ts to the vitest project');
  const tokenLabel = `${prefix}-${randomBytes(4).toString('hex')}`;
  const pin = randomBytes(6).toString('hex');
  const soPin = randomBytes(6).toString('hex');
  execFileSync('softhsm2-util', ['--init-token', '--free', '--label', tokenLabel, '--so-pin', soPin, '--pin', pin], { stdio: 'pipe' });
  return { modulePath: SOFTHSM_MODULE, tokenLabel, pin, soPin };
}
