import { Queue, Worker } from 'bullmq';
import { type DeduplicationCandidate, type DeduplicationRequest, type DeduplicationResult, QUEUES } from '@citizen-zero/service-contracts';

/**
 * Stands in for the biometric service on the real queues (until apps/biometric answers them):
 * it consumes deduplication requests and answers each with what `decide` says, so the identity
 * service's side of the contract is exercised end to end over Redis.
 */
export class BiometricStandIn {
  readonly requests: DeduplicationRequest[] = [];
  private readonly worker: Worker<DeduplicationRequest>;
  private readonly results: Queue<DeduplicationResult>;

  constructor(redisUrl: string, prefix: string, decide: (request: DeduplicationRequest) => { outcome: DeduplicationResult['outcome']; candidates?: DeduplicationCandidate[] } | undefined) {
    const url = new URL(redisUrl);
    const connection = { host: url.hostname, port: Number(url.port), maxRetriesPerRequest: null };
    this.results = new Queue(QUEUES.deduplicationResults, { connection, prefix });
    this.worker = new Worker<DeduplicationRequest>(
      QUEUES.deduplicationRequests,
      async (job) => {
        this.requests.push(job.data);
        const decision = decide(job.data);
        if (!decision) return; // silence: the identity service must time out on its own
        await this.results.add('deduplication-result', { applicationId: job.data.applicationId, correlationId: job.data.correlationId, outcome: decision.outcome, candidates: decision.candidates ?? [], models: ['stand-in-face@1'] });
      },
      { connection, prefix },
    );
  }

  async close(): Promise<void> {
    await this.worker.close();
    await this.results.close();
  }
}

/** Polls until `probe` returns a value that is not undefined. */
export async function eventually<T>(probe: () => Promise<T | undefined>, what: string, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
