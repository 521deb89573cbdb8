import type { ProblemDetailsOptions } from '@citizen-zero/nest-platform';
import type { MonitorErrorCode } from '../monitor-error';

/** The one place the monitor's error codes become HTTP statuses. */
const STATUS_BY_CODE: Record<MonitorErrorCode, number> = {
  METRICS_UNPARSABLE: 502,
  ALERT_NOT_FOUND: 404,
  ALERT_NOT_OPEN: 409,
  SERVICE_NOT_WATCHED: 404,
};

export const MONITOR_PROBLEM_DETAILS: ProblemDetailsOptions = { statusByCode: STATUS_BY_CODE };
