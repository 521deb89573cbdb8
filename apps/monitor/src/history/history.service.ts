import { Inject, Injectable } from '@nestjs/common';
import { MONITOR_CONFIG, type MonitorConfig } from '../config/monitor-config';
import { MonitorError } from '../monitor-error';
import type { ServiceSample } from '../polling/service-sample';
import { type EdgeSample, SampleRepository } from './sample.repository';

/** A window of history: from `since` (default: an hour ago) to `until` (default: now), at most `limit` samples, the latest ones. */
export interface HistoryWindow {
  readonly since?: Date;
  readonly until?: Date;
  readonly limit?: number;
}

@Injectable()
export class HistoryService {
  constructor(
    @Inject(MONITOR_CONFIG) private readonly config: MonitorConfig,
    private readonly samples: SampleRepository,
  ) {}

  serviceHistory(service: string, window: HistoryWindow): Promise<ServiceSample[]> {
    if (!this.config.services.some((watched) => watched.name === service)) throw new MonitorError('SERVICE_NOT_WATCHED', `the monitor does not watch a service named ${service}`);
    const { since, until, limit } = this.bounds(window);
    return this.samples.serviceHistory(service, since, until, limit);
  }

  edgeHistory(filter: { source?: string; target?: string }, window: HistoryWindow): Promise<EdgeSample[]> {
    const { since, until, limit } = this.bounds(window);
    return this.samples.edgeHistory(filter, since, until, limit);
  }

  private bounds(window: HistoryWindow): { since: Date; until: Date; limit: number } {
    const until = window.until ?? new Date();
    return { since: window.since ?? new Date(until.getTime() - 3_600_000), until, limit: window.limit ?? 500 };
  }
}

export function mapServiceSample(sample: ServiceSample) {
  return { at: sample.at.toISOString(), status: sample.status, latencyMs: sample.latencyMs, httpStatus: sample.httpStatus, error: sample.error, checks: { ...sample.checks }, deadLettersOpen: sample.metrics?.deadLettersOpen ?? null, queues: { ...(sample.metrics?.queues ?? {}) } };
}

export function mapEdgeSample(sample: EdgeSample) {
  return { at: sample.at.toISOString(), source: sample.source, target: sample.target, kind: sample.kind, label: sample.label, status: sample.status, latencyMs: sample.latencyMs };
}
