import { Injectable } from '@nestjs/common';
import { ValidationFailedError } from '@citizen-zero/nest-platform';
import { type ActivityCounts, StatisticsRepository } from './statistics.repository';

/** How far back `since` may go: the dashboard asks for today; a year bounds the work of one request. */
const MAX_LOOKBACK_MS = 366 * 86_400_000;

export interface ActivityStatistics {
  readonly since: Date;
  readonly asOf: Date;
  readonly counts: ActivityCounts;
}

/** The dashboard's figures: today's enrolments and decisions, the issuance rate, and what waits. Aggregates only. */
@Injectable()
export class StatisticsService {
  constructor(private readonly repository: StatisticsRepository) {}

  /** Since the given instant (the official's local midnight), else since midnight UTC. */
  async activity(since: Date | undefined, now = new Date()): Promise<ActivityStatistics> {
    const from = since ?? new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()));
    if (from.getTime() > now.getTime()) throw new ValidationFailedError([{ field: 'since', message: 'must not be in the future' }]);
    if (now.getTime() - from.getTime() > MAX_LOOKBACK_MS) throw new ValidationFailedError([{ field: 'since', message: 'must be within the last 366 days' }]);
    return { since: from, asOf: now, counts: await this.repository.counts(from, now) };
  }
}
