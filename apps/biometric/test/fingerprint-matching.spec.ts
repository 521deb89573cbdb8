import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client } from 'pg';
import { createBiometricApp } from '../src/bootstrap';
import { BiometricMatchingService } from '../src/matching/biometric-matching.service';
import { base64, fingersOf } from './support/synthetic-fingers';
import { type BiometricTestContext, startBiometric } from './support/biometric-test-app';

describe('biometric service: fingerprints (ISO/IEC 19794-2 and ANSI 378 records, MCC matcher, multi-finger fusion)', () => {
  let service: BiometricTestContext;
  const people = Array.from({ length: 12 }, (_, index) => ({ name: `person-${index}`, subjectId: randomUUID() }));

  beforeAll(async () => {
    service = await startBiometric({ CZ_BIOMETRIC_WORKERS: 'false' });
    for (const person of people) {
      const captured = await service.request('POST', '/captures/fingerprint', { body: { record: base64(fingersOf(person.name, 1, [2, 7])) } });
      expect(captured.status).toBe(201);
      expect(captured.body.templates).toHaveLength(2);
      const enrolled = await service.request('POST', `/subjects/${person.subjectId}/templates`, { body: { references: captured.body.templates.map((template: { reference: string }) => template.reference) } });
      expect(enrolled.status).toBe(201);
    }
  });
  afterAll(() => service?.close());

  it('captures one template per finger view, with its position, quality and minutiae count — and no minutiae in the answer', async () => {
    const captured = await service.request('POST', '/captures/fingerprint', { body: { record: base64(fingersOf('someone', 1, [1, 6, 2])) } });
    expect(captured.status).toBe(201);
    expect(captured.body.templates.map((template: { fingerPosition: number }) => template.fingerPosition)).toEqual([1, 6, 2]);
    for (const template of captured.body.templates) {
      expect(template).toEqual({ reference: expect.any(String), fingerPosition: expect.any(Number), quality: expect.any(Number), minutiae: expect.any(Number) });
      expect(template.minutiae).toBeGreaterThanOrEqual(8);
    }
  });

  it('verifies 1:1: another impression of the same fingers matches, another person does not', async () => {
    const [alice, bob] = people;
    const genuine = await service.request('POST', '/verifications', { body: { probe: { minutiaeRecord: base64(fingersOf(alice!.name, 2, [2, 7])) }, subjectId: alice!.subjectId } });
    expect(genuine.status).toBe(200);
    expect(genuine.body).toMatchObject({ modality: 'fingerprint', decision: 'match', threshold: 0.99, model: 'cz-mcc-bit-1' });
    const impostor = await service.request('POST', '/verifications', { body: { probe: { minutiaeRecord: base64(fingersOf(bob!.name, 2, [2, 7])) }, subjectId: alice!.subjectId } });
    expect(impostor.body).toMatchObject({ decision: 'no-match' });
    expect(impostor.body.score).toBeLessThan(genuine.body.score);
  });

  it('fuses fingers: two matching fingers give more evidence than one', async () => {
    const [alice] = people;
    const one = await service.request('POST', '/verifications', { body: { probe: { minutiaeRecord: base64(fingersOf(alice!.name, 3, [2])) }, subjectId: alice!.subjectId } });
    const two = await service.request('POST', '/verifications', { body: { probe: { minutiaeRecord: base64(fingersOf(alice!.name, 3, [2, 7])) }, subjectId: alice!.subjectId } });
    expect(two.body.logLikelihoodRatio).toBeGreaterThan(one.body.logLikelihoodRatio + 2);
    expect(two.body.score).toBeGreaterThanOrEqual(one.body.score);
  });

  it('reads ANSI INCITS 378 records as well as ISO/IEC 19794-2 ones', async () => {
    const [, , carol] = people;
    const ansi = await service.request('POST', '/verifications', { body: { probe: { minutiaeRecord: base64(fingersOf(carol!.name, 4, [2, 7], 'ansi')) }, subjectId: carol!.subjectId } });
    expect(ansi.status).toBe(200);
    expect(ansi.body.decision).toBe('match');
  });

  it('identifies 1:N: the right person first, every candidate with a score and decision', async () => {
    for (const person of people.slice(0, 5)) {
      const identification = await service.request('POST', '/identifications', { body: { probe: { minutiaeRecord: base64(fingersOf(person.name, 5, [2, 7])) }, topK: 3 } });
      expect(identification.status).toBe(200);
      expect(identification.body.candidates[0]).toMatchObject({ subjectId: person.subjectId, modality: 'fingerprint', decision: 'match' });
      expect(identification.body.gallerySize).toBe(people.length * 2);
      expect(identification.body.candidates.filter((candidate: { decision: string }) => candidate.decision === 'match')).toHaveLength(1);
    }
  });

  it('refuses malformed records with the format error code, and keeps nothing', async () => {
    const record = fingersOf('malformed', 1, [1]);
    const truncated = await service.request('POST', '/captures/fingerprint', { body: { record: base64(record.subarray(0, record.length - 3)) } });
    expect(truncated.status).toBe(400);
    expect(truncated.body.code).toMatch(/^FMR_/);
    const notARecord = await service.request('POST', '/captures/fingerprint', { body: { record: base64(Buffer.from('JFIF this is a picture')) } });
    expect(notARecord.status).toBe(400);
    expect(notARecord.body.code).toBe('FMR_FORMAT_UNKNOWN');
    const notBase64 = await service.request('POST', '/captures/fingerprint', { body: { record: '***' } });
    expect(notBase64.status).toBe(400);
    expect(notBase64.body.code).toBe('VALIDATION_FAILED');
  });

  it('refuses a probe that is not exactly one thing, and a verification without exactly one target', async () => {
    const record = base64(fingersOf('someone-else', 1, [1]));
    const twoProbes = await service.request('POST', '/identifications', { body: { probe: { minutiaeRecord: record, reference: randomUUID() } } });
    expect(twoProbes.status).toBe(400);
    expect(twoProbes.body).toMatchObject({ code: 'VALIDATION_FAILED', errors: [{ field: 'probe' }] });
    expect((await service.request('POST', '/identifications', { body: { probe: {} } })).body.code).toBe('VALIDATION_FAILED');
    const noTarget = await service.request('POST', '/verifications', { body: { probe: { minutiaeRecord: record } } });
    expect(noTarget.status).toBe(400);
    expect(noTarget.body.code).toBe('VALIDATION_FAILED');
  });

  it('erases a subject: its templates are gone and it is no longer a candidate', async () => {
    const person = people[11]!;
    const before = await service.request('POST', '/identifications', { body: { probe: { minutiaeRecord: base64(fingersOf(person.name, 6, [2, 7])) }, topK: 1 } });
    expect(before.body.candidates[0].subjectId).toBe(person.subjectId);
    const erased = await service.request('DELETE', `/subjects/${person.subjectId}`);
    expect(erased.body).toEqual({ erased: 2 });
    expect((await service.request('GET', `/subjects/${person.subjectId}/templates`)).body.code).toBe('SUBJECT_NOT_FOUND');
    const after = await service.request('POST', '/identifications', { body: { probe: { minutiaeRecord: base64(fingersOf(person.name, 6, [2, 7])) }, topK: 3 } });
    expect(after.body.candidates.map((candidate: { subjectId: string }) => candidate.subjectId)).not.toContain(person.subjectId);
    expect(after.body.decision).toBe('no-match');
  });

  it('refuses to enrol a template already enrolled for someone else, and unknown references, writing nothing', async () => {
    const [alice] = people;
    const templates = (await service.request('GET', `/subjects/${alice!.subjectId}/templates`)).body as { reference: string }[];
    const stolen = await service.request('POST', `/subjects/${randomUUID()}/templates`, { body: { references: [templates[0]!.reference] } });
    expect(stolen.status).toBe(409);
    expect(stolen.body.code).toBe('TEMPLATE_IN_OTHER_SUBJECT');
    const captured = await service.request('POST', '/captures/fingerprint', { body: { record: base64(fingersOf('dora', 1, [3])) } });
    const newcomer = randomUUID();
    const unknown = await service.request('POST', `/subjects/${newcomer}/templates`, { body: { references: [captured.body.templates[0].reference, randomUUID()] } });
    expect(unknown.status).toBe(404);
    expect(unknown.body.code).toBe('TEMPLATE_NOT_FOUND');
    expect((await service.request('GET', `/templates/${captured.body.templates[0].reference}`)).body.subjectId).toBeUndefined();
  });

  it('erases captures never enrolled once they are older than the retention period, and nothing enrolled', async () => {
    const abandoned = await service.request('POST', '/captures/fingerprint', { body: { record: base64(fingersOf('abandoned', 1, [4])) } });
    const recent = await service.request('POST', '/captures/fingerprint', { body: { record: base64(fingersOf('recent', 1, [4])) } });
    const client = new Client({ connectionString: service.databaseUrl });
    await client.connect();
    try {
      await client.query(`UPDATE biometric_templates SET created_at = now() - interval '91 days' WHERE id = $1 OR subject_id IS NOT NULL`, [abandoned.body.templates[0].reference]);
      expect(await service.app.get(BiometricMatchingService).eraseAbandonedCaptures()).toBe(1);
    } finally {
      await client.end();
    }
    expect((await service.request('GET', `/templates/${abandoned.body.templates[0].reference}`)).status).toBe(404);
    expect((await service.request('GET', `/templates/${recent.body.templates[0].reference}`)).status).toBe(200);
    expect((await service.request('GET', `/subjects/${people[0]!.subjectId}/templates`)).body).toHaveLength(2);
  });

  it('keeps a second replica\'s fingerprint gallery in step: it picks up another replica\'s enrolments and erasures', async () => {
    const replica = await createBiometricApp(service.config, { logger: false });
    await replica.init();
    try {
      const other = replica.get(BiometricMatchingService);
      const probe = { minutiaeRecord: fingersOf('late-comer', 2, [5, 9]) };
      // The replica loads its gallery now, before the other replica enrols the late-comer.
      expect((await other.identify(probe, { k: 1 })).decision).toBe('no-match');
      const captured = await service.request('POST', '/captures/fingerprint', { body: { record: base64(fingersOf('late-comer', 1, [5, 9])) } });
      const subjectId = randomUUID();
      await service.request('POST', `/subjects/${subjectId}/templates`, { body: { references: captured.body.templates.map((template: { reference: string }) => template.reference) } });
      expect((await other.identify(probe, { k: 1 })).candidates[0]).toMatchObject({ subjectId, decision: 'match' });
      await service.request('DELETE', `/subjects/${subjectId}`);
      expect((await other.identify(probe, { k: 3 })).candidates.map((candidate) => candidate.subjectId)).not.toContain(subjectId);
    } finally {
      await replica.close();
    }
  });

  it('enforces roles: a verifier may verify but not identify or enrol; no token, no access', async () => {
    expect((await service.request('POST', '/identifications', { roles: ['verifier'], body: { probe: { reference: randomUUID() } } })).status).toBe(403);
    expect((await service.request('POST', `/subjects/${randomUUID()}/templates`, { roles: ['verifier'], body: { references: [randomUUID()] } })).status).toBe(403);
    expect((await service.request('GET', `/templates/${randomUUID()}`, { bearer: null })).status).toBe(401);
  });
});
