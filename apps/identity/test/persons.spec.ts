import { execFileSync } from 'node:child_process';
import { userInfo } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { POSTGRES_BIN } from '@citizen-zero/test-harness';
import { isValidNationalIdNumber } from '../src/persons/national-identification-number';
import { type IdentityTestContext, startIdentity } from './support/identity-test-app';

const adaeze = {
  familyName: 'Okonkwo-Núñez',
  givenNames: 'Adaeze Marie',
  birthDate: '1990-04-17',
  placeOfBirth: 'Utopia City',
  sex: 'F',
  nationalities: ['UT'],
  addresses: [{ kind: 'residence', lines: ['12 Harbour Street'], locality: 'Utopia City', postalCode: '1011 AB', country: 'UT' }],
};

describe('citizen registry (PostgreSQL, SoftHSM2, OIDC bearer tokens)', () => {
  let identity: IdentityTestContext;
  beforeAll(async () => {
    identity = await startIdentity();
  });
  afterAll(() => identity?.close());

  const count = async (table: string) => Number((await identity.app.get(DataSource).query(`SELECT count(*) AS n FROM ${table}`))[0].n);

  it('registers a person with a valid national identification number and reads the record back', async () => {
    const registered = await identity.request('POST', '/persons', { body: adaeze });
    expect(registered.status).toBe(201);
    expect(isValidNationalIdNumber(registered.body.nationalIdNumber)).toBe(true);
    expect(registered.body).toMatchObject({ familyName: 'Okonkwo-Núñez', birthDate: '1990-04-17', status: 'active', parents: [] });
    const read = await identity.request('GET', `/persons/${registered.body.id}`);
    expect(read.status).toBe(200);
    expect(read.body).toEqual(registered.body);
  });

  it('finds people by NIN (however it is typed) and by name + date of birth (accents and case ignored), through blind indexes', async () => {
    const { body: person } = await identity.request('POST', '/persons', { body: { ...adaeze, givenNames: 'Chidi', birthDate: '1985-01-02' } });
    const nin: string = person.nationalIdNumber;
    const spaced = `${nin.slice(0, 4)} ${nin.slice(4, 8)}-${nin.slice(8)}`;
    const byNin = await identity.request('GET', `/persons?nationalIdNumber=${encodeURIComponent(spaced)}`);
    expect(byNin.status).toBe(200);
    expect(byNin.body.map((found: { id: string }) => found.id)).toEqual([person.id]);
    const byName = await identity.request('GET', `/persons?familyName=${encodeURIComponent('okonkwo nunez')}&givenNames=CHIDI&birthDate=1985-01-02`);
    expect(byName.body.map((found: { id: string }) => found.id)).toEqual([person.id]);
    const none = await identity.request('GET', `/persons?familyName=Okonkwo&givenNames=Chidi&birthDate=1985-01-03`);
    expect(none.body).toEqual([]);
  });

  it('allocates unique NINs under concurrent registration', async () => {
    const results = await Promise.all(Array.from({ length: 40 }, (_, index) => identity.request('POST', '/persons', { body: { ...adaeze, givenNames: `Concurrent ${'abcdefghijklmnopqrstuvwxyz'[index % 26]}`, birthDate: '2000-01-01' } })));
    expect(results.every((result) => result.status === 201)).toBe(true);
    const nins = results.map((result) => result.body.nationalIdNumber as string);
    expect(new Set(nins).size).toBe(nins.length);
    expect(nins.every(isValidNationalIdNumber)).toBe(true);
  });

  it('refuses bad input with a problem body naming every field, and writes nothing', async () => {
    const before = await count('persons');
    const auditBefore = await count('audit_log');
    const response = await identity.request('POST', '/persons', { body: { ...adaeze, birthDate: '2090-13-40', sex: 'Q', nationalities: ['utopia'], addresses: [{ kind: 'home', lines: [], locality: '', country: 'UT' }], extra: 1 } });
    expect(response.status).toBe(400);
    expect(response.body).toMatchObject({ status: 400, code: 'VALIDATION_FAILED', type: 'urn:citizen-zero:problem:VALIDATION_FAILED' });
    const fields = response.body.errors.map((error: { field: string }) => error.field);
    expect(fields).toEqual(expect.arrayContaining(['birthDate', 'sex', 'nationalities', 'addresses.0.kind', 'addresses.0.lines', 'addresses.0.locality', 'extra']));
    expect(JSON.stringify(response.body)).not.toContain('Okonkwo');
    expect(await count('persons')).toBe(before);
    expect(await count('audit_log')).toBe(auditBefore);
    const traced = await fetch(`${identity.baseUrl}/persons`, { method: 'POST', headers: { authorization: `Bearer ${await identity.idp.token('r', ['registrar'])}`, 'content-type': 'application/json', 'x-correlation-id': 'enrolment-4711' }, body: '{}' });
    expect(traced.headers.get('x-correlation-id')).toBe('enrolment-4711');
    expect((await traced.json()).correlationId).toBe('enrolment-4711');
    const notJson = await identity.request('POST', '/persons', { body: '{"familyName":' });
    expect(notJson.status).toBe(400);
    expect(notJson.body.code).toBe('MALFORMED_REQUEST');
  });

  it('needs a valid token from the configured issuer, and the role that grants the route', async () => {
    expect((await identity.request('GET', '/persons?nationalIdNumber=1', { bearer: null })).body.code).toBe('AUTH_TOKEN_MISSING');
    const foreign = await identity.idp.token('x', ['registrar'], { issuer: 'https://elsewhere.example' });
    expect((await identity.request('GET', '/persons?nationalIdNumber=1', { bearer: foreign })).body.code).toBe('AUTH_TOKEN_INVALID');
    const wrongAudience = await identity.idp.token('x', ['registrar'], { audience: 'another-service' });
    expect((await identity.request('GET', '/persons?nationalIdNumber=1', { bearer: wrongAudience })).status).toBe(401);
    const expired = await identity.idp.token('x', ['registrar'], { expiresIn: '-5m' });
    expect((await identity.request('GET', '/persons?nationalIdNumber=1', { bearer: expired })).body.code).toBe('AUTH_TOKEN_INVALID');
    expect((await identity.request('GET', '/persons?nationalIdNumber=1', { bearer: 'not.a.jwt' })).status).toBe(401);
    const auditor = await identity.request('POST', '/persons', { roles: ['auditor'], body: adaeze });
    expect(auditor.status).toBe(403);
    expect(auditor.body.code).toBe('PERMISSION_DENIED');
    expect((await identity.request('GET', '/health/live', { bearer: null })).status).toBe(200);
    expect((await identity.request('GET', '/health/ready', { bearer: null })).body.checks).toEqual({ database: 'up', hsm: 'up', queue: 'up' });
  });

  it('audits every read of decrypted data, with no personal data in the entries, in a chain that verifies', async () => {
    const { body: person } = await identity.request('POST', '/persons', { body: { ...adaeze, givenNames: 'Audited' } });
    await identity.request('GET', `/persons/${person.id}`, { subject: 'official-reader-7' });
    const entries = await identity.request('GET', `/audit/entries?resourceId=${person.id}`, { roles: ['auditor'] });
    expect(entries.body.map((entry: { action: string; actor: string }) => [entry.action, entry.actor])).toEqual([
      ['person.register', 'official-registrar-1'],
      ['person.read', 'official-reader-7'],
    ]);
    const all = await identity.request('GET', '/audit/entries?limit=1000', { roles: ['auditor'] });
    const text = JSON.stringify(all.body);
    for (const secret of ['Okonkwo', 'Adaeze', '1990-04-17', person.nationalIdNumber, 'Harbour']) expect(text).not.toContain(secret);
    const verdict = await identity.request('GET', '/audit/verification', { roles: ['auditor'] });
    expect(verdict.body).toMatchObject({ valid: true, findings: [] });
    expect(verdict.body.entries).toBeGreaterThan(2);
  });

  it('keeps the audit log append-only, and detects an entry edited behind the database’s back', async () => {
    const dataSource = identity.app.get(DataSource);
    await expect(dataSource.query(`UPDATE audit_log SET actor = 'x' WHERE sequence = 1`)).rejects.toThrow(/append-only/);
    await expect(dataSource.query(`DELETE FROM audit_log WHERE sequence = 1`)).rejects.toThrow(/append-only/);
    // A database superuser can switch the trigger off; the hash chain still tells.
    await dataSource.query(`ALTER TABLE audit_log DISABLE TRIGGER audit_log_append_only`);
    await dataSource.query(`UPDATE audit_log SET actor = 'someone-else' WHERE sequence = 2`);
    await dataSource.query(`DELETE FROM audit_log WHERE sequence = 4`);
    await dataSource.query(`ALTER TABLE audit_log ENABLE TRIGGER audit_log_append_only`);
    const verdict = await identity.request('GET', '/audit/verification', { roles: ['security-officer'] });
    expect(verdict.body.valid).toBe(false);
    expect(verdict.body.findings.map((finding: { code: string; sequence: number }) => [finding.code, finding.sequence])).toEqual(
      expect.arrayContaining([
        ['AUDIT_ENTRY_ALTERED', 2],
        ['AUDIT_ENTRY_MISSING', 4],
      ]),
    );
  });

  it('stores no name, date of birth or NIN in clear: a full pg_dump of the database does not contain them', async () => {
    const people = [
      { ...adaeze, familyName: 'Zyxwvutsrq', givenNames: 'Plaintextcanary', birthDate: '1971-08-09' },
      { ...adaeze, familyName: 'Mbeki', givenNames: 'Thandiwe', birthDate: '1969-11-23', placeOfBirth: 'Lakeside' },
    ];
    const registered = [];
    for (const person of people) registered.push((await identity.request('POST', '/persons', { body: person })).body);
    const url = new URL(identity.databaseUrl);
    const asRoot = userInfo().uid === 0;
    const dumpArgs = ['-h', '127.0.0.1', '-p', url.port, '-U', url.username, '--no-owner', url.pathname.slice(1)];
    const dump = execFileSync(asRoot ? 'runuser' : join(POSTGRES_BIN, 'pg_dump'), asRoot ? ['-u', 'postgres', '--', join(POSTGRES_BIN, 'pg_dump'), ...dumpArgs] : dumpArgs, { maxBuffer: 256 * 1024 * 1024 }).toString('latin1');
    expect(dump).toContain('COPY public.persons');
    for (const [index, person] of people.entries()) {
      const nin: string = registered[index].nationalIdNumber;
      const forms = [person.familyName, person.givenNames, person.birthDate, person.birthDate.replace(/-/g, ''), nin, person.placeOfBirth];
      for (const form of forms) {
        expect(dump, form).not.toContain(form);
        expect(dump, `${form} (hex)`).not.toContain(Buffer.from(form, 'utf8').toString('hex'));
        expect(dump.toUpperCase(), `${form} (upper)`).not.toContain(form.toUpperCase());
      }
    }
  });
});
