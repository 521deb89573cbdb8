import { type ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freeLoopbackPort } from '@citizen-zero/test-harness';
import { type DeduplicationRequest, type DeduplicationResult, QUEUES } from '@citizen-zero/service-contracts';
import { type BiometricTestContext, startBiometric } from './support/biometric-test-app';
import { QueueClient } from './support/queue-client';
import { base64, fingersOf } from './support/synthetic-fingers';

const ROOT = resolve(__dirname, '../../..');
const REQUESTS = 60;
const output: string[] = [];

/** The biometric service as its own process with the queue workers, so it can be SIGKILLed. */
async function startWorker(env: Record<string, string>): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['-r', '@swc-node/register', 'apps/biometric/src/main.ts'], {
    cwd: ROOT,
    env: { ...process.env, ...env, CZ_BIOMETRIC_PORT: String(await freeLoopbackPort()), CZ_BIOMETRIC_WORKERS: 'true', SWC_NODE_PROJECT: 'apps/biometric/tsconfig.json' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.on('data', (chunk: Buffer) => output.push(chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => output.push(chunk.toString()));
  return child;
}

function kill(worker: ChildProcess): Promise<void> {
  return new Promise((done) => {
    if (worker.exitCode !== null) return done();
    worker.once('exit', () => done());
    worker.kill('SIGKILL');
  });
}

describe('a biometric worker killed mid-work loses no deduplication request and answers none twice', () => {
  let service: BiometricTestContext;
  let identity: QueueClient<DeduplicationRequest, DeduplicationResult>;
  let worker: ChildProcess | undefined;

  beforeAll(async () => {
    // The API here captures and enrols; the queue workers run in a separate process we can kill.
    service = await startBiometric({ CZ_BIOMETRIC_WORKERS: 'false', CZ_QUEUE_JOB_LOCK_SECONDS: '2' });
    identity = new QueueClient(service.env['CZ_REDIS_URL']!, service.env['CZ_QUEUE_PREFIX']!, QUEUES.deduplicationRequests, QUEUES.deduplicationResults);
  }, 120_000);
  afterAll(async () => {
    if (worker) await kill(worker);
    await identity?.close();
    await service?.close();
  });

  it(`answers ${REQUESTS} requests exactly once across a SIGKILL of the worker`, async () => {
    const enrolled: { subjectId: string; person: string }[] = [];
    for (let index = 0; index < 20; index++) {
      const person = `crash-${index}`;
      const captured = await service.request('POST', '/captures/fingerprint', { body: { record: base64(fingersOf(person, 1, [1, 2])) } });
      const subjectId = randomUUID();
      await service.request('POST', `/subjects/${subjectId}/templates`, { body: { references: captured.body.templates.map((template: { reference: string }) => template.reference) } });
      enrolled.push({ subjectId, person });
    }
    const expected = new Map<string, string | undefined>();
    for (let index = 0; index < REQUESTS; index++) {
      // Every other request is a returning applicant (a duplicate of an enrolled subject), the rest newcomers.
      const duplicateOf = index % 2 === 0 ? enrolled[index % enrolled.length] : undefined;
      const captured = await service.request('POST', '/captures/fingerprint', { body: { record: base64(fingersOf(duplicateOf?.person ?? `newcomer-${index}`, 2, [1, 2])) } });
      const applicationId = randomUUID();
      expected.set(applicationId, duplicateOf?.subjectId);
      await identity.send('deduplicate', { applicationId, correlationId: `crash-${index}`, probes: captured.body.templates.map((template: { reference: string }) => ({ modality: 'fingerprint' as const, reference: template.reference })), thresholds: { fingerprint: 0.99 }, excludePersonIds: [] }, applicationId);
    }

    worker = await startWorker(service.env);
    const deadline = Date.now() + 60_000;
    while (identity.answers.length < 5 && Date.now() < deadline) await new Promise((done) => setTimeout(done, 20));
    expect(identity.answers.length, output.join('').slice(-3000)).toBeGreaterThanOrEqual(5);
    await kill(worker);
    const answeredBeforeKill = identity.answers.length;
    expect(answeredBeforeKill).toBeLessThan(REQUESTS);

    worker = await startWorker(service.env);
    await identity.answer(() => identity.answers.length >= REQUESTS, 90_000).catch((error: unknown) => {
      throw new Error(`${(error as Error).message}: ${identity.answers.length} answers; the worker said:\n${output.join('').slice(-3000)}`);
    });
    await new Promise((done) => setTimeout(done, 3000)); // a duplicate answer would arrive by now (lock 2 s)

    const byApplication = new Map<string, DeduplicationResult[]>();
    for (const answer of identity.answers) byApplication.set(answer.applicationId, [...(byApplication.get(answer.applicationId) ?? []), answer]);
    expect(byApplication.size).toBe(REQUESTS);
    expect([...byApplication.values()].filter((answers) => answers.length !== 1)).toEqual([]);
    for (const [applicationId, duplicateOf] of expected) {
      const [answer] = byApplication.get(applicationId)!;
      if (duplicateOf) expect(answer!.candidates.map((candidate) => candidate.personId), JSON.stringify(answer)).toEqual([duplicateOf]);
      else expect(answer!.outcome, applicationId).toBe('no-match');
    }
  });
});
