import type { ServiceSample } from '../polling/service-sample';

/** Who reports a queue in its metrics, and who consumes it. */
export interface QueueReport {
  readonly queue: string;
  /** The watched service named by the queue's first segment (`biometric.deduplication-requests` → biometric), by the platform's naming rule (libs/service-contracts). */
  readonly consumer: string | undefined;
  /** Watched services other than the consumer whose latest metrics list the queue: they produce onto it. */
  readonly producers: readonly string[];
  /** Whose samples give the queue's counts: the consumer when it reports the queue, else the first producer. */
  readonly reporter: string;
}

/**
 * Every queue in the metrics of the watched services (histories run oldest to newest): in their
 * latest samples only (`current`, what alert rules may judge), or in the latest sample of each
 * that had metrics (the topology: a service whose metrics could not be read this time keeps its
 * queue edges).
 */
export function queueReports(histories: ReadonlyMap<string, readonly ServiceSample[]>, options: { current: boolean }): QueueReport[] {
  const reporters = new Map<string, string[]>();
  for (const [service, history] of [...histories.entries()].sort(([a], [b]) => a.localeCompare(b))) {
    const sample = options.current ? history[history.length - 1] : [...history].reverse().find((candidate) => candidate.metrics);
    for (const queue of Object.keys(sample?.metrics?.queues ?? {})) {
      const list = reporters.get(queue) ?? [];
      list.push(service);
      reporters.set(queue, list);
    }
  }
  return [...reporters.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([queue, services]) => {
    const named = queue.split('.')[0]!;
    const consumer = histories.has(named) ? named : undefined;
    const producers = services.filter((service) => service !== consumer);
    return { queue, consumer, producers, reporter: consumer && services.includes(consumer) ? consumer : services[0]! };
  });
}

/** The waiting counts of a queue in a service's history (oldest first); a sample without them ends the series. */
export function waitingSeries(history: readonly ServiceSample[], queue: string): number[] {
  const series: number[] = [];
  for (let index = history.length - 1; index >= 0; index--) {
    const waiting = history[index]!.metrics?.queues[queue]?.['waiting'];
    if (waiting === undefined) break;
    series.unshift(waiting);
  }
  return series;
}

/**
 * A backlog is growing when the waiting count rose at every one of the last `samples` polls
 * (strictly: a queue that idles at zero and gets one job is not growing). Fewer polls than that:
 * not (yet) growing.
 */
export function isBacklogGrowing(series: readonly number[], samples: number): boolean {
  if (series.length < samples) return false;
  const window = series.slice(-samples);
  for (let index = 1; index < window.length; index++) if (window[index]! <= window[index - 1]!) return false;
  return true;
}
