import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ChainedAuditEntry, verifyAuditChain } from '@citizen-zero/audit-chain';
import { AuditLogRepository } from '../src/audit/audit-log.repository';
import { type IdentityTestContext, startIdentity } from './support/identity-test-app';

interface Entry {
  sequence: number;
  occurredAt: string;
  actor: string;
  action: string;
  resourceType: string;
  resourceId: string;
  details: Record<string, unknown>;
  previousHash: string;
  entryHash: string;
}

const auditor = { roles: ['auditor'], subject: 'auditor-chen' };
const person = (givenNames: string) => ({ familyName: 'Abara', givenNames, birthDate: '1991-02-03', placeOfBirth: 'Utopia City', sex: 'F', nationalities: ['UT'], addresses: [] });

describe('audit log search and export (PostgreSQL, SoftHSM2)', () => {
  let identity: IdentityTestContext;
  let all: Entry[];
  let registered: string[];

  /** Raw answer (exports are not JSON), as the auditor unless told otherwise. */
  const download = async (path: string, roles: readonly string[] = auditor.roles, subject = auditor.subject) => {
    const response = await fetch(`${identity.baseUrl}${path}`, { headers: { authorization: `Bearer ${await identity.idp.token(subject, roles)}` } });
    return { status: response.status, type: response.headers.get('content-type'), disposition: response.headers.get('content-disposition'), text: await response.text() };
  };
  const search = async (query: string): Promise<Entry[]> => {
    const answer = await identity.request('GET', `/audit/entries?${query}`, auditor);
    expect(answer.status, JSON.stringify(answer.body)).toBe(200);
    return answer.body as Entry[];
  };

  beforeAll(async () => {
    identity = await startIdentity();
    registered = [];
    for (const name of ['Ada', 'Bisi', 'Chika']) registered.push((await identity.request('POST', '/persons', { subject: 'registrar-amara', body: person(name) })).body.id as string);
    await identity.request('GET', `/persons/${registered[0]}`, { roles: ['approver'], subject: 'approver-bello' });
    await identity.request('GET', `/persons/${registered[1]}`, { roles: ['approver'], subject: 'approver-bello' });
    // A subject a spreadsheet would run as a formula, for the CSV check below.
    await identity.request('GET', `/persons/${registered[2]}`, { roles: ['approver'], subject: '=HYPERLINK("x")' });
    all = await search('limit=1000');
  });
  afterAll(() => identity?.close());

  it('filters by actor, action, resource type and resource, each narrowing the others', async () => {
    expect(all.map((entry) => entry.action)).toEqual(['person.register', 'person.register', 'person.register', 'person.read', 'person.read', 'person.read']);
    expect((await search('actor=approver-bello')).map((entry) => entry.resourceId)).toEqual([registered[0], registered[1]]);
    expect((await search('action=person.register')).map((entry) => entry.resourceId)).toEqual(registered);
    expect((await search(`action=person.read&resourceId=${registered[1]}`)).map((entry) => entry.actor)).toEqual(['approver-bello']);
    expect(await search('resourceType=person&actor=registrar-amara&action=person.read')).toEqual([]);
    expect((await search('resourceType=person')).length).toBe(6);
    expect(await search('resourceType=application')).toEqual([]);
  });

  it('filters by time: from (inclusive) and until (exclusive), against the stored instants', async () => {
    const from = all[1]!.occurredAt;
    const until = all[4]!.occurredAt;
    const expected = all.filter((entry) => entry.occurredAt >= from && entry.occurredAt < until).map((entry) => entry.sequence);
    expect(expected.length).toBeGreaterThan(0);
    expect((await search(`from=${from}&until=${until}`)).map((entry) => entry.sequence)).toEqual(expected);
    expect((await search(`from=${all[5]!.occurredAt}`)).map((entry) => entry.sequence)).toContain(all[5]!.sequence);
    const backwards = await identity.request('GET', `/audit/entries?from=${until}&until=${from}`, auditor);
    expect(backwards.status).toBe(400);
    expect(backwards.body).toMatchObject({ code: 'VALIDATION_FAILED', errors: [{ field: 'until', message: 'must be after from' }] });
    expect((await identity.request('GET', '/audit/entries?from=yesterday', auditor)).status).toBe(400);
  });

  it('pages oldest first after a sequence, or newest first before one', async () => {
    const firstPage = await search('limit=4');
    expect(firstPage.map((entry) => entry.sequence)).toEqual(all.slice(0, 4).map((entry) => entry.sequence));
    expect((await search(`limit=4&afterSequence=${firstPage.at(-1)!.sequence}`)).map((entry) => entry.sequence)).toEqual(all.slice(4).map((entry) => entry.sequence));
    const newest = await search('order=desc&limit=2');
    expect(newest.map((entry) => entry.sequence)).toEqual([all[5]!.sequence, all[4]!.sequence]);
    expect((await search(`order=desc&limit=2&beforeSequence=${newest[1]!.sequence}`)).map((entry) => entry.sequence)).toEqual([all[3]!.sequence, all[2]!.sequence]);
    expect((await search(`order=desc&action=person.register&beforeSequence=${all[2]!.sequence}`)).map((entry) => entry.sequence)).toEqual([all[1]!.sequence, all[0]!.sequence]);
    expect((await identity.request('GET', '/audit/entries?afterSequence=1&beforeSequence=5', auditor)).status).toBe(400);
    expect((await identity.request('GET', '/audit/entries?order=sideways', auditor)).status).toBe(400);
  });

  it('exports what the filters select as JSON Lines, audits the export, and an unfiltered export re-verifies as a chain offline', async () => {
    const filtered = await download(`/audit/export?format=jsonl&actor=approver-bello`);
    expect(filtered.status).toBe(200);
    expect(filtered.type).toContain('application/x-ndjson');
    expect(filtered.disposition).toMatch(/^attachment; filename="audit-log-to-\d+\.jsonl"$/);
    const lines = filtered.text.split('\n');
    expect(lines.at(-1)).toBe('');
    expect(lines.slice(0, -1).map((line) => JSON.parse(line) as Entry)).toEqual(await search('actor=approver-bello'));

    const exports = await search('action=audit.export');
    expect(exports).toHaveLength(1);
    expect(exports[0]).toMatchObject({ actor: auditor.subject, resourceType: 'audit-log', details: { format: 'jsonl', actor: 'approver-bello', action: null, from: null, until: null } });

    const whole = await download('/audit/export');
    const entries = whole.text.trimEnd().split('\n').map((line) => JSON.parse(line) as Entry);
    // Everything up to and including the entry that records this export.
    expect(entries.at(-1)).toMatchObject({ action: 'audit.export', actor: auditor.subject, details: { format: 'jsonl', actor: null } });
    expect(entries.map((entry) => entry.sequence)).toEqual(Array.from({ length: entries.length }, (_, index) => index + 1));
    const chained: ChainedAuditEntry[] = entries.map((entry) => ({ ...entry, occurredAt: new Date(entry.occurredAt), details: entry.details as ChainedAuditEntry['details'], previousHash: Buffer.from(entry.previousHash, 'hex'), entryHash: Buffer.from(entry.entryHash, 'hex') }));
    expect(await verifyAuditChain(chained)).toMatchObject({ valid: true, entries: entries.length });
    // A copy with one value changed no longer verifies: the export carries what is needed to check it.
    chained[1] = { ...chained[1]!, actor: 'someone-else' };
    expect((await verifyAuditChain(chained)).valid).toBe(false);
  });

  it('exports CSV (RFC 4180) with details as JSON, and defuses cells a spreadsheet would run', async () => {
    const csv = await download(`/audit/export?format=csv&action=person.read`);
    expect(csv.status).toBe(200);
    expect(csv.type).toContain('text/csv');
    expect(csv.disposition).toMatch(/filename="audit-log-to-\d+\.csv"/);
    const rows = csv.text.split('\r\n');
    expect(rows[0]).toBe('sequence,occurredAt,actor,action,resourceType,resourceId,details,previousHash,entryHash');
    expect(rows.at(-1)).toBe('');
    const reads = await search('action=person.read');
    expect(rows.slice(1, -1)).toHaveLength(reads.length);
    expect(rows[1]).toBe(`${reads[0]!.sequence},${reads[0]!.occurredAt},approver-bello,person.read,person,${registered[0]},${csvQuoted(JSON.stringify(reads[0]!.details))},${reads[0]!.previousHash},${reads[0]!.entryHash}`);
    expect(rows[3]).toContain(`,"'=HYPERLINK(""x"")",person.read,`);
  });

  it('reads a large export a page at a time, in sequence, bounded by the export’s own entry', async () => {
    const repository = identity.app.get(AuditLogRepository);
    const paged: number[] = [];
    for await (const entry of repository.matching({ resourceType: 'person' }, all[4]!.sequence, 2)) paged.push(entry.sequence);
    expect(paged).toEqual(all.slice(0, 5).map((entry) => entry.sequence));
  });

  it('is for auditors, security officers and administrators only', async () => {
    expect((await download('/audit/export', ['registrar'], 'registrar-amara')).status).toBe(403);
    expect((await identity.request('GET', '/audit/entries', { roles: ['approver'] })).status).toBe(403);
    expect((await download('/audit/export?format=csv', ['admin'], 'admin-eli')).status).toBe(200);
    expect((await download('/audit/export?format=xml')).status).toBe(400);
  });
});

function csvQuoted(value: string): string {
  return `"${value.replace(/"/g, '""')}"`;
}
