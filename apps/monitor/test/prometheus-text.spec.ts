import { describe, expect, it } from 'vitest';
import { PlatformMetrics } from '@citizen-zero/nest-platform';
import { histogramQuantile, histogramSeries, parsePrometheusText } from '../src/metrics/prometheus-text';
import { recentMeanSeconds, summariseMetrics } from '../src/metrics/service-metrics';
import { MonitorError } from '../src/monitor-error';

describe('the Prometheus text format parser', () => {
  it('reads HELP, TYPE, labels, values, timestamps and the special floats', () => {
    const families = parsePrometheusText(
      [
        '# HELP http_requests_total The total number of HTTP requests.',
        '# TYPE http_requests_total counter',
        'http_requests_total{method="post",code="200"} 1027 1395066363000',
        'http_requests_total{method="post",code="400"}    3 1395066363000',
        '',
        '# A plain comment is ignored',
        'metric_without_timestamp_and_labels 12.47',
        'something_weird{problem="division by zero"} +Inf -3982045',
        'negative_infinity -Inf',
        'not_a_number NaN',
        'scientific 1.5e-3',
        '# HELP escaped_help A \\\\ backslash and a \\n newline',
        '# TYPE escaped_help gauge',
        'escaped_help 1',
      ].join('\n'),
    );
    const requests = families.get('http_requests_total')!;
    expect(requests).toMatchObject({ type: 'counter', help: 'The total number of HTTP requests.' });
    expect(requests.samples).toEqual([
      { name: 'http_requests_total', labels: { method: 'post', code: '200' }, value: 1027, timestampMs: 1395066363000 },
      { name: 'http_requests_total', labels: { method: 'post', code: '400' }, value: 3, timestampMs: 1395066363000 },
    ]);
    expect(families.get('metric_without_timestamp_and_labels')).toMatchObject({ type: 'untyped', samples: [{ labels: {}, value: 12.47 }] });
    expect(families.get('something_weird')!.samples[0]).toEqual({ name: 'something_weird', labels: { problem: 'division by zero' }, value: Infinity, timestampMs: -3982045 });
    expect(families.get('negative_infinity')!.samples[0]!.value).toBe(-Infinity);
    expect(families.get('not_a_number')!.samples[0]!.value).toBeNaN();
    expect(families.get('scientific')!.samples[0]!.value).toBe(0.0015);
    expect(families.get('escaped_help')!.help).toBe('A \\ backslash and a \n newline');
  });

  it('unescapes label values (backslash, double quote, newline), keeps commas, braces and spaces in them, and accepts a trailing comma', () => {
    const families = parsePrometheusText('msdos_file_access_time_seconds{path="C:\\\\DIR\\\\FILE.TXT",error="Cannot find file:\\n\\"FILE.TXT\\"",odd="a,b}{ c=\\"d\\"",} 1.458255915e9\n');
    expect(families.get('msdos_file_access_time_seconds')!.samples[0]!.labels).toEqual({ path: 'C:\\DIR\\FILE.TXT', error: 'Cannot find file:\n"FILE.TXT"', odd: 'a,b}{ c="d"' });
  });

  it('groups a histogram\'s buckets, sum and count into its family, and a summary\'s quantiles, sum and count', () => {
    const families = parsePrometheusText(
      [
        '# HELP http_request_duration_seconds A histogram of the request duration.',
        '# TYPE http_request_duration_seconds histogram',
        'http_request_duration_seconds_bucket{le="0.05"} 24054',
        'http_request_duration_seconds_bucket{le="0.1"} 33444',
        'http_request_duration_seconds_bucket{le="0.2"} 100392',
        'http_request_duration_seconds_bucket{le="0.5"} 129389',
        'http_request_duration_seconds_bucket{le="1"} 133988',
        'http_request_duration_seconds_bucket{le="+Inf"} 144320',
        'http_request_duration_seconds_sum 53423',
        'http_request_duration_seconds_count 144320',
        '# TYPE rpc_duration_seconds summary',
        'rpc_duration_seconds{quantile="0.5"} 4773',
        'rpc_duration_seconds{quantile="0.99"} 76656',
        'rpc_duration_seconds_sum 1.7560473e+07',
        'rpc_duration_seconds_count 2693',
      ].join('\n'),
    );
    expect([...families.keys()]).toEqual(['http_request_duration_seconds', 'rpc_duration_seconds']);
    const [series] = histogramSeries(families.get('http_request_duration_seconds'));
    expect(series).toEqual({
      labels: {},
      buckets: [
        { le: 0.05, count: 24054 },
        { le: 0.1, count: 33444 },
        { le: 0.2, count: 100392 },
        { le: 0.5, count: 129389 },
        { le: 1, count: 133988 },
        { le: Infinity, count: 144320 },
      ],
      sum: 53423,
      count: 144320,
    });
    expect(families.get('rpc_duration_seconds')!.samples.map((sample) => sample.name)).toEqual(['rpc_duration_seconds', 'rpc_duration_seconds', 'rpc_duration_seconds_sum', 'rpc_duration_seconds_count']);
  });

  it('estimates quantiles as histogram_quantile does: linear inside the bucket, the largest finite bound beyond it', () => {
    const buckets = [
      { le: 0.1, count: 50 },
      { le: 0.2, count: 90 },
      { le: 0.5, count: 100 },
      { le: Infinity, count: 100 },
    ];
    expect(histogramQuantile(0.5, buckets)).toBeCloseTo(0.1);
    expect(histogramQuantile(0.7, buckets)).toBeCloseTo(0.15);
    expect(histogramQuantile(0.95, buckets)).toBeCloseTo(0.35);
    expect(histogramQuantile(0.99, [{ le: 1, count: 1 }, { le: Infinity, count: 10 }])).toBe(1);
    expect(histogramQuantile(0.5, [{ le: Infinity, count: 0 }])).toBeUndefined();
    expect(histogramQuantile(0.5, [{ le: 1, count: 3 }])).toBeUndefined();
  });

  it('refuses what is not the format, with the line number', () => {
    for (const [text, why] of [
      ['ok 1\nbroken{label="x" 1', /line 2: "," or "}" was expected/],
      ['unterminated{label="x} 1', /not terminated/],
      ['bad_escape{label="\\t"} 1', /invalid escape/],
      ['unquoted{label=x} 1', /must be quoted/],
      ['no_value', /a value/],
      ['word_value{} one', /"one" is not a number/],
      ['twice{a="1",a="2"} 1', /appears twice/],
      ['# TYPE x histogram\n# TYPE x gauge', /declared twice/],
      ['# TYPE x sometype', /unknown metric type/],
      ['x 1\n# TYPE x gauge', /TYPE of x comes after its samples/],
      ['1leading_digit 1', /must start with a metric name/],
      ['timestamp 1 soon', /not a timestamp/],
    ] as const) {
      expect(() => parsePrometheusText(text), text).toThrow(why);
      expect(() => parsePrometheusText(text)).toThrow(MonitorError);
    }
  });

  it('reads what the services\' own prom-client registries write, labels with quotes and backslashes included', async () => {
    const metrics = new PlatformMetrics('identity');
    metrics.httpDuration.observe({ method: 'GET', route: '/persons/:id', status: '200' }, 0.004);
    metrics.httpDuration.observe({ method: 'GET', route: '/persons/:id', status: '200' }, 0.03);
    metrics.httpDuration.observe({ method: 'GET', route: '/persons/:id', status: '503' }, 2);
    metrics.histogram('hsm_sign_duration_seconds', 'HSM', ['key'], [0.001, 0.01, 0.1]).observe({ key: 'ds "1" \\ main' }, 0.005);
    metrics.histogram('biometric_match_duration_seconds', 'match', ['operation', 'modality'], [0.01, 0.1, 1]).observe({ operation: 'identify', modality: 'face' }, 0.05);
    metrics.gauge('queue_jobs', 'jobs', ['queue', 'state'], (gauge) => {
      gauge.set({ queue: 'biometric.deduplication-requests', state: 'waiting' }, 4);
      gauge.set({ queue: 'biometric.deduplication-requests', state: 'failed' }, 1);
    });
    metrics.gauge('dead_letters_open', 'dead letters', [], (gauge) => void gauge.set(2));
    metrics.counter('documents_issued_total', 'issued', ['kind']).inc({ kind: 'mdl' }, 3);
    const families = parsePrometheusText(await metrics.text());
    expect(families.get('process_cpu_user_seconds_total')?.type).toBe('counter');
    const summary = summariseMetrics(families);
    expect(summary.queues).toEqual({ 'biometric.deduplication-requests': { waiting: 4, failed: 1 } });
    expect(summary.deadLettersOpen).toBe(2);
    expect(summary.http['GET /persons/:id']).toMatchObject({ count: 3, errors: 1 });
    expect(summary.http['GET /persons/:id']!.sum).toBeCloseTo(2.034);
    expect(summary.http['GET /persons/:id']!.p95).toBeGreaterThan(1);
    expect(Object.keys(summary.hsmSign)).toEqual(['ds "1" \\ main']);
    expect(summary.hsmSign['ds "1" \\ main']).toMatchObject({ count: 1 });
    expect(summary.biometricMatch['identify/face']).toMatchObject({ count: 1, sum: 0.05 });
    expect(summary.counters).toEqual({ 'documents_issued_total{kind="mdl"}': 3 });
  });

  it('computes the mean latency of what happened between two scrapes, counting a restart from zero', () => {
    expect(recentMeanSeconds({ count: 10, sum: 2 }, { count: 6, sum: 1 })).toBeCloseTo(0.25);
    expect(recentMeanSeconds({ count: 2, sum: 0.5 }, { count: 6, sum: 1 })).toBeCloseTo(0.25);
    expect(recentMeanSeconds({ count: 6, sum: 1 }, { count: 6, sum: 1 })).toBeUndefined();
    expect(recentMeanSeconds(undefined, { count: 6, sum: 1 })).toBeUndefined();
  });
});
