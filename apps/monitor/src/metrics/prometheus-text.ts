import { MonitorError } from '../monitor-error';

/**
 * A parser of the Prometheus text exposition format, version 0.0.4 — what prom-client writes
 * and every Citizen Zero service serves at `/metrics`:
 *
 * ```
 * # HELP name docstring            (escapes: \\ and \n)
 * # TYPE name counter|gauge|histogram|summary|untyped
 * name{label="value",…} value [timestamp-ms]     (label value escapes: \\, \" and \n)
 * ```
 *
 * Values are Go floats (`+Inf`, `-Inf`, `NaN` included). A histogram family `x` owns the samples
 * `x_bucket{le=…}`, `x_sum` and `x_count`; a summary `x{quantile=…}`, `x_sum` and `x_count`.
 * Anything else that does not parse is refused with the line number (METRICS_UNPARSABLE), so a
 * broken exporter is seen rather than silently read as zeros.
 */
export type MetricType = 'counter' | 'gauge' | 'histogram' | 'summary' | 'untyped';

export interface MetricSample {
  /** The sample's own name (`x_bucket` for a histogram bucket). */
  readonly name: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly value: number;
  readonly timestampMs?: number;
}

export interface MetricFamily {
  readonly name: string;
  readonly type: MetricType;
  readonly help?: string;
  readonly samples: readonly MetricSample[];
}

const TYPES: readonly MetricType[] = ['counter', 'gauge', 'histogram', 'summary', 'untyped'];
const METRIC_NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*/;
const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*/;

interface MutableFamily {
  name: string;
  type: MetricType;
  help?: string;
  samples: MetricSample[];
}

export function parsePrometheusText(text: string): Map<string, MetricFamily> {
  const families = new Map<string, MutableFamily>();
  const family = (name: string): MutableFamily => {
    let found = families.get(name);
    if (!found) families.set(name, (found = { name, type: 'untyped', samples: [] }));
    return found;
  };
  const lines = text.split('\n');
  lines.forEach((raw, index) => {
    const line = raw.replace(/\r$/, '').trim();
    const fail = (why: string): never => {
      throw new MonitorError('METRICS_UNPARSABLE', `line ${index + 1}: ${why}`, { line: index + 1 });
    };
    if (line === '') return;
    if (line.startsWith('#')) {
      const comment = /^#\s*(HELP|TYPE)\s+([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\s+(.*))?$/.exec(line);
      if (!comment) return; // any other comment
      const keyword = comment[1];
      const name = comment[2]!;
      const rest = comment[3] ?? '';
      const target = family(name);
      if (keyword === 'HELP') {
        target.help = unescapeHelp(rest);
      } else {
        const type = rest.trim() as MetricType;
        if (!TYPES.includes(type)) fail(`unknown metric type "${rest.trim()}"`);
        if (target.type !== 'untyped' && target.type !== type) fail(`${name} is declared twice with different types`);
        if (target.samples.length > 0) fail(`TYPE of ${name} comes after its samples`);
        target.type = type;
      }
      return;
    }
    const sample = parseSampleLine(line, fail);
    family(familyOf(sample.name, families)).samples.push(sample);
  });
  return families as Map<string, MetricFamily>;
}

/** The family a sample belongs to: a histogram's or summary's suffixed samples go to the declared family. */
function familyOf(name: string, families: ReadonlyMap<string, MutableFamily>): string {
  for (const suffix of ['_bucket', '_sum', '_count']) {
    if (!name.endsWith(suffix)) continue;
    const base = families.get(name.slice(0, -suffix.length));
    if (base && (base.type === 'histogram' || (base.type === 'summary' && suffix !== '_bucket'))) return base.name;
  }
  return name;
}

function parseSampleLine(line: string, fail: (why: string) => never): MetricSample {
  const nameMatch = METRIC_NAME.exec(line);
  if (!nameMatch) fail('a sample must start with a metric name');
  const name = nameMatch![0];
  let position = name.length;
  const labels: Record<string, string> = {};
  const skipSpaces = () => {
    while (line[position] === ' ' || line[position] === '\t') position++;
  };
  skipSpaces();
  if (line[position] === '{') {
    position++;
    for (;;) {
      skipSpaces();
      if (line[position] === '}') {
        position++;
        break;
      }
      const labelMatch = LABEL_NAME.exec(line.slice(position));
      if (!labelMatch) fail(`a label name was expected at column ${position + 1}`);
      const labelName = labelMatch![0];
      position += labelName.length;
      skipSpaces();
      if (line[position] !== '=') fail(`"=" was expected after the label ${labelName}`);
      position++;
      skipSpaces();
      if (line[position] !== '"') fail(`the value of the label ${labelName} must be quoted`);
      position++;
      let value = '';
      for (;;) {
        const char = line[position];
        if (char === undefined) fail(`the value of the label ${labelName} is not terminated`);
        position++;
        if (char === '"') break;
        if (char === '\\') {
          const escaped = line[position++];
          if (escaped === '\\') value += '\\';
          else if (escaped === '"') value += '"';
          else if (escaped === 'n') value += '\n';
          else fail(`invalid escape "\\${escaped ?? ''}" in the value of the label ${labelName}`);
        } else {
          value += char;
        }
      }
      if (labelName in labels) fail(`the label ${labelName} appears twice`);
      labels[labelName] = value;
      skipSpaces();
      if (line[position] === ',') position++;
      else if (line[position] !== '}') fail(`"," or "}" was expected after the label ${labelName}`);
    }
  }
  const rest = line.slice(position).trim().split(/[ \t]+/);
  if (rest.length < 1 || rest.length > 2 || rest[0] === '') fail(`${name}: a value (and optionally a timestamp) was expected`);
  const value = parseFloatValue(rest[0]!);
  if (value === undefined) fail(`${name}: "${rest[0]}" is not a number`);
  let timestampMs: number | undefined;
  if (rest[1] !== undefined) {
    timestampMs = Number(rest[1]);
    if (!/^-?\d+$/.test(rest[1])) fail(`${name}: "${rest[1]}" is not a timestamp in milliseconds`);
  }
  return { name, labels, value: value!, ...(timestampMs !== undefined && { timestampMs }) };
}

function parseFloatValue(text: string): number | undefined {
  const lower = text.toLowerCase();
  if (lower === '+inf' || lower === 'inf') return Infinity;
  if (lower === '-inf') return -Infinity;
  if (lower === 'nan') return NaN;
  if (!/^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/.test(text)) return undefined;
  return Number(text);
}

function unescapeHelp(text: string): string {
  return text.replace(/\\(\\|n)/g, (_match, escaped: string) => (escaped === 'n' ? '\n' : '\\'));
}

/** One labelled series of a histogram: cumulative buckets by upper bound (ending with +Inf), sum and count. */
export interface HistogramSeries {
  /** The series' labels, without `le`. */
  readonly labels: Readonly<Record<string, string>>;
  readonly buckets: readonly { readonly le: number; readonly count: number }[];
  readonly sum: number;
  readonly count: number;
}

/** The series of a histogram family, grouped by their labels (without `le`), buckets sorted by bound. */
export function histogramSeries(family: MetricFamily | undefined): HistogramSeries[] {
  if (!family || family.type !== 'histogram') return [];
  const series = new Map<string, { labels: Record<string, string>; buckets: { le: number; count: number }[]; sum: number; count: number }>();
  for (const sample of family.samples) {
    const { le, ...labels } = sample.labels;
    const key = JSON.stringify(Object.entries(labels).sort(([a], [b]) => a.localeCompare(b)));
    let entry = series.get(key);
    if (!entry) series.set(key, (entry = { labels, buckets: [], sum: 0, count: 0 }));
    if (sample.name === `${family.name}_bucket` && le !== undefined) {
      const bound = parseFloatValue(le);
      if (bound !== undefined) entry.buckets.push({ le: bound, count: sample.value });
    } else if (sample.name === `${family.name}_sum`) entry.sum = sample.value;
    else if (sample.name === `${family.name}_count`) entry.count = sample.value;
  }
  return [...series.values()].map((entry) => ({ ...entry, buckets: entry.buckets.sort((a, b) => a.le - b.le) }));
}

/**
 * The q-quantile of a cumulative histogram as Prometheus's `histogram_quantile` estimates it:
 * linear interpolation inside the bucket holding the rank, the lower bound of the first bucket
 * taken as 0; a rank in the +Inf bucket gives the largest finite bound. Undefined without data.
 */
export function histogramQuantile(q: number, buckets: readonly { readonly le: number; readonly count: number }[]): number | undefined {
  if (buckets.length === 0 || !(q >= 0 && q <= 1)) return undefined;
  const last = buckets[buckets.length - 1]!;
  if (last.le !== Infinity) return undefined;
  const total = last.count;
  if (!(total > 0)) return undefined;
  const rank = q * total;
  let index = buckets.findIndex((bucket) => bucket.count >= rank);
  if (index < 0) index = buckets.length - 1;
  const bucket = buckets[index]!;
  if (bucket.le === Infinity) return buckets.length > 1 ? buckets[buckets.length - 2]!.le : undefined;
  const lowerBound = index === 0 ? Math.min(0, bucket.le) : buckets[index - 1]!.le;
  const lowerCount = index === 0 ? 0 : buckets[index - 1]!.count;
  const inBucket = bucket.count - lowerCount;
  if (inBucket <= 0) return bucket.le;
  return lowerBound + (bucket.le - lowerBound) * ((rank - lowerCount) / inBucket);
}
