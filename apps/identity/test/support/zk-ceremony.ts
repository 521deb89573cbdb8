import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { TestToken } from '@citizen-zero/test-harness';

/**
 * The BBS issuer key made the way production makes it: `cz bbs keygen` (a child process) on the
 * test's SoftHSM2 token, which creates the AES key-encryption key there and writes the sealed key
 * file and the public key set into a fresh data dir.
 */
export function bbsKeyCeremony(token: TestToken, label = 'bbs-issuer-1'): { dataDir: string; sealedKeyFile: string; publicKeyFile: string; kid: string } {
  const dataDir = mkdtempSync(join(tmpdir(), 'cz-zk-ceremony-'));
  const result = spawnSync(process.execPath, [resolve('apps/console/bin/cz.cjs'), 'bbs', 'keygen', '--label', label, '--json'], {
    env: { ...process.env, CZ_DATA_DIR: dataDir, CZ_HSM_MODULE: token.modulePath, CZ_HSM_TOKEN: token.tokenLabel, CZ_HSM_PIN: token.pin },
    encoding: 'utf8',
    timeout: 60_000,
  });
  if (result.status !== 0) throw new Error(`cz bbs keygen failed (${result.status}): ${result.stderr}${result.stdout}`);
  const output = JSON.parse(result.stdout) as { kid: string; sealedKeyFile: string; publicKeyFile: string };
  return { dataDir, ...output };
}
