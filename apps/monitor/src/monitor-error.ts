import { CitizenZeroError } from '@citizen-zero/errors';

/** Failures of the monitor, by stable code; HTTP statuses in http/problem-details.ts. */
export type MonitorErrorCode =
  /** A service's `/metrics` is not in the Prometheus text exposition format. */
  | 'METRICS_UNPARSABLE'
  | 'ALERT_NOT_FOUND'
  /** Only open alerts are acknowledged. */
  | 'ALERT_NOT_OPEN'
  | 'SERVICE_NOT_WATCHED';

export class MonitorError extends CitizenZeroError<MonitorErrorCode> {
  constructor(
    readonly code: MonitorErrorCode,
    message: string,
    details: Record<string, string | number | boolean> = {},
    options?: { cause?: unknown },
  ) {
    super(message, details, options);
  }
}
