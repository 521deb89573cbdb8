import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

/** Counts over the registry's tables; no row, id or personal data leaves this class. */
export interface ActivityCounts {
  readonly applicationsStartedByType: Readonly<Record<string, number>>;
  readonly applicationsSubmitted: number;
  readonly applicationsApproved: number;
  readonly applicationsRejected: number;
  readonly documentsIssuedByKind: Readonly<Record<string, number>>;
  readonly documentsIssuedLastHour: number;
  readonly documentsIssuedLast24Hours: number;
  readonly documentsPending: number;
  readonly applicationsInReview: number;
  readonly applicationsInAdjudication: number;
  readonly deadLettersOpen: number;
}

@Injectable()
export class StatisticsRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Activity since `since`, issuance in the hour and day before `now`, and what waits now — one snapshot (one statement). */
  async counts(since: Date, now: Date): Promise<ActivityCounts> {
    const [row] = (await this.dataSource.query(
      `SELECT
         (SELECT coalesce(jsonb_object_agg(type, n), '{}'::jsonb) FROM (SELECT type, count(*)::int AS n FROM applications WHERE created_at >= $1 GROUP BY type) started) AS started_by_type,
         (SELECT count(*)::int FROM application_journal WHERE from_state = 'draft' AND at >= $1) AS submitted,
         (SELECT count(*)::int FROM application_journal WHERE to_state = 'approved' AND at >= $1) AS approved,
         (SELECT count(*)::int FROM application_journal WHERE to_state = 'rejected' AND at >= $1) AS rejected,
         (SELECT coalesce(jsonb_object_agg(kind, n), '{}'::jsonb) FROM (SELECT kind, count(*)::int AS n FROM issued_documents WHERE issued_at >= $1 GROUP BY kind) issued) AS issued_by_kind,
         (SELECT count(*)::int FROM issued_documents WHERE issued_at > $2::timestamptz - interval '1 hour' AND issued_at <= $2) AS issued_last_hour,
         (SELECT count(*)::int FROM issued_documents WHERE issued_at > $2::timestamptz - interval '24 hours' AND issued_at <= $2) AS issued_last_day,
         (SELECT count(*)::int FROM issued_documents WHERE state = 'pending') AS pending,
         (SELECT count(*)::int FROM applications WHERE state = 'review') AS in_review,
         (SELECT count(*)::int FROM applications WHERE state = 'adjudication') AS in_adjudication,
         (SELECT count(*)::int FROM dead_letters WHERE replayed_at IS NULL) AS dead_letters_open`,
      [since, now],
    )) as Array<Record<string, unknown>>;
    const number = (name: string) => Number(row![name]);
    return {
      applicationsStartedByType: row!['started_by_type'] as Record<string, number>,
      applicationsSubmitted: number('submitted'),
      applicationsApproved: number('approved'),
      applicationsRejected: number('rejected'),
      documentsIssuedByKind: row!['issued_by_kind'] as Record<string, number>,
      documentsIssuedLastHour: number('issued_last_hour'),
      documentsIssuedLast24Hours: number('issued_last_day'),
      documentsPending: number('pending'),
      applicationsInReview: number('in_review'),
      applicationsInAdjudication: number('in_adjudication'),
      deadLettersOpen: number('dead_letters_open'),
    };
  }
}
