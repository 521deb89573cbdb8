import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { assertSoftHsmInstalled } from './softhsm';

/**
 * Vitest global setup: one SoftHSM2 token directory per test run, in a fresh temp dir.
 * Test files create their own tokens in it with {@link createTestToken}; the
 * SOFTHSM2_CONF set here is inherited by the worker processes.
 */
export default function setup(): () => void {
  assertSoftHsmInstalled();
  const root = mkdtempSync(join(tmpdir(), 'cz-softhsm-'));
  const tokens = join(root, 'tokens');
  writeFileSync(join(root, 'softhsm2.conf'), `directories.tokendir = ${tokens}\nobjectstore.backend = file\nlog.level = ERROR\nslots.removable = false\n`);
  mkdirSync(tokens);
  process.env['SOFTHSM2_CONF'] = join(root, 'softhsm2.conf');
  return () => rmSync(root, { recursive: true, force: true });
}
