import type { OnApplicationShutdown } from '@nestjs/common';
import { requestContext } from './observability/request-context';
import { type ConnectionOptions, Queue, QueueEvents, type QueueOptions, Worker, type WorkerOptions, type Processor } from 'bullmq';


/**
 * BullMQ queues and workers on the configured Redis, with the deployment's key prefix. Owns
 * every queue and worker it creates and closes them at shutdown, workers first so in-flight
 * jobs finish or return to the queue.
 */
export interface QueueConnectionOptions {
  readonly redisUrl: string;
  /** Prefix of every key, so several deployments can share one Redis. */
  readonly queuePrefix: string;
  /** How long a worker holds a job before another may take it over. */
  readonly jobLockSeconds: number;
}

export class QueueConnection implements OnApplicationShutdown {
  private readonly queues = new Map<string, Queue>();
  private readonly workers: Worker[] = [];
  private readonly events = new Map<string, Promise<QueueEvents>>();
  readonly connection: ConnectionOptions;

  constructor(private readonly config: QueueConnectionOptions) {
    const url = new URL(config.redisUrl);
    this.connection = {
      host: url.hostname,
      port: Number(url.port || 6379),
      ...(url.password && { password: decodeURIComponent(url.password) }),
      ...(url.username && { username: decodeURIComponent(url.username) }),
      ...(url.protocol === 'rediss:' && { tls: {} }),
      db: url.pathname.length > 1 ? Number(url.pathname.slice(1)) : 0,
      maxRetriesPerRequest: null,
    };
  }

  queue(name: string, options: Omit<QueueOptions, 'connection' | 'prefix'> = {}): Queue {
    let queue = this.queues.get(name);
    if (!queue) {
      queue = new Queue(name, { ...options, connection: this.connection, prefix: this.config.queuePrefix });
      this.queues.set(name, queue);
    }
    return queue;
  }

  /** Completion events of a queue, for callers that wait for a job's result. */
  queueEvents(name: string): Promise<QueueEvents> {
    let events = this.events.get(name);
    if (!events) {
      const created = new QueueEvents(name, { connection: this.connection, prefix: this.config.queuePrefix });
      events = created.waitUntilReady().then(() => created);
      this.events.set(name, events);
    }
    return events;
  }

  worker<T, R>(name: string, processor: Processor<T, R>, options: Omit<WorkerOptions, 'connection' | 'prefix'> = {}): Worker<T, R> {
    const lockDuration = this.config.jobLockSeconds * 1000;
    // Log lines written while a job runs carry its correlation id (or the job id).
    const traced: Processor<T, R> = (job, token) => requestContext.run({ correlationId: String((job.data as { correlationId?: unknown } | undefined)?.correlationId ?? `job:${job.queueName}:${job.id}`) }, () => processor(job, token));
    const worker = new Worker<T, R>(name, traced, { lockDuration, stalledInterval: lockDuration, maxStalledCount: 5, ...options, connection: this.connection, prefix: this.config.queuePrefix });
    worker.on('error', () => undefined); // connection errors are retried by BullMQ; failures are handled per job
    this.workers.push(worker as Worker);
    return worker;
  }

  /** Job counts per queue this process uses, for the queue-depth metrics. */
  async counts(): Promise<Array<{ queue: string; counts: Record<string, number> }>> {
    return Promise.all([...this.queues.entries()].map(async ([queue, instance]) => ({ queue, counts: await instance.getJobCounts('waiting', 'active', 'delayed', 'failed', 'completed') })));
  }

  async onApplicationShutdown(): Promise<void> {
    await Promise.all(this.workers.map((worker) => worker.close()));
    await Promise.all([...this.queues.values()].map((queue) => queue.close()));
    await Promise.all([...this.events.values()].map(async (events) => (await events).close()));
  }
}
