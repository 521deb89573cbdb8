import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import { Client } from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AuditEntry, type ChainedAuditEntry, chainAuditEntry, GENESIS_HASH } from '@citizen-zero/audit-chain';
import { createTestDatabase, type LocalPostgres, startLocalPostgres } from '@citizen-zero/test-harness';

/**
 * `cz audit verify` against a real PostgreSQL holding the identity service's audit_log, and
 * `cz dead-letters` against a stand-in for the identity service's REST API. The console runs as
 * an officer runs it: the `cz` binary in a child process (asynchronously, so that this process's
 * HTTP server can answer it).
 */
const CZ = resolve('node_modules/.bin/cz');

interface CzResult {
  status: number;
  stdout: string;
  stderr: string;
  json: () => Record<string, unknown>;
}

const { CZ_IDENTITY_DATABASE_URL: _database, CZ_IDENTITY_URL: _url, CZ_IDENTITY_TOKEN: _token, ...baseEnv } = process.env;

function cz(args: string[], env: NodeJS.ProcessEnv = {}): Promise<CzResult> {
  return new Promise((done, fail) => {
    const child = spawn(CZ, args, { env: { ...baseEnv, ...env }, stdio: ['ignore', 'pipe', 'pipe'], timeout: 60_000 });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', fail);
    child.on('close', (code) => done({ status: code ?? -1, stdout, stderr, json: () => JSON.parse(stdout) as Record<string, unknown> }));
  });
}

const findingsOf = (result: CzResult): Array<[string, number]> => (result.json()['findings'] as Array<{ code: string; sequence: number }>).map((finding) => [finding.code, finding.sequence]);
const hex = (bytes: Uint8Array): string => Buffer.from(bytes).toString('hex');

/**
 * The audit_log DDL of the identity service's first migration, statement for statement. The
 * console may not import the identity app; the first test checks the migration still says this.
 */
const MIGRATION = resolve('apps/identity/src/database/migrations/1764460800000-initial-schema.ts');
const AUDIT_LOG_DDL = [
  `CREATE TABLE audit_log (
        sequence bigint PRIMARY KEY,
        occurred_at timestamptz NOT NULL,
        actor text NOT NULL,
        action text NOT NULL,
        resource_type text NOT NULL,
        resource_id text NOT NULL,
        details jsonb NOT NULL,
        previous_hash bytea NOT NULL,
        entry_hash bytea NOT NULL
      )`,
  `CREATE FUNCTION audit_log_is_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN RAISE EXCEPTION 'audit_log is append-only'; END $$`,
  `CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log FOR EACH ROW EXECUTE FUNCTION audit_log_is_append_only()`,
];
const squash = (sql: string): string => sql.replace(/\s+/g, ' ').trim();

const ACTIONS = ['person.register', 'application.approve', 'document.issue', 'person.read', 'dead-letter.replay'] as const;

async function buildChain(count: number): Promise<ChainedAuditEntry[]> {
  const entries: ChainedAuditEntry[] = [];
  let previous: Uint8Array = GENESIS_HASH;
  for (let sequence = 1; sequence <= count; sequence++) {
    const entry: AuditEntry = {
      sequence,
      occurredAt: new Date(Date.UTC(2026, 10, 30, 8, 0, 0, sequence * 137)),
      actor: sequence % 4 === 0 ? 'service:identity-worker' : `c3b1e0a4-5d2f-4c1e-9a7b-00000000000${sequence % 3}`,
      action: ACTIONS[sequence % ACTIONS.length]!,
      resourceType: 'application',
      resourceId: `6a1f2c3d-0000-4000-8000-${String(sequence).padStart(12, '0')}`,
      details: { queue: 'identity.issuance.ds', attempt: sequence % 3, reused: sequence % 2 === 0, reason: null },
    };
    const chained = await chainAuditEntry(entry, previous);
    entries.push(chained);
    previous = chained.entryHash;
  }
  return entries;
}

async function insertEntries(client: Client, entries: readonly ChainedAuditEntry[]): Promise<void> {
  for (const entry of entries) {
    await client.query(
      'INSERT INTO audit_log (sequence, occurred_at, actor, action, resource_type, resource_id, details, previous_hash, entry_hash) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)',
      [entry.sequence, entry.occurredAt, entry.actor, entry.action, entry.resourceType, entry.resourceId, JSON.stringify(entry.details), Buffer.from(entry.previousHash), Buffer.from(entry.entryHash)],
    );
  }
}

describe('cz audit verify', () => {
  const AUDITOR_PASSWORD = 'auditor-password-never-printed';
  let postgres: LocalPostgres;
  let previousPostgresUrl: string | undefined;
  const databases: Array<{ drop(): Promise<void> }> = [];
  let chain: ChainedAuditEntry[];

  /** A fresh identity database with the audit_log of the migration, `entries` in it, and a role that may only read it. */
  async function auditDatabase(entries: readonly ChainedAuditEntry[]): Promise<{ adminUrl: string; auditorUrl: string; admin: Client }> {
    const database = await createTestDatabase('cz_audit');
    databases.push(database);
    const admin = new Client({ connectionString: database.url });
    await admin.connect();
    for (const statement of AUDIT_LOG_DDL) await admin.query(statement);
    await insertEntries(admin, entries);
    await admin.query(`DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'cz_auditor') THEN CREATE ROLE cz_auditor LOGIN; END IF; END $$`);
    await admin.query('GRANT SELECT ON audit_log TO cz_auditor');
    const auditorUrl = new URL(database.url);
    auditorUrl.username = 'cz_auditor';
    auditorUrl.password = AUDITOR_PASSWORD;
    return { adminUrl: database.url, auditorUrl: auditorUrl.toString(), admin };
  }

  beforeAll(async () => {
    postgres = await startLocalPostgres();
    previousPostgresUrl = process.env['CZ_TEST_POSTGRES_URL'];
    process.env['CZ_TEST_POSTGRES_URL'] = postgres.adminUrl;
    chain = await buildChain(25);
  });

  afterAll(async () => {
    for (const database of databases) await database.drop();
    if (previousPostgresUrl === undefined) delete process.env['CZ_TEST_POSTGRES_URL'];
    else process.env['CZ_TEST_POSTGRES_URL'] = previousPostgresUrl;
    postgres?.stop();
  });

  it('uses the audit_log DDL of the identity migration', () => {
    const migration = squash(readFileSync(MIGRATION, 'utf8'));
    for (const statement of AUDIT_LOG_DDL) expect(migration).toContain(squash(statement));
  });

  it('verifies an intact chain in pages as a read-only role, prints the head to record, and exits 0', async () => {
    const { auditorUrl, admin } = await auditDatabase(chain);
    await admin.end();
    const head = `25:${hex(chain[24]!.entryHash)}`;

    const json = await cz(['audit', 'verify', '--database-url', auditorUrl, '--page-size', '10', '--json']);
    expect(json.status, json.stderr).toBe(0);
    expect(json.json()).toMatchObject({ ok: true, valid: true, entries: 25, lastSequence: 25, lastHash: hex(chain[24]!.entryHash), head, findings: [] });
    expect(json.stderr).toContain('verifying audit log: 25/25');

    const text = await cz(['audit', 'verify'], { CZ_IDENTITY_DATABASE_URL: auditorUrl });
    expect(text.status, text.stderr).toBe(0);
    expect(text.stdout).toContain('audit log VALID');
    expect(text.stdout).toContain('25 entries checked');
    expect(text.stdout).toContain(`Record this head where the database's administrators cannot change it (ceremony log, signed ticket): ${head}`);
    expect(text.stdout + text.stderr).not.toContain(AUDITOR_PASSWORD);
    // Ids only: the entries themselves (actors, resources) are not printed.
    expect(text.stdout).not.toContain(chain[0]!.resourceId);

    const withHead = await cz(['audit', 'verify', '--database-url', auditorUrl, '--expect-head', `20:${hex(chain[19]!.entryHash)}`, '--json']);
    expect(withHead.status, withHead.stdout).toBe(0);
    expect(withHead.json()).toMatchObject({ valid: true, expectedHead: { sequence: 20 } });

    const incremental = await cz(['audit', 'verify', '--database-url', auditorUrl, '--from', `10:${hex(chain[9]!.entryHash)}`, '--expect-head', head, '--json']);
    expect(incremental.status, incremental.stdout).toBe(0);
    expect(incremental.json()).toMatchObject({ valid: true, entries: 15, lastSequence: 25, from: { sequence: 10 } });

    const upToDate = await cz(['audit', 'verify', '--database-url', auditorUrl, '--from', head, '--json']);
    expect(upToDate.status, upToDate.stdout).toBe(0);
    expect(upToDate.json()).toMatchObject({ valid: true, entries: 0, head });
  });

  it('finds an entry edited by a superuser who disabled the append-only trigger: AUDIT_ENTRY_ALTERED, exit 1', async () => {
    const { auditorUrl, admin } = await auditDatabase(chain);
    await expect(admin.query(`UPDATE audit_log SET actor = 'someone-else' WHERE sequence = 7`)).rejects.toThrow('audit_log is append-only');
    await admin.query('ALTER TABLE audit_log DISABLE TRIGGER audit_log_append_only');
    await admin.query(`UPDATE audit_log SET actor = 'someone-else' WHERE sequence = 7`);
    await admin.query('ALTER TABLE audit_log ENABLE TRIGGER audit_log_append_only');
    await admin.end();

    const result = await cz(['audit', 'verify', '--database-url', auditorUrl, '--json']);
    expect(result.status, result.stderr).toBe(1);
    expect(result.json()).toMatchObject({ ok: false, valid: false, entries: 25 });
    expect(findingsOf(result)).toEqual([['AUDIT_ENTRY_ALTERED', 7]]);

    const text = await cz(['audit', 'verify', '--database-url', auditorUrl]);
    expect(text.status).toBe(1);
    expect(text.stdout).toContain('audit log INVALID');
    expect(text.stdout).toContain('✗ AUDIT_ENTRY_ALTERED at 7: entry 7 was changed after it was written');
    expect(text.stdout).toContain('Do not record this head');
    expect(text.stdout).not.toContain('someone-else');
  });

  it('finds a deleted entry: AUDIT_ENTRY_MISSING, exit 1', async () => {
    const { auditorUrl, admin } = await auditDatabase(chain);
    await admin.query('ALTER TABLE audit_log DISABLE TRIGGER audit_log_append_only');
    await admin.query('DELETE FROM audit_log WHERE sequence = 12');
    await admin.end();

    const result = await cz(['audit', 'verify', '--database-url', auditorUrl, '--page-size', '5', '--json']);
    expect(result.status, result.stderr).toBe(1);
    expect(findingsOf(result)).toEqual([
      ['AUDIT_ENTRY_MISSING', 12],
      ['AUDIT_CHAIN_BROKEN', 13],
    ]);
  });

  it('a log deleted from and re-chained from scratch passes a plain verify but fails against the recorded head: AUDIT_HEAD_MISMATCH', async () => {
    const { auditorUrl, admin } = await auditDatabase(chain);
    // The attacker removes entry 12, renumbers the rest and recomputes every hash: the chain holds again.
    const rewritten: ChainedAuditEntry[] = [];
    let previous: Uint8Array = GENESIS_HASH;
    for (const [index, entry] of chain.filter((candidate) => candidate.sequence !== 12).entries()) {
      const again = await chainAuditEntry({ ...entry, sequence: index + 1 }, previous);
      rewritten.push(again);
      previous = again.entryHash;
    }
    await admin.query('ALTER TABLE audit_log DISABLE TRIGGER audit_log_append_only');
    await admin.query('DELETE FROM audit_log');
    await insertEntries(admin, rewritten);
    await admin.query('ALTER TABLE audit_log ENABLE TRIGGER audit_log_append_only');
    await admin.end();

    const plain = await cz(['audit', 'verify', '--database-url', auditorUrl, '--json']);
    expect(plain.status, plain.stderr).toBe(0);
    expect(plain.json()).toMatchObject({ valid: true, entries: 24, lastSequence: 24 });

    const recordedHead = `25:${hex(chain[24]!.entryHash)}`;
    const truncated = await cz(['audit', 'verify', '--database-url', auditorUrl, '--expect-head', recordedHead, '--json']);
    expect(truncated.status).toBe(1);
    expect(findingsOf(truncated)).toEqual([['AUDIT_HEAD_MISMATCH', 25]]);
    expect((truncated.json()['findings'] as Array<{ message: string }>)[0]!.message).toContain('no longer exists (the log ends at 24)');

    const rehashed = await cz(['audit', 'verify', '--database-url', auditorUrl, '--expect-head', `20:${hex(chain[19]!.entryHash)}`]);
    expect(rehashed.status).toBe(1);
    expect(rehashed.stdout).toContain('✗ AUDIT_HEAD_MISMATCH at 20: entry 20 now has hash');

    const fromAnchor = await cz(['audit', 'verify', '--database-url', auditorUrl, '--from', `20:${hex(chain[19]!.entryHash)}`, '--json']);
    expect(fromAnchor.status).toBe(1);
    expect(findingsOf(fromAnchor)[0]).toEqual(['AUDIT_ANCHOR_MISMATCH', 20]);
  });

  it('exits 2 with a stable code and what to do when the database cannot be read, never printing the password', async () => {
    const missingUrl = await cz(['audit', 'verify', '--json']);
    expect(missingUrl.status).toBe(2);
    expect(missingUrl.json()).toMatchObject({ ok: false, error: { code: 'DATABASE_URL_MISSING', message: expect.stringContaining('CZ_IDENTITY_DATABASE_URL') } });

    const notAUrl = await cz(['audit', 'verify', '--database-url', `not a url ${AUDITOR_PASSWORD}`]);
    expect(notAUrl.status).toBe(2);
    expect(notAUrl.stderr).toContain('DATABASE_URL_INVALID');
    expect(notAUrl.stderr).not.toContain(AUDITOR_PASSWORD);

    expect((await cz(['audit', 'verify', '--database-url', 'mysql://root@127.0.0.1/identity'])).stderr).toContain('DATABASE_URL_INVALID');

    const closedPort = await cz(['audit', 'verify', '--database-url', `postgres://cz_auditor:${AUDITOR_PASSWORD}@127.0.0.1:1/identity`]);
    expect(closedPort.status).toBe(2);
    expect(closedPort.stderr).toContain('DATABASE_UNREACHABLE');
    expect(closedPort.stderr).toContain('127.0.0.1:1/identity');
    expect(closedPort.stderr).not.toContain(AUDITOR_PASSWORD);

    const noDatabase = new URL(postgres.adminUrl);
    noDatabase.pathname = '/no_such_database';
    noDatabase.password = AUDITOR_PASSWORD;
    const missingDatabase = await cz(['audit', 'verify', '--database-url', noDatabase.toString(), '--json']);
    expect(missingDatabase.status).toBe(2);
    expect(missingDatabase.json()).toMatchObject({ ok: false, error: { code: 'DATABASE_NOT_FOUND' } });
    expect(missingDatabase.stdout + missingDatabase.stderr).not.toContain(AUDITOR_PASSWORD);

    const empty = await createTestDatabase('cz_audit_empty');
    databases.push(empty);
    const noTable = await cz(['audit', 'verify', '--database-url', empty.url]);
    expect(noTable.status).toBe(2);
    expect(noTable.stderr).toContain('AUDIT_LOG_NOT_FOUND');

    const badHead = await cz(['audit', 'verify', '--database-url', empty.url, '--expect-head', '25:not-hex']);
    expect(badHead.status).toBe(2);
    expect(badHead.stderr).toContain('AUDIT_HEAD_INVALID');
  });
});

describe('cz dead-letters', () => {
  const TOKEN = 'eyJhbGciOiJFUzI1NiJ9.officer-token-4f1c2b9a.never-print-me';
  const PENDING = '3f0b6a52-6a0e-4a53-9a43-0f1d2a8e1c11';
  const OLDER = '9d7c21e4-1b3a-4f6e-8c2d-7a5b4c3d2e1f';
  const REPLAYED = 'b8e4f3a2-7c6d-4e5f-9a1b-2c3d4e5f6a7b';
  const FAILING = 'ffffffff-ffff-4fff-8fff-ffffffffffff';
  let server: Server;
  let api: string;
  const requests: Array<{ method: string; url: string; correlationId: string | undefined }> = [];
  const outputs: string[] = [];

  const letters = new Map<string, Record<string, unknown>>([
    [PENDING, { id: PENDING, queue: 'identity.issuance.ds-2026', jobName: 'issue-document', jobId: 'issue-5e0c9a1d-2b3f-4d6e-8a7b-9c0d1e2f3a4b', payload: { documentId: '5e0c9a1d-2b3f-4d6e-8a7b-9c0d1e2f3a4b' }, errorCode: 'HSM_SESSION_UNAVAILABLE', errorMessage: 'the hardware security module is not available', attempts: 5, failedAt: '2026-11-30T06:12:44.120Z' }],
    [OLDER, { id: OLDER, queue: 'identity.webhook-deliveries', jobName: 'deliver-webhook', jobId: 'delivery-77a1', payload: { deliveryId: '77a1' }, errorCode: 'WEBHOOK_ENDPOINT_UNREACHABLE', errorMessage: 'connect ECONNREFUSED', attempts: 8, failedAt: '2026-11-29T21:03:10.000Z' }],
    [REPLAYED, { id: REPLAYED, queue: 'identity.issuance.ds-2026', jobName: 'issue-document', jobId: 'issue-0a1b', payload: { documentId: '0a1b' }, errorCode: 'DOCUMENT_SIGNER_EXPIRED', errorMessage: 'the document signer certificate has expired', attempts: 5, failedAt: '2026-11-28T10:00:00.000Z', replayedAt: '2026-11-28T11:30:00.000Z', replayedBy: 'officer-7c2e' }],
    [FAILING, { id: FAILING, queue: 'identity.issuance.ds-2026', jobName: 'issue-document', jobId: 'issue-ffff', payload: {}, errorCode: 'HSM_SESSION_UNAVAILABLE', errorMessage: 'x', attempts: 5, failedAt: '2026-11-27T10:00:00.000Z' }],
  ]);

  /** The identity service's answers: DTOs as in dead-letters.controller.ts, errors as problem+json (problem-details.filter.ts). */
  function handle(request: IncomingMessage, response: ServerResponse): void {
    const url = new URL(request.url ?? '/', 'http://localhost');
    const correlationId = request.headers['x-correlation-id'] as string | undefined;
    requests.push({ method: request.method ?? '', url: url.pathname + url.search, correlationId });
    const problem = (status: number, code: string, detail: string): void => {
      response.writeHead(status, { 'content-type': 'application/problem+json' });
      response.end(JSON.stringify({ type: `urn:citizen-zero:problem:${code}`, title: String(status), status, code, detail, instance: url.pathname, correlationId }));
    };
    const ok = (body: unknown): void => {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(JSON.stringify(body));
    };
    if (request.headers.authorization !== `Bearer ${TOKEN}`) return problem(401, 'AUTH_TOKEN_INVALID', 'the access token is not valid');
    if (request.method === 'GET' && url.pathname === '/dead-letters') {
      const includeReplayed = url.searchParams.get('includeReplayed') === 'true';
      return ok([...letters.values()].filter((letter) => includeReplayed || !letter['replayedAt']).sort((a, b) => String(b['failedAt']).localeCompare(String(a['failedAt']))));
    }
    const replay = /^\/dead-letters\/([^/]+)\/replay$/.exec(url.pathname);
    if (request.method === 'POST' && replay) {
      const letter = letters.get(replay[1]!);
      if (!letter) return problem(404, 'DEAD_LETTER_NOT_FOUND', 'no dead letter with this id');
      if (letter['id'] === FAILING) return problem(503, 'HSM_SESSION_UNAVAILABLE', 'the hardware security module is not available');
      if (letter['replayedAt']) return problem(409, 'APPLICATION_CONFLICT', 'this dead letter has already been replayed');
      letter['replayedAt'] = '2026-11-30T07:40:00.000Z';
      letter['replayedBy'] = 'officer-7c2e';
      return ok(letter);
    }
    return problem(404, 'ROUTE_NOT_FOUND', `Cannot ${request.method} ${url.pathname}`);
  }

  const run = async (args: string[], env: NodeJS.ProcessEnv = { CZ_IDENTITY_TOKEN: TOKEN }): Promise<CzResult> => {
    const result = await cz(args, env);
    outputs.push(result.stdout, result.stderr);
    return result;
  };

  beforeAll(async () => {
    server = createServer(handle);
    await new Promise<void>((listening) => server.listen(0, '127.0.0.1', listening));
    api = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    await new Promise((closed) => server.close(closed));
  });

  it('prints help for the new commands and exits 0', async () => {
    for (const args of [['audit', '--help'], ['audit', 'verify', '--help'], ['dead-letters', '--help'], ['dead-letters', 'list', '--help'], ['dead-letters', 'replay', '--help']]) {
      const result = await cz(args);
      expect(result.status, args.join(' ')).toBe(0);
      expect(result.stdout).toContain('Usage: cz');
    }
    expect((await cz(['dead-letters', 'list', '--help'])).stdout).toContain('CZ_IDENTITY_TOKEN');
  });

  it('lists the dead letters waiting for a replay as a table, with the token from the environment', async () => {
    const text = await run(['dead-letters', 'list', '--api', api]);
    expect(text.status, text.stderr).toBe(0);
    const [header, ...rows] = text.stdout.trim().split('\n');
    expect(header!.split(/\s{2,}/)).toEqual(['ID', 'QUEUE', 'JOB', 'ERROR CODE', 'ATTEMPTS', 'FAILED AT', 'REPLAYED']);
    expect(rows).toHaveLength(3);
    expect(rows[0]!.split(/\s{2,}/)).toEqual([PENDING, 'identity.issuance.ds-2026', 'issue-document', 'HSM_SESSION_UNAVAILABLE', '5', '2026-11-30T06:12:44.120Z', 'no']);
    expect(text.stdout).not.toContain(REPLAYED);
    // Codes and ids only: the service's error messages and payloads stay in the service.
    expect(text.stdout).not.toContain('hardware security module');
    expect(requests.at(-1)).toMatchObject({ method: 'GET', url: '/dead-letters?includeReplayed=false&limit=100', correlationId: expect.stringMatching(/^[0-9a-f-]{36}$/) });

    const json = await run(['dead-letters', 'list', '--include-replayed', '--json'], { CZ_IDENTITY_TOKEN: TOKEN, CZ_IDENTITY_URL: `${api}/` });
    expect(json.status, json.stderr).toBe(0);
    expect(requests.at(-1)!.url).toBe('/dead-letters?includeReplayed=true&limit=100');
    expect(json.json()).toMatchObject({ ok: true, includeReplayed: true, count: 4 });
    const replayed = (json.json()['deadLetters'] as Array<Record<string, unknown>>).find((letter) => letter['id'] === REPLAYED);
    expect(replayed).toEqual({ id: REPLAYED, queue: 'identity.issuance.ds-2026', jobName: 'issue-document', jobId: 'issue-0a1b', errorCode: 'DOCUMENT_SIGNER_EXPIRED', attempts: 5, failedAt: '2026-11-28T10:00:00.000Z', replayedAt: '2026-11-28T11:30:00.000Z', replayedBy: 'officer-7c2e' });
  });

  it('replays a dead letter once; a second replay is refused with the problem code (exit 2)', async () => {
    const replay = await run(['dead-letters', 'replay', PENDING, '--api', api, '--json']);
    expect(replay.status, replay.stderr).toBe(0);
    expect(replay.json()).toMatchObject({ ok: true, deadLetter: { id: PENDING, replayedAt: '2026-11-30T07:40:00.000Z', replayedBy: 'officer-7c2e' } });
    expect(requests.at(-1)).toMatchObject({ method: 'POST', url: `/dead-letters/${PENDING}/replay` });

    const list = await run(['dead-letters', 'list', '--api', api]);
    expect(list.stdout).not.toContain(PENDING);

    const again = await run(['dead-letters', 'replay', PENDING, '--api', api]);
    expect(again.status).toBe(2);
    expect(again.stderr).toContain('this dead letter has already been replayed');
    expect(again.stderr).toContain('[APPLICATION_CONFLICT]');
  });

  it('prints the code and detail of a 404 problem and exits 2', async () => {
    const unknown = '00000000-0000-4000-8000-000000000000';
    const text = await run(['dead-letters', 'replay', unknown, '--api', api]);
    expect(text.status).toBe(2);
    expect(text.stderr).toContain('no dead letter with this id');
    expect(text.stderr).toContain('[DEAD_LETTER_NOT_FOUND]');
    expect(text.stderr).toContain(`correlation id ${requests.at(-1)!.correlationId}`);

    const json = await run(['dead-letters', 'replay', unknown, '--api', api, '--json']);
    expect(json.status).toBe(2);
    expect(json.json()).toMatchObject({ ok: false, error: { code: 'DEAD_LETTER_NOT_FOUND', message: expect.stringContaining('no dead letter with this id') } });

    const wrongBase = await run(['dead-letters', 'list', '--api', `${api}/not-the-api`]);
    expect(wrongBase.status).toBe(2);
    expect(wrongBase.stderr).toContain('[ROUTE_NOT_FOUND]');
  });

  it('exits 1 when the service fails (5xx), so the same command can be retried', async () => {
    const result = await run(['dead-letters', 'replay', FAILING, '--api', api, '--json']);
    expect(result.status).toBe(1);
    expect(result.json()).toMatchObject({ ok: false, error: { code: 'HSM_SESSION_UNAVAILABLE', message: expect.stringContaining('try again later') } });
  });

  it('without a token, with a refused token or with a bad id or URL: exit 2, no request made where none is needed', async () => {
    const before = requests.length;
    const missing = await run(['dead-letters', 'list', '--api', api, '--json'], {});
    expect(missing.status).toBe(2);
    expect(missing.json()).toMatchObject({ ok: false, error: { code: 'IDENTITY_TOKEN_MISSING', message: expect.stringContaining('CZ_IDENTITY_TOKEN') } });
    expect(requests.length).toBe(before);

    const pasted = await run(['dead-letters', 'list', '--api', api], { CZ_IDENTITY_TOKEN: `Bearer ${TOKEN}` });
    expect(pasted.status).toBe(2);
    expect(pasted.stderr).toContain('IDENTITY_TOKEN_INVALID');

    const badId = await run(['dead-letters', 'replay', 'not-a-uuid', '--api', api]);
    expect(badId.status).toBe(2);
    expect(badId.stderr).toContain('DEAD_LETTER_ID_INVALID');
    const noUrl = await run(['dead-letters', 'list']);
    expect(noUrl.status).toBe(2);
    expect(noUrl.stderr).toContain('IDENTITY_URL_MISSING');
    const insecure = await run(['dead-letters', 'list', '--api', 'http://identity.example.org']);
    expect(insecure.status).toBe(2);
    expect(insecure.stderr).toContain('IDENTITY_URL_INSECURE');
    expect(requests.length).toBe(before);

    const refused = await run(['dead-letters', 'list', '--api', api], { CZ_IDENTITY_TOKEN: `${TOKEN}-tampered` });
    expect(refused.status).toBe(2);
    expect(refused.stderr).toContain('[AUTH_TOKEN_INVALID]');
    expect(refused.stderr).toContain('get a new one');

    const unreachable = await run(['dead-letters', 'list', '--api', 'http://127.0.0.1:1']);
    expect(unreachable.status).toBe(2);
    expect(unreachable.stderr).toContain('IDENTITY_UNREACHABLE');
  });

  it('never prints the token', () => {
    expect(outputs.length).toBeGreaterThan(10);
    for (const output of outputs) expect(output).not.toContain('officer-token-4f1c2b9a');
  });
});
