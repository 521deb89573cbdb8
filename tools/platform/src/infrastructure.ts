import { execFileSync } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { userInfo } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { ProcessDirectory, waitFor } from './processes';

const POSTGRES_BIN = '/usr/lib/postgresql/15/bin';

/**
 * PostgreSQL 15 with its data in the data dir. It refuses to run as root, so as root the cluster
 * belongs to the `postgres` system user (the data dir is made traversable for it).
 */
export async function ensurePostgres(dataDir: string, port: number, databases: readonly string[]): Promise<string> {
  const root = join(dataDir, 'postgres');
  const cluster = join(root, 'data');
  const asRoot = userInfo().uid === 0;
  const superuser = asRoot ? 'postgres' : userInfo().username;
  const run = (binary: string, args: string[]) => execFileSync(asRoot ? 'runuser' : join(POSTGRES_BIN, binary), asRoot ? ['-u', 'postgres', '--', join(POSTGRES_BIN, binary), ...args] : args, { stdio: 'pipe', cwd: root });
  if (!existsSync(join(cluster, 'PG_VERSION'))) {
    mkdirSync(root, { recursive: true });
    if (asRoot) {
      chmodSync(dataDir, 0o711);
      chownSync(root, Number(execFileSync('id', ['-u', 'postgres']).toString()), Number(execFileSync('id', ['-g', 'postgres']).toString()));
    }
    run('initdb', ['-D', cluster, '-A', 'trust', '-U', superuser, '-E', 'UTF8', '--locale=C.UTF-8']);
  }
  let running = false;
  try {
    run('pg_ctl', ['-D', cluster, 'status']);
    running = true;
  } catch {
    running = false;
  }
  if (!running) run('pg_ctl', ['-D', cluster, '-l', join(root, 'postgres.log'), '-o', `-h 127.0.0.1 -p ${port} -k ${root}`, '-w', 'start']);
  const adminUrl = `postgres://${superuser}@127.0.0.1:${port}/postgres`;
  await waitFor('PostgreSQL', async () => {
    const client = new Client({ connectionString: adminUrl });
    await client.connect();
    try {
      for (const database of databases) {
        const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
        if (!rowCount) await client.query(`CREATE DATABASE ${database}`);
      }
    } finally {
      await client.end();
    }
    return true;
  });
  return `postgres://${superuser}@127.0.0.1:${port}`;
}

export function stopPostgres(dataDir: string): boolean {
  const cluster = join(dataDir, 'postgres', 'data');
  if (!existsSync(join(cluster, 'postmaster.pid'))) return false;
  const asRoot = userInfo().uid === 0;
  const args = ['-D', cluster, '-m', 'fast', '-w', 'stop'];
  execFileSync(asRoot ? 'runuser' : join(POSTGRES_BIN, 'pg_ctl'), asRoot ? ['-u', 'postgres', '--', join(POSTGRES_BIN, 'pg_ctl'), ...args] : args, { stdio: 'pipe' });
  return true;
}

/** Redis with append-only persistence in the data dir (queues survive a restart). */
export async function ensureRedis(dataDir: string, port: number): Promise<string> {
  const dir = join(dataDir, 'redis');
  mkdirSync(dir, { recursive: true });
  const pidFile = join(dir, 'redis.pid');
  const alive = existsSync(pidFile) && (() => {
    try {
      process.kill(Number(readFileSync(pidFile, 'utf8').trim()), 0);
      return true;
    } catch {
      return false;
    }
  })();
  if (!alive) {
    execFileSync('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--appendonly', 'yes', '--save', '', '--daemonize', 'yes', '--pidfile', pidFile, '--logfile', join(dir, 'redis.log')], { stdio: 'pipe' });
  }
  const url = `redis://127.0.0.1:${port}`;
  await waitFor('Redis', async () => {
    execFileSync('redis-cli', ['-p', String(port), 'ping'], { stdio: 'pipe' });
    return true;
  });
  return url;
}

export function stopRedis(dataDir: string): boolean {
  const pidFile = join(dataDir, 'redis', 'redis.pid');
  if (!existsSync(pidFile)) return false;
  try {
    process.kill(Number(readFileSync(pidFile, 'utf8').trim()), 'SIGTERM');
    return true;
  } catch {
    return false;
  }
}

export { ProcessDirectory };
