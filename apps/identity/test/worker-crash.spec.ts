import { type ChildProcess, spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually } from './support/biometric-stand-in';
import { type IdentityTestContext, startIdentity } from './support/identity-test-app';

const ROOT = resolve(__dirname, '../../..');
const APPLICATIONS = 200;

/** The identity worker as its own process, as production runs it. */
const workerOutput: string[] = [];

function startWorker(env: Record<string, string>): ChildProcess {
  const child = spawn(process.execPath, ['-r', '@swc-node/register', 'apps/identity/src/worker.ts'], { cwd: ROOT, env: { ...process.env, ...env, SWC_NODE_PROJECT: 'apps/identity/tsconfig.json' }, stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout?.on('data', (chunk: Buffer) => workerOutput.push(chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => workerOutput.push(chunk.toString()));
  return child;
}

function kill(worker: ChildProcess): Promise<void> {
  return new Promise((done) => {
    worker.once('exit', () => done());
    worker.kill('SIGKILL');
  });
}

describe('a worker killed mid-issuance loses nothing and issues nothing twice', () => {
  let identity: IdentityTestContext;
  let worker: ChildProcess | undefined;

  beforeAll(async () => {
    // The API runs here without workers; the worker is a separate process we can SIGKILL.
    identity = await startIdentity({ CZ_IDENTITY_WORKERS: 'false', CZ_QUEUE_JOB_LOCK_SECONDS: '2', CZ_IDENTITY_RECOVERY_INTERVAL_SECONDS: '1' });
  }, 120_000);
  afterAll(async () => {
    if (worker && worker.exitCode === null) await kill(worker);
    await identity?.close();
  });

  it(`issues ${APPLICATIONS} applications exactly once across two SIGKILLs of the worker`, async () => {
    const registrar = { roles: ['registrar'], subject: 'registrar-kim' };
    const approver = { roles: ['approver'], subject: 'approver-lee' };
    const ids: string[] = [];
    for (let batch = 0; batch < APPLICATIONS / 20; batch++) {
      const created = await Promise.all(
        Array.from({ length: 20 }, (_, index) =>
          identity.request('POST', '/applications', { ...registrar, body: { type: 'birth-registration', applicant: { familyName: 'Crash', givenNames: `Child ${'abcdefghij'[batch]} ${'abcdefghijklmnopqrst'[index]}`, birthDate: '2026-11-01', placeOfBirth: 'Utopia City', sex: 'X', nationalities: ['UT'], addresses: [] }, reason: 'notification' } }),
        ),
      );
      expect(created.map((response) => response.status), JSON.stringify(created[0]!.body)).toEqual(created.map(() => 201));
      ids.push(...created.map((response) => response.body.id as string));
    }
    for (const id of ids) await identity.request('POST', `/applications/${id}/submission`, { ...registrar, body: { reason: 'signed' } });
    await Promise.all(ids.map((id) => identity.request('POST', `/applications/${id}/approval`, { ...approver, body: { reason: 'verified' } })));

    const database = identity.app.get(DataSource);
    const issued = async () => Number((await database.query(`SELECT count(*) AS n FROM issued_documents WHERE state = 'issued'`))[0].n);
    const atLeast = (count: number) => eventually(async () => ((await issued()) >= count ? true : undefined), `${count} issued`, 120_000);

    const pending = await database.query(`SELECT state, count(*) AS n FROM issued_documents GROUP BY state`);
    const states = await database.query(`SELECT state, count(*) AS n FROM applications GROUP BY state`);
    worker = startWorker(identity.env);
    await atLeast(30).catch((error: unknown) => {
      throw new Error(`${(error as Error).message}; documents ${JSON.stringify(pending)} applications ${JSON.stringify(states)}; the worker said:\n${workerOutput.join('').slice(-3000)}`);
    });
    await kill(worker);
    const afterFirstKill = await issued();
    expect(afterFirstKill).toBeLessThan(APPLICATIONS);

    worker = startWorker(identity.env);
    await atLeast(afterFirstKill + 40);
    await kill(worker);
    expect(await issued()).toBeLessThan(APPLICATIONS);

    worker = startWorker(identity.env);
    await eventually(async () => (Number((await database.query(`SELECT count(*) AS n FROM applications WHERE state = 'issued'`))[0].n) === APPLICATIONS ? true : undefined), 'every application issued', 120_000);

    const documents = await database.query(`SELECT application_id, count(*) AS n, bool_and(state = 'issued') AS issued FROM issued_documents GROUP BY application_id`);
    expect(documents).toHaveLength(APPLICATIONS);
    expect(documents.every((row: { n: string; issued: boolean }) => Number(row.n) === 1 && row.issued)).toBe(true);
    const issuances = await database.query(`SELECT resource_id, count(*) AS n FROM audit_log WHERE action = 'document.issue' GROUP BY resource_id`);
    expect(issuances).toHaveLength(APPLICATIONS);
    expect(issuances.every((row: { n: string }) => Number(row.n) === 1)).toBe(true);
    const marked = await database.query(`SELECT application_id, count(*) AS n FROM application_journal WHERE to_state = 'issued' GROUP BY application_id`);
    expect(marked.every((row: { n: string }) => Number(row.n) === 1)).toBe(true);
    expect(Number((await database.query(`SELECT count(*) AS n FROM dead_letters`))[0].n)).toBe(0);
  }, 300_000);
});
