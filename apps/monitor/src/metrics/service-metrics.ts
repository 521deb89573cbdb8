import { histogramQuantile, histogramSeries, type MetricFamily } from './prometheus-text';

/** Cumulative latency of something observed by a histogram: count and sum of seconds since the process started, and the p95 estimated from its buckets. */
export interface LatencySummary {
  readonly count: number;
  readonly sum: number;
  readonly p95?: number;
}

/**
 * What the monitor keeps of one scrape of a service's `/metrics` (the names the services share,
 * docs/architecture.md "Observability"). Counters are cumulative; rates and recent latencies
 * come from the difference between two samples.
 */
export interface ServiceMetrics {
  /** `queue_jobs{queue,state}`: jobs per queue and state (waiting, active, delayed, failed, completed). */
  readonly queues: Readonly<Record<string, Readonly<Record<string, number>>>>;
  /** `dead_letters_open`, when the service has dead letters. */
  readonly deadLettersOpen: number | null;
  /** `http_request_duration_seconds` per `METHOD route`, with the count of 5xx answers. */
  readonly http: Readonly<Record<string, LatencySummary & { readonly errors: number }>>;
  /** `http_client_request_duration_seconds` per callee host:port, with the count of 5xx answers and failed calls. */
  readonly outgoing: Readonly<Record<string, LatencySummary & { readonly errors: number }>>;
  /** `hsm_sign_duration_seconds` per key. */
  readonly hsmSign: Readonly<Record<string, LatencySummary>>;
  /** `biometric_match_duration_seconds` per `operation/modality`. */
  readonly biometricMatch: Readonly<Record<string, LatencySummary>>;
  /** `readiness_check_up` and `readiness_check_duration_seconds` per check (database, hsm, queue, redis…). */
  readonly readiness: Readonly<Record<string, { readonly up: boolean; readonly seconds: number }>>;
  /** Business counters as `name{label="value",…}` (issuance, verifications, captures, deduplications). */
  readonly counters: Readonly<Record<string, number>>;
}

const COUNTERS = ['documents_issued_total', 'verifications_total', 'biometric_captures_total', 'biometric_deduplications_total'];
/** Labels every series of a service carries (prom-client default labels): not part of a series' identity here. */
const IGNORED_LABELS = new Set(['service']);

export function summariseMetrics(families: ReadonlyMap<string, MetricFamily>): ServiceMetrics {
  const queues: Record<string, Record<string, number>> = {};
  for (const sample of families.get('queue_jobs')?.samples ?? []) {
    const queue = sample.labels['queue'];
    const state = sample.labels['state'];
    if (queue && state && Number.isFinite(sample.value)) (queues[queue] ??= {})[state] = sample.value;
  }
  const deadLetters = families.get('dead_letters_open')?.samples.find((sample) => sample.name === 'dead_letters_open');

  const readiness: Record<string, { up: boolean; seconds: number }> = {};
  for (const sample of families.get('readiness_check_up')?.samples ?? []) if (sample.labels['check']) readiness[sample.labels['check']] = { up: sample.value === 1, seconds: 0 };
  for (const sample of families.get('readiness_check_duration_seconds')?.samples ?? []) {
    const check = sample.labels['check'];
    if (check) readiness[check] = { up: readiness[check]?.up ?? false, seconds: sample.value };
  }

  const counters: Record<string, number> = {};
  for (const name of COUNTERS) for (const sample of families.get(name)?.samples ?? []) counters[seriesKey(name, sample.labels)] = sample.value;

  return {
    queues,
    deadLettersOpen: deadLetters && Number.isFinite(deadLetters.value) ? deadLetters.value : null,
    http: latencyBy(families.get('http_request_duration_seconds'), (labels) => (labels['method'] && labels['route'] ? `${labels['method']} ${labels['route']}` : undefined), true),
    outgoing: latencyBy(families.get('http_client_request_duration_seconds'), (labels) => labels['target'], true),
    hsmSign: latencyBy(families.get('hsm_sign_duration_seconds'), (labels) => labels['key'] ?? 'unlabelled', false),
    biometricMatch: latencyBy(families.get('biometric_match_duration_seconds'), (labels) => `${labels['operation'] ?? '?'}/${labels['modality'] ?? '?'}`, false),
    readiness,
    counters,
  };
}

/**
 * Histogram series merged by a key (e.g. route, ignoring the status label): counts and sums add
 * up, buckets add up bound by bound for the p95; with `countErrors`, series whose `status` is 5xx
 * or `error` are counted as errors.
 */
function latencyBy(family: MetricFamily | undefined, keyOf: (labels: Readonly<Record<string, string>>) => string | undefined, countErrors: boolean): Record<string, LatencySummary & { errors: number }> {
  const merged = new Map<string, { count: number; sum: number; errors: number; buckets: Map<number, number> }>();
  for (const series of histogramSeries(family)) {
    const key = keyOf(series.labels);
    if (key === undefined) continue;
    let entry = merged.get(key);
    if (!entry) merged.set(key, (entry = { count: 0, sum: 0, errors: 0, buckets: new Map() }));
    entry.count += series.count;
    entry.sum += series.sum;
    const status = series.labels['status'] ?? '';
    if (countErrors && (status === 'error' || /^5\d\d$/.test(status))) entry.errors += series.count;
    for (const bucket of series.buckets) entry.buckets.set(bucket.le, (entry.buckets.get(bucket.le) ?? 0) + bucket.count);
  }
  const result: Record<string, LatencySummary & { errors: number }> = {};
  for (const [key, entry] of merged) {
    const p95 = histogramQuantile(0.95, [...entry.buckets.entries()].map(([le, count]) => ({ le, count })).sort((a, b) => a.le - b.le));
    result[key] = { count: entry.count, sum: entry.sum, ...(p95 !== undefined && { p95 }), errors: entry.errors };
  }
  return result;
}

function seriesKey(name: string, labels: Readonly<Record<string, string>>): string {
  const parts = Object.entries(labels).filter(([label]) => !IGNORED_LABELS.has(label)).sort(([a], [b]) => a.localeCompare(b)).map(([label, value]) => `${label}="${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`);
  return parts.length > 0 ? `${name}{${parts.join(',')}}` : name;
}

/** Mean latency in seconds of what was observed between two cumulative summaries (a counter reset counts from zero). */
export function recentMeanSeconds(current: LatencySummary | undefined, previous: LatencySummary | undefined): number | undefined {
  if (!current) return undefined;
  const reset = !previous || current.count < previous.count;
  const count = reset ? current.count : current.count - previous.count;
  const sum = reset ? current.sum : current.sum - previous.sum;
  return count > 0 ? sum / count : undefined;
}
