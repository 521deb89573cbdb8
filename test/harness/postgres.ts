import { execFileSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { freeLoopbackPort, waitUntil } from './local-server';

export const POSTGRES_BIN = '/usr/lib/postgresql/15/bin';

export interface LocalPostgres {
  readonly port: number;
  readonly dataDir: string;
  /** Superuser connection URL to the `postgres` database. */
  readonly adminUrl: string;
  stop(): void;
}

/**
 * A throwaway PostgreSQL 15 cluster on 127.0.0.1 and a free port, in a temp dir. PostgreSQL
 * refuses to run as root, so as root the cluster belongs to the `postgres` system user.
 * fsync is off: the data is disposable.
 */
export async function startLocalPostgres(): Promise<LocalPostgres> {
  if (!existsSync(join(POSTGRES_BIN, 'initdb'))) throw new Error(`PostgreSQL 15 is not installed (${POSTGRES_BIN}); run \`npm test\`, which installs it`);
  const root = mkdtempSync(join(tmpdir(), 'cz-postgres-'));
  const dataDir = join(root, 'data');
  const asRoot = userInfo().uid === 0;
  const superuser = asRoot ? 'postgres' : userInfo().username;
  if (asRoot) chownSync(root, Number(execFileSync('id', ['-u', 'postgres']).toString().trim()), Number(execFileSync('id', ['-g', 'postgres']).toString().trim()));
  const run = (binary: string, args: string[]) => execFileSync(asRoot ? 'runuser' : join(POSTGRES_BIN, binary), asRoot ? ['-u', 'postgres', '--', join(POSTGRES_BIN, binary), ...args] : args, { stdio: 'pipe', cwd: root });
  run('initdb', ['-D', dataDir, '--no-sync', '-A', 'trust', '-U', superuser, '-E', 'UTF8', '--locale=C.UTF-8']);
  const port = await freeLoopbackPort();
  run('pg_ctl', ['-D', dataDir, '-l', join(root, 'postgres.log'), '-o', `-h 127.0.0.1 -p ${port} -k ${root} -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200`, '-w', 'start']);
  const adminUrl = `postgres://${superuser}@127.0.0.1:${port}/postgres`;
  await waitUntil('PostgreSQL', async () => {
    const client = new Client({ connectionString: adminUrl });
    await client.connect();
    await client.end();
    return true;
  });
  return {
    port,
    dataDir,
    adminUrl,
    stop: () => {
      try {
        run('pg_ctl', ['-D', dataDir, '-m', 'immediate', '-w', 'stop']);
      } finally {
        rmSync(root, { recursive: true, force: true });
      }
    },
  };
}

/** Creates a fresh, empty database on the run's cluster (see services.global-setup.ts) and returns its URL. */
export async function createTestDatabase(prefix = 'cz_test'): Promise<{ url: string; drop(): Promise<void> }> {
  const adminUrl = process.env['CZ_TEST_POSTGRES_URL'];
  if (!adminUrl) throw new Error('CZ_TEST_POSTGRES_URL is not set: add test/harness/services.global-setup.ts to the vitest project');
  const name = `${prefix}_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`;
  const admin = new Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const client = new Client({ connectionString: adminUrl });
      await client.connect();
      await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await client.end();
    },
  };
}
