import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createConnection } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freeLoopbackPort, waitUntil } from './local-server';

export interface LocalRedis {
  readonly port: number;
  readonly url: string;
  stop(): void;
}

/** A throwaway redis-server on 127.0.0.1 and a free port; AOF on when durability is under test. */
export async function startLocalRedis(options: { appendOnly?: boolean } = {}): Promise<LocalRedis> {
  const root = mkdtempSync(join(tmpdir(), 'cz-redis-'));
  const port = await freeLoopbackPort();
  const pidFile = join(root, 'redis.pid');
  execFileSync('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--dir', root, '--save', '', '--appendonly', options.appendOnly ? 'yes' : 'no', '--daemonize', 'yes', '--pidfile', pidFile, '--logfile', join(root, 'redis.log')], { stdio: 'pipe' });
  await waitUntil('Redis', () => ping(port));
  return {
    port,
    url: `redis://127.0.0.1:${port}`,
    stop: () => {
      try {
        process.kill(Number(readFileSync(pidFile, 'utf8').trim()), 'SIGKILL');
      } catch {
        spawn('redis-cli', ['-p', String(port), 'shutdown', 'nosave']);
      } finally {
        rmSync(root, { recursive: true, force: true });
      }
    },
  };
}

function ping(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ host: '127.0.0.1', port }, () => socket.write('PING\r\n'));
    socket.on('data', (data) => {
      socket.destroy();
      resolve(data.toString().startsWith('+PONG'));
    });
    socket.on('error', () => resolve(false));
  });
}
