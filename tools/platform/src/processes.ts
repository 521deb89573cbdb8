import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** Long-running platform processes, started detached with a pid file and a log file in the data dir. */
export class ProcessDirectory {
  constructor(private readonly dataDir: string) {
    mkdirSync(join(dataDir, 'run'), { recursive: true });
    mkdirSync(join(dataDir, 'logs'), { recursive: true });
  }

  logFile(name: string): string {
    return join(this.dataDir, 'logs', `${name}.log`);
  }

  pidFile(name: string): string {
    return join(this.dataDir, 'run', `${name}.pid`);
  }

  /** The pid of a running process we started, if it is still alive. */
  running(name: string): number | undefined {
    const file = this.pidFile(name);
    if (!existsSync(file)) return undefined;
    const pid = Number(readFileSync(file, 'utf8').trim());
    try {
      process.kill(pid, 0);
      return pid;
    } catch {
      rmSync(file, { force: true });
      return undefined;
    }
  }

  start(name: string, command: string, args: readonly string[], env: Record<string, string>, cwd: string): number {
    const existing = this.running(name);
    if (existing) return existing;
    const log = openSync(this.logFile(name), 'a');
    const child = spawn(command, args, { cwd, env: { ...process.env, ...env }, detached: true, stdio: ['ignore', log, log] });
    child.unref();
    writeFileSync(this.pidFile(name), String(child.pid));
    return child.pid!;
  }

  /** SIGTERM, then SIGKILL after the grace period. */
  async stop(name: string, graceMs = 10_000): Promise<boolean> {
    const pid = this.running(name);
    if (!pid) return false;
    try {
      process.kill(-pid, 'SIGTERM');
    } catch {
      process.kill(pid, 'SIGTERM');
    }
    const deadline = Date.now() + graceMs;
    while (Date.now() < deadline && this.running(name)) await new Promise((resolve) => setTimeout(resolve, 100));
    if (this.running(name)) {
      try {
        process.kill(-pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
    rmSync(this.pidFile(name), { force: true });
    return true;
  }
}

export async function waitFor(what: string, probe: () => Promise<boolean>, timeoutMs = 60_000, logFile?: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await probe().catch(() => false)) return;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  const tail = logFile && existsSync(logFile) ? `\n--- last lines of ${logFile} ---\n${readFileSync(logFile, 'utf8').split('\n').slice(-30).join('\n')}` : '';
  throw new Error(`${what} did not become ready within ${timeoutMs / 1000} s${tail}`);
}

export const httpOk = (url: string) => () => fetch(url).then((response) => response.ok);
