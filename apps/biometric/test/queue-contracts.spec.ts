import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ABIS_VERSION, type AbisRequest, type AbisResponse, type DeduplicationRequest, type DeduplicationResult, QUEUES } from '@citizen-zero/service-contracts';
import { type BiometricTestContext, startBiometric } from './support/biometric-test-app';
import { QueueClient } from './support/queue-client';
import { base64, fingersOf } from './support/synthetic-fingers';

const now = () => new Date().toISOString();

/** A request as a caller writes it (the envelope fields filled in by `ask`). */
type Outgoing = AbisRequest extends infer R ? (R extends AbisRequest ? Omit<R, 'version' | 'requesttime' | 'requestId'> & { requestId?: string } : never) : never;

describe('biometric service on the queues: the identity service\'s deduplication contract and the MOSIP-ABIS-shaped contract', () => {
  let service: BiometricTestContext;
  let identity: QueueClient<DeduplicationRequest, DeduplicationResult>;
  let abis: QueueClient<AbisRequest, AbisResponse>;
  const enrolled = { subjectId: randomUUID(), references: [] as string[] };

  const captureFingers = async (person: string, seed: number): Promise<string[]> => {
    const captured = await service.request('POST', '/captures/fingerprint', { body: { record: base64(fingersOf(person, seed, [1, 6])) } });
    expect(captured.status).toBe(201);
    return captured.body.templates.map((template: { reference: string }) => template.reference);
  };

  const ask = async (request: Outgoing): Promise<AbisResponse> => {
    const full = { version: ABIS_VERSION, requesttime: now(), requestId: request.requestId ?? randomUUID(), ...request } as AbisRequest;
    await abis.send(full.id, full);
    return abis.answer((answer) => answer.requestId === full.requestId);
  };

  beforeAll(async () => {
    service = await startBiometric();
    identity = new QueueClient(service.env['CZ_REDIS_URL']!, service.env['CZ_QUEUE_PREFIX']!, QUEUES.deduplicationRequests, QUEUES.deduplicationResults);
    abis = new QueueClient(service.env['CZ_REDIS_URL']!, service.env['CZ_QUEUE_PREFIX']!, QUEUES.abisRequests, QUEUES.abisResponses);
    enrolled.references = await captureFingers('enrolled-person', 1);
    const inserted = await ask({ id: 'mosip.abis.insert', referenceId: enrolled.subjectId, templateReferences: enrolled.references });
    expect(inserted).toMatchObject({ id: 'mosip.abis.insert', returnValue: 1 });
  });
  afterAll(async () => {
    await identity?.close();
    await abis?.close();
    await service?.close();
  });

  it('answers a deduplication request: the same person applying again is a possible duplicate, with the enrolled person as candidate', async () => {
    const applicationId = randomUUID();
    const probes = (await captureFingers('enrolled-person', 2)).map((reference) => ({ modality: 'fingerprint' as const, reference }));
    await identity.send('deduplicate', { applicationId, correlationId: 'corr-1', probes, thresholds: { fingerprint: 0.99 }, excludePersonIds: [] });
    const result = await identity.answer((answer) => answer.applicationId === applicationId);
    expect(result).toMatchObject({ outcome: 'possible-duplicate', correlationId: 'corr-1', models: ['cz-mcc-bit-1'] });
    expect(result.candidates).toEqual([{ personId: enrolled.subjectId, modality: 'fingerprint', score: expect.any(Number) }]);
    expect(result.candidates[0]!.score).toBeGreaterThanOrEqual(0.99);
  });

  it('answers no-match for a new person, and for the same person when the renewal excludes their own record', async () => {
    const newcomer = randomUUID();
    await identity.send('deduplicate', { applicationId: newcomer, correlationId: 'corr-2', probes: (await captureFingers('somebody-new', 1)).map((reference) => ({ modality: 'fingerprint' as const, reference })), thresholds: { fingerprint: 0.99 }, excludePersonIds: [] });
    expect(await identity.answer((answer) => answer.applicationId === newcomer)).toMatchObject({ outcome: 'no-match', candidates: [] });
    const renewal = randomUUID();
    await identity.send('deduplicate', { applicationId: renewal, correlationId: 'corr-3', probes: (await captureFingers('enrolled-person', 3)).map((reference) => ({ modality: 'fingerprint' as const, reference })), thresholds: { fingerprint: 0.99 }, excludePersonIds: [enrolled.subjectId] });
    expect(await identity.answer((answer) => answer.applicationId === renewal)).toMatchObject({ outcome: 'no-match' });
  });

  it('answers failed with a stable code when a probe reference is unknown', async () => {
    const applicationId = randomUUID();
    await identity.send('deduplicate', { applicationId, correlationId: 'corr-4', probes: [{ modality: 'face', reference: randomUUID() }], thresholds: {}, excludePersonIds: [] });
    expect(await identity.answer((answer) => answer.applicationId === applicationId)).toMatchObject({ outcome: 'failed', errorCode: 'TEMPLATE_NOT_FOUND', candidates: [] });
  });

  it('ABIS identify by subject (excluding itself) and by loose templates, with MOSIP\'s candidate list', async () => {
    const probe = await captureFingers('enrolled-person', 4);
    const byTemplates = await ask({ id: 'mosip.abis.identify', templateReferences: probe, flags: { maxResults: 5 } });
    expect(byTemplates.returnValue).toBe(1);
    expect(byTemplates.candidateList!.count).toBe(1);
    expect(byTemplates.candidateList!.candidates[0]).toMatchObject({ referenceId: enrolled.subjectId, modalities: [{ biometricType: 'fingerprint' }] });
    const bySubject = await ask({ id: 'mosip.abis.identify', referenceId: enrolled.subjectId });
    expect(bySubject).toMatchObject({ returnValue: 1, candidateList: { count: 0, candidates: [] } });
  });

  it('ABIS ping, referenceCount and pendingJobs', async () => {
    expect(await ask({ id: 'mosip.abis.ping' })).toMatchObject({ returnValue: 1 });
    expect(await ask({ id: 'mosip.abis.referenceCount' })).toMatchObject({ returnValue: 1, referenceCount: 1 });
    const pending = await ask({ id: 'mosip.abis.pendingJobs' });
    expect(pending.returnValue).toBe(1);
    expect(pending.jobscount).toBeGreaterThanOrEqual(0);
  });

  it('executes a request id once: the same insert sent twice is answered twice with the first answer', async () => {
    const subject = randomUUID();
    const references = await captureFingers('twice', 1);
    const requestId = randomUUID();
    const first = await ask({ id: 'mosip.abis.insert', requestId, referenceId: subject, templateReferences: references });
    abis.answers.length = 0;
    await abis.send('mosip.abis.insert', { id: 'mosip.abis.insert', version: ABIS_VERSION, requesttime: now(), requestId, referenceId: randomUUID(), templateReferences: references }, `again-${requestId}`);
    const second = await abis.answer((answer) => answer.requestId === requestId);
    expect(second).toEqual(first);
    expect((await service.request('GET', `/templates/${references[0]}`)).body.subjectId).toBe(subject);
  });

  it('answers malformed requests with returnValue 2 and a reason, and failed operations with their code', async () => {
    expect(await ask({ id: 'mosip.abis.insert', referenceId: 'not-a-uuid', templateReferences: [] } as never)).toMatchObject({ returnValue: 2, failureReason: expect.stringMatching(/^ABIS_REQUEST_INVALID/) });
    expect(await ask({ id: 'mosip.abis.insert', referenceId: randomUUID(), templateReferences: [randomUUID()] })).toMatchObject({ returnValue: 2, failureReason: 'TEMPLATE_NOT_FOUND' });
  });

  it('ABIS delete erases the subject\'s templates', async () => {
    const subject = randomUUID();
    const references = await captureFingers('leaving', 1);
    expect(await ask({ id: 'mosip.abis.insert', referenceId: subject, templateReferences: references })).toMatchObject({ returnValue: 1 });
    expect(await ask({ id: 'mosip.abis.delete', referenceId: subject })).toMatchObject({ returnValue: 1 });
    expect((await service.request('GET', `/templates/${references[0]}`)).status).toBe(404);
  });
});
