import { type ChildProcess, spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { createTestDatabase, freeLoopbackPort, TestIdentityProvider, waitUntil } from '@citizen-zero/test-harness';

const WORKSPACE = resolve(import.meta.dirname, '../../../..');

export interface VerificationProcess {
  readonly url: string;
  readonly port: number;
  /** What the process wrote (JSON log lines). */
  output(): string;
  close(): Promise<void>;
}

/**
 * The real verification service as its own process (as `npm start` runs it), on its own test
 * database and the run's Redis, with a JWKS-publishing test IdP: a service the monitor watches
 * over HTTP exactly as in production.
 */
export async function startVerificationProcess(env: Record<string, string> = {}): Promise<VerificationProcess> {
  const database = await createTestDatabase('verification');
  const idp = await TestIdentityProvider.start('citizen-zero-verification');
  const port = await freeLoopbackPort();
  let output = '';
  const child: ChildProcess = spawn(process.execPath, ['-r', '@swc-node/register', 'apps/verification/src/main.ts'], {
    cwd: WORKSPACE,
    env: {
      PATH: process.env['PATH'],
      SWC_NODE_PROJECT: 'apps/verification/tsconfig.json',
      CZ_VERIFICATION_PORT: String(port),
      CZ_VERIFICATION_DATABASE_URL: database.url,
      CZ_REDIS_URL: process.env['CZ_TEST_REDIS_URL']!,
      CZ_QUEUE_PREFIX: `cz-test-${Math.random().toString(36).slice(2, 8)}`,
      CZ_OIDC_ISSUER: idp.issuer,
      CZ_OIDC_JWKS_URL: idp.jwksUrl,
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const url = `http://127.0.0.1:${port}`;
  try {
    let exitCode: number | null = null;
    child.once('exit', (code) => (exitCode = code ?? -1));
    await waitUntil('the verification service', async () => exitCode !== null || (await fetch(`${url}/health/ready`)).ok, 90_000);
    if (exitCode !== null) throw new Error(`the verification service exited (${exitCode})`);
  } catch (error) {
    child.kill('SIGKILL');
    await idp.close();
    await database.drop();
    throw new Error(`${(error as Error).message}\n${output.slice(-2000)}`);
  }
  return {
    url,
    port,
    output: () => output,
    async close() {
      if (child.exitCode === null) {
        const exited = new Promise((done) => child.once('exit', done));
        child.kill('SIGTERM');
        await Promise.race([exited, new Promise((done) => setTimeout(done, 10_000))]);
        if (child.exitCode === null) child.kill('SIGKILL');
      }
      await idp.close();
      await database.drop();
    },
  };
}
