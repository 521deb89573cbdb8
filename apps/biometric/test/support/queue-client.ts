import { type Job, Queue, Worker } from 'bullmq';

/** A caller on the service's queues (as the identity service or an ABIS client would be): sends requests, collects answers. */
export class QueueClient<Request, Answer> {
  readonly answers: Answer[] = [];
  private readonly requests: Queue;
  private readonly worker: Worker<Answer>;

  constructor(redisUrl: string, prefix: string, requestQueue: string, answerQueue: string) {
    const url = new URL(redisUrl);
    const connection = { host: url.hostname, port: Number(url.port), maxRetriesPerRequest: null };
    this.requests = new Queue(requestQueue, { connection, prefix });
    this.worker = new Worker<Answer>(answerQueue, async (job: Job<Answer>) => void this.answers.push(job.data), { connection, prefix });
  }

  async send(name: string, request: Request, jobId?: string): Promise<void> {
    await this.requests.add(name, request, { ...(jobId && { jobId }), attempts: 3, backoff: { type: 'fixed', delay: 200 } });
  }

  /** Waits for the first answer `match` accepts. */
  async answer(match: (answer: Answer) => boolean, timeoutMs = 30_000): Promise<Answer> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.answers.find(match);
      if (found) return found;
      if (Date.now() > deadline) throw new Error('no answer on the queue in time');
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  async close(): Promise<void> {
    await this.worker.close();
    await this.requests.close();
  }
}

