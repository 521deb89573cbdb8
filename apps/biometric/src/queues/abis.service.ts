import { Injectable } from '@nestjs/common';
import { CitizenZeroError } from '@citizen-zero/errors';
import { QueueConnection } from '@citizen-zero/nest-platform';
import { ABIS_OPERATIONS, ABIS_VERSION, type AbisCandidate, type AbisRequest, type AbisResponse, QUEUES } from '@citizen-zero/service-contracts';
import { BiometricMatchingService, type Candidate } from '../matching/biometric-matching.service';
import { AbisRequestRepository } from './abis-request.repository';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Answers MOSIP-ABIS-shaped requests (libs/service-contracts/src/abis.ts). Each request id is
 * executed once: the answer is recorded before it is sent, so a request delivered again (a
 * crash between the two, a caller's retry) is answered from the record.
 */
@Injectable()
export class AbisService {
  constructor(
    private readonly matching: BiometricMatchingService,
    private readonly answered: AbisRequestRepository,
    private readonly queues: QueueConnection,
  ) {}

  async handle(request: AbisRequest): Promise<AbisResponse> {
    const requestId = typeof request?.requestId === 'string' && request.requestId.length > 0 && request.requestId.length <= 200 ? request.requestId : undefined;
    if (!requestId) return this.failure(request, 'ABIS_REQUEST_INVALID: requestId is missing');
    const previous = await this.answered.answered(requestId);
    if (previous) return previous;
    let response: AbisResponse;
    try {
      response = await this.execute(request);
    } catch (error) {
      if (!(error instanceof CitizenZeroError)) throw error; // infrastructure: the job is retried
      response = this.failure(request, error.code);
    }
    return this.answered.record(response);
  }

  /** Sends the answer to the request job `requestJobId`: once per job, so a job taken over after a crash is not answered twice, but a request sent again is. */
  async respond(response: AbisResponse, requestJobId: string): Promise<void> {
    await this.queues.queue(QUEUES.abisResponses).add(response.id, response, { jobId: `abis-response.${requestJobId.replace(/:/g, '_')}`, removeOnComplete: 10_000, removeOnFail: 10_000 });
  }

  private async execute(request: AbisRequest): Promise<AbisResponse> {
    const problem = invalid(request);
    if (problem) return this.failure(request, `ABIS_REQUEST_INVALID: ${problem}`);
    switch (request.id) {
      case 'mosip.abis.insert':
        await this.matching.enrol(request.referenceId, request.templateReferences);
        return this.success(request, {});
      case 'mosip.abis.delete':
        await this.matching.eraseSubject(request.referenceId);
        return this.success(request, {});
      case 'mosip.abis.identify': {
        const probes = request.referenceId ? (await this.matching.subjectTemplates(request.referenceId)).map((template) => template.id) : [...(request.templateReferences ?? [])];
        const maxResults = request.flags?.maxResults ?? 10;
        const byReference = new Map<string, AbisCandidate>();
        for (const reference of probes) {
          const identification = await this.matching.identify({ reference }, { k: maxResults, ...(request.referenceId && { excludeSubjects: [request.referenceId] }), ...(request.gallery && { onlySubjects: request.gallery.referenceIds }) });
          for (const candidate of identification.candidates.filter((entry) => entry.decision === 'match')) merge(byReference, candidate);
        }
        const candidates = [...byReference.values()].sort((a, b) => b.analytics.score - a.analytics.score).slice(0, maxResults);
        return this.success(request, { candidateList: { count: candidates.length, candidates } });
      }
      case 'mosip.abis.ping':
        return this.success(request, {});
      case 'mosip.abis.pendingJobs': {
        const counts = await Promise.all([QUEUES.abisRequests, QUEUES.deduplicationRequests].map((name) => this.queues.queue(name).getJobCounts('waiting', 'active', 'delayed')));
        return this.success(request, { jobscount: counts.reduce((sum, count) => sum + (count['waiting'] ?? 0) + (count['active'] ?? 0) + (count['delayed'] ?? 0), 0) });
      }
      case 'mosip.abis.referenceCount':
        return this.success(request, { referenceCount: await this.matching.referenceCount() });
    }
  }

  private success(request: AbisRequest, extra: Partial<AbisResponse>): AbisResponse {
    return { id: request.id, requestId: request.requestId, responsetime: new Date().toISOString(), returnValue: 1, ...(request.correlationId && { correlationId: request.correlationId }), ...extra };
  }

  private failure(request: Partial<AbisRequest> | undefined, reason: string): AbisResponse {
    const id = ABIS_OPERATIONS.includes(request?.id as AbisRequest['id']) ? (request!.id as AbisRequest['id']) : 'mosip.abis.ping';
    return { id, requestId: String(request?.requestId ?? ''), responsetime: new Date().toISOString(), returnValue: 2, failureReason: reason, ...(typeof request?.correlationId === 'string' && { correlationId: request.correlationId }) };
  }
}

function merge(byReference: Map<string, AbisCandidate>, candidate: Candidate): void {
  const existing = byReference.get(candidate.subjectId);
  const modalities = [...(existing?.modalities.filter((entry) => entry.biometricType !== candidate.modality) ?? []), { biometricType: candidate.modality, analytics: { score: Math.max(candidate.score, existing?.modalities.find((entry) => entry.biometricType === candidate.modality)?.analytics.score ?? 0) } }];
  byReference.set(candidate.subjectId, { referenceId: candidate.subjectId, analytics: { score: Math.max(...modalities.map((entry) => entry.analytics.score)) }, modalities });
}

/** What is wrong with a request's shape, if anything (it came over a queue: check it like any input). */
function invalid(request: AbisRequest): string | undefined {
  if (!ABIS_OPERATIONS.includes(request.id)) return `unknown operation ${String(request.id)}`;
  if (request.version !== ABIS_VERSION) return `version must be ${ABIS_VERSION}`;
  const references = (values: unknown): boolean => Array.isArray(values) && values.length > 0 && values.length <= 100 && values.every((value) => typeof value === 'string' && UUID.test(value));
  switch (request.id) {
    case 'mosip.abis.insert':
      if (!UUID.test(String(request.referenceId))) return 'referenceId must be a UUID';
      if (!references(request.templateReferences)) return 'templateReferences must be 1–100 template UUIDs';
      return undefined;
    case 'mosip.abis.delete':
      return UUID.test(String(request.referenceId)) ? undefined : 'referenceId must be a UUID';
    case 'mosip.abis.identify':
      if ((request.referenceId === undefined) === (request.templateReferences === undefined)) return 'identify needs a referenceId or templateReferences, not both';
      if (request.referenceId !== undefined && !UUID.test(String(request.referenceId))) return 'referenceId must be a UUID';
      if (request.templateReferences !== undefined && !references(request.templateReferences)) return 'templateReferences must be 1–100 template UUIDs';
      if (request.gallery !== undefined && !(Array.isArray(request.gallery.referenceIds) && request.gallery.referenceIds.every((value) => typeof value === 'string' && UUID.test(value)))) return 'gallery.referenceIds must be UUIDs';
      if (request.flags?.maxResults !== undefined && !(Number.isInteger(request.flags.maxResults) && request.flags.maxResults >= 1 && request.flags.maxResults <= 100)) return 'flags.maxResults must be an integer in [1, 100]';
      return undefined;
    default:
      return undefined;
  }
}
