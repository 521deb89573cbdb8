import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually } from './support/biometric-stand-in';
import { type IdentityTestContext, startIdentity } from './support/identity-test-app';

const registrar = { roles: ['registrar'], subject: 'registrar-amara' };
const approver = { roles: ['approver'], subject: 'approver-bello' };
const birth = (givenNames: string) => ({ type: 'birth-registration', applicant: { familyName: 'Eze', givenNames, birthDate: '2026-01-10', placeOfBirth: 'Utopia General Hospital', sex: 'F', nationalities: ['UT'], addresses: [] }, reason: 'hospital notification' });

describe('dashboard statistics: enrolments, decisions, issuance rate and waiting work (counts only)', () => {
  let identity: IdentityTestContext;
  beforeAll(async () => {
    identity = await startIdentity();
  });
  afterAll(() => identity?.close());

  const activity = async (query = '', who: { roles: string[]; subject: string } = registrar) => {
    const answer = await identity.request('GET', `/statistics/activity${query}`, who);
    expect(answer.status, JSON.stringify(answer.body)).toBe(200);
    return answer.body;
  };

  it('counts nothing on an empty registry, from midnight UTC by default', async () => {
    const empty = await activity();
    const midnight = new Date();
    midnight.setUTCHours(0, 0, 0, 0);
    expect(empty.since).toBe(midnight.toISOString());
    expect(empty).toMatchObject({
      enrolments: { started: 0, startedByType: {}, submitted: 0, approved: 0, rejected: 0 },
      issuance: { issued: 0, issuedByKind: {}, lastHour: 0, last24Hours: 0, perHour: 0, pending: 0 },
      waiting: { review: 0, adjudication: 0, deadLetters: 0 },
    });
  });

  it('counts applications started, submitted, approved and rejected since the given instant, documents issued and the hourly rate', async () => {
    const before = new Date(Date.now() - 1000).toISOString();
    const ids: string[] = [];
    for (const name of ['Amaka', 'Bayo', 'Chinwe', 'Dayo']) ids.push((await identity.request('POST', '/applications', { ...registrar, body: birth(name) })).body.id as string);
    for (const id of ids.slice(0, 3)) expect((await identity.request('POST', `/applications/${id}/submission`, { ...registrar, body: { reason: 'parents present' } })).status).toBeLessThan(300);
    expect((await identity.request('POST', `/applications/${ids[0]}/approval`, { ...approver, body: { reason: 'verified' } })).status).toBeLessThan(300);
    expect((await identity.request('POST', `/applications/${ids[1]}/rejection`, { ...approver, body: { reason: 'duplicate notification' } })).status).toBeLessThan(300);
    await eventually(async () => ((await identity.request('GET', `/applications/${ids[0]}`, approver)).body.state === 'issued' ? true : undefined), 'the approved birth registration to be issued', 30_000);

    const today = await activity(`?since=${encodeURIComponent(before)}`, { roles: ['auditor'], subject: 'auditor-chen' });
    expect(today.since).toBe(before);
    expect(today.enrolments).toEqual({ started: 4, startedByType: { 'birth-registration': 4 }, submitted: 3, approved: 1, rejected: 1 });
    const issued = today.issuance.issued as number;
    expect(issued).toBeGreaterThanOrEqual(1);
    expect(Object.keys(today.issuance.issuedByKind)).toContain('birth-certificate');
    expect(today.issuance.lastHour).toBe(issued);
    expect(today.issuance.last24Hours).toBe(issued);
    expect(today.issuance.perHour).toBe(Math.round((issued / 24) * 10) / 10);
    // Submitted birth registrations go straight to review (no biometrics): the third waits there.
    expect(today.waiting.review).toBe(1);

    // From a later instant, the activity is not counted; what waits still is.
    const later = await activity(`?since=${encodeURIComponent(new Date().toISOString())}`);
    expect(later.enrolments).toMatchObject({ started: 0, submitted: 0, approved: 0, rejected: 0 });
    expect(later.issuance.issued).toBe(0);
    expect(later.issuance.last24Hours).toBe(issued);
    expect(later.waiting.review).toBe(1);
  }, 60_000);

  it('counts open dead letters, not replayed ones', async () => {
    const dataSource = identity.app.get(DataSource);
    const insert = (replayedAt: Date | null) =>
      dataSource.query(`INSERT INTO dead_letters (id, queue, job_name, job_id, payload, error_code, error_message, attempts, failed_at, replayed_at) VALUES ($1, 'identity.issuance.seal', 'issue-document', $2, '{}', 'HSM_KEY_NOT_FOUND', 'no key', 3, now(), $3)`, [randomUUID(), randomUUID(), replayedAt]);
    await insert(null);
    await insert(new Date());
    expect((await activity()).waiting.deadLetters).toBe(1);
  });

  it('refuses a start in the future or over a year back, and callers without an official role', async () => {
    const future = await identity.request('GET', `/statistics/activity?since=${encodeURIComponent(new Date(Date.now() + 3_600_000).toISOString())}`, registrar);
    expect(future.status).toBe(400);
    expect(future.body.errors).toEqual([{ field: 'since', message: 'must not be in the future' }]);
    expect((await identity.request('GET', '/statistics/activity?since=2000-01-01T00:00:00Z', registrar)).status).toBe(400);
    expect((await identity.request('GET', '/statistics/activity?since=today', registrar)).status).toBe(400);
    expect((await identity.request('GET', '/statistics/activity', { roles: ['service'], subject: 'some-service' })).status).toBe(403);
    expect((await identity.request('GET', '/statistics/activity', { bearer: null })).status).toBe(401);
  });
});
