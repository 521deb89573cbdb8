import type { CertificateSnapshot } from '../certificates/watched-certificate';
import type { ServiceSample } from '../polling/service-sample';
import { isBacklogGrowing, queueReports, waitingSeries } from '../topology/queues';

/**
 * The alert rules, as pure functions of the recent samples (oldest first) and the watched
 * certificates. A rule yields a condition per subject that holds now; an open alert whose
 * condition no longer holds is resolved — unless the rule could not be evaluated for its subject
 * (the service did not answer, a certificate source could not be read), in which case it stays
 * as it is.
 */
export const ALERT_RULES = ['service-down', 'dead-letters', 'queue-backlog-growing', 'hsm-unreachable', 'certificate-expiring'] as const;
export type AlertRule = (typeof ALERT_RULES)[number];

export const SEVERITIES = ['info', 'warning', 'critical'] as const;
export type Severity = (typeof SEVERITIES)[number];

export interface AlertCondition {
  readonly rule: AlertRule;
  /** What the alert is about: a service, a queue, or a certificate at a threshold (`<fingerprint>@<days>d`). Open alerts are unique per rule and subject. */
  readonly subject: string;
  readonly severity: Severity;
  readonly summary: string;
  readonly details: Readonly<Record<string, string | number | boolean>>;
}

export interface RuleSettings {
  readonly downAfterPolls: number;
  readonly backlogSamples: number;
  readonly certificateThresholdsDays: readonly number[];
}

export interface RuleInput {
  readonly histories: ReadonlyMap<string, readonly ServiceSample[]>;
  readonly certificates: CertificateSnapshot;
  readonly now: Date;
  readonly settings: RuleSettings;
}

export interface AlertRef {
  readonly rule: AlertRule;
  readonly subject: string;
}

export interface Evaluation {
  readonly conditions: readonly AlertCondition[];
  /** Open alerts whose condition could not be evaluated this time: left open (or closed) as they are. */
  readonly undetermined: (alert: AlertRef) => boolean;
}

/** A service down for the last `downAfterPolls` polls in a row. */
export function serviceDown(service: string, history: readonly ServiceSample[], downAfterPolls: number): AlertCondition | undefined {
  const recent = history.slice(-downAfterPolls);
  if (recent.length < downAfterPolls || !recent.every((sample) => sample.status === 'down')) return undefined;
  const newest = recent[recent.length - 1]!;
  return { rule: 'service-down', subject: service, severity: 'critical', summary: `${service} is down (${newest.error ?? 'no answer'}) for ${downAfterPolls} poll${downAfterPolls === 1 ? '' : 's'}`, details: { service, polls: downAfterPolls, ...(newest.httpStatus !== null && { httpStatus: newest.httpStatus }) } };
}

/** Jobs that failed every attempt and wait for an operator (`dead_letters_open` > 0). */
export function deadLetters(service: string, latest: ServiceSample): AlertCondition | undefined {
  const open = latest.metrics?.deadLettersOpen ?? 0;
  if (!(open > 0)) return undefined;
  return { rule: 'dead-letters', subject: service, severity: 'warning', summary: `${service} has ${open} open dead letter${open === 1 ? '' : 's'}`, details: { service, open } };
}

/** The service reports its HSM check down. */
export function hsmUnreachable(service: string, latest: ServiceSample): AlertCondition | undefined {
  if (latest.checks['hsm'] !== 'down') return undefined;
  return { rule: 'hsm-unreachable', subject: service, severity: 'critical', summary: `${service} cannot reach its HSM`, details: { service } };
}

/** A queue whose waiting count rose at each of the last `samples` polls. */
export function queueBacklogGrowing(queue: string, series: readonly number[], samples: number): AlertCondition | undefined {
  if (!isBacklogGrowing(series, samples)) return undefined;
  const window = series.slice(-samples);
  return { rule: 'queue-backlog-growing', subject: queue, severity: 'warning', summary: `the backlog of ${queue} grew from ${window[0]} to ${window[window.length - 1]} waiting jobs over ${samples} polls`, details: { queue, from: window[0]!, to: window[window.length - 1]!, polls: samples } };
}

/**
 * A certificate within the tightest threshold it has crossed (e.g. 90, 30, 7 days): one alert
 * per threshold, so crossing the next one resolves the previous alert and raises a new, more
 * severe one; an expired certificate stays at the last threshold. Replacing or removing it clears it.
 */
export function certificateExpiring(certificate: CertificateSnapshot['certificates'][number], now: Date, thresholdsDays: readonly number[]): AlertCondition | undefined {
  const daysLeft = (certificate.notAfter.getTime() - now.getTime()) / 86_400_000;
  const crossed = [...thresholdsDays].sort((a, b) => a - b).find((threshold) => daysLeft <= threshold);
  if (crossed === undefined) return undefined;
  const severity: Severity = crossed <= 7 ? 'critical' : crossed <= 30 ? 'warning' : 'info';
  const when = daysLeft <= 0 ? `expired on ${certificate.notAfter.toISOString().slice(0, 10)}` : `expires in ${Math.ceil(daysLeft)} day${Math.ceil(daysLeft) === 1 ? '' : 's'} (${certificate.notAfter.toISOString().slice(0, 10)})`;
  return {
    rule: 'certificate-expiring',
    subject: `${certificate.fingerprint}@${crossed}d`,
    severity,
    summary: `certificate ${certificate.subject} ${when}`,
    details: { fingerprint: certificate.fingerprint, subject: certificate.subject, notAfter: certificate.notAfter.toISOString(), thresholdDays: crossed, expired: daysLeft <= 0, sources: certificate.sources.join(' ') },
  };
}

/** Every rule over the current state. */
export function evaluateAlertRules(input: RuleInput): Evaluation {
  const conditions: AlertCondition[] = [];
  const unanswered = new Set<string>();
  for (const [service, history] of [...input.histories.entries()].sort(([a], [b]) => a.localeCompare(b))) {
    const latest = history[history.length - 1];
    if (!latest) {
      unanswered.add(service);
      continue;
    }
    push(conditions, serviceDown(service, history, input.settings.downAfterPolls));
    if (latest.metrics) push(conditions, deadLetters(service, latest));
    if (Object.keys(latest.checks).length > 0) push(conditions, hsmUnreachable(service, latest));
    if (!latest.metrics) unanswered.add(service);
  }
  const reports = queueReports(input.histories, { current: true });
  for (const report of reports) push(conditions, queueBacklogGrowing(report.queue, waitingSeries(input.histories.get(report.reporter) ?? [], report.queue), input.settings.backlogSamples));
  const reportedQueues = new Set(reports.map((report) => report.queue));
  // Known certificates are always judged; a source that could not be read only keeps their alerts from being resolved.
  for (const certificate of input.certificates.certificates) push(conditions, certificateExpiring(certificate, input.now, input.settings.certificateThresholdsDays));

  const undetermined = (alert: AlertRef): boolean => {
    switch (alert.rule) {
      case 'service-down':
        return false;
      case 'dead-letters':
        return unanswered.has(alert.subject);
      case 'hsm-unreachable':
        // A watched service without checks did not answer; one no longer watched is judged gone.
        return input.histories.has(alert.subject) && Object.keys(last(input.histories.get(alert.subject))?.checks ?? {}).length === 0;
      case 'queue-backlog-growing':
        // A queue no one reports while some service's metrics are missing may be theirs.
        return !reportedQueues.has(alert.subject) && unanswered.size > 0;
      case 'certificate-expiring':
        return !input.certificates.complete;
    }
  };
  return { conditions, undetermined };
}

/** What changes: conditions without an open alert are raised, open alerts without a condition (and not undetermined) are resolved. One condition per rule and subject. */
export function reconcileAlerts<A extends AlertRef>(open: readonly A[], evaluation: Evaluation): { raise: AlertCondition[]; resolve: A[] } {
  const key = (alert: AlertRef) => `${alert.rule}\u0000${alert.subject}`;
  const openKeys = new Set(open.map(key));
  const conditionKeys = new Set<string>();
  const raise: AlertCondition[] = [];
  for (const condition of evaluation.conditions) {
    const conditionKey = key(condition);
    if (conditionKeys.has(conditionKey)) continue;
    conditionKeys.add(conditionKey);
    if (!openKeys.has(conditionKey)) raise.push(condition);
  }
  const resolve = open.filter((alert) => !conditionKeys.has(key(alert)) && !evaluation.undetermined(alert));
  return { raise, resolve };
}

function push(conditions: AlertCondition[], condition: AlertCondition | undefined): void {
  if (condition) conditions.push(condition);
}

function last<T>(items: readonly T[] | undefined): T | undefined {
  return items?.[items.length - 1];
}
