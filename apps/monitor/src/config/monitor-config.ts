import { ConfigError, EnvironmentReader } from '@citizen-zero/nest-platform';

export { ConfigError };

/** A service the monitor watches: its base URL (`/health/ready` and `/metrics` under it) and what it declares it depends on. */
export interface WatchedService {
  readonly name: string;
  readonly url: string;
  /** Names of other watched services this one calls or feeds (declared, not observed). */
  readonly dependsOn: readonly string[];
}

/** Where certificates whose expiry is watched come from: a PEM bundle over HTTP(S) (e.g. the verification service's `/trust/bundle.pem`), or a PEM file or a directory of them. */
export type CertificateSource = { readonly kind: 'url'; readonly url: string } | { readonly kind: 'path'; readonly path: string };

/** The monitor's whole configuration, read once from the environment and validated at boot. */
export interface MonitorConfig {
  readonly http: { readonly host: string; readonly port: number; readonly corsOrigins: readonly string[] };
  readonly databaseUrl: string;
  readonly runMigrations: boolean;
  readonly oidc: { readonly issuer: string; readonly audience: string; readonly jwksUrl: string; readonly algorithms: readonly string[]; readonly rolesClaim: string };
  readonly services: readonly WatchedService[];
  readonly polling: {
    /** Whether this process polls (false: it only serves the API and the stream and delivers webhooks; another process polls). */
    readonly enabled: boolean;
    /** Time between the end of one poll of every service and the start of the next. */
    readonly intervalMs: number;
    /** Each health or metrics request is abandoned after this long (the service then counts as unreachable). */
    readonly timeoutMs: number;
  };
  /** Samples (and resolved alerts, delivered notifications) older than this are deleted. */
  readonly historyWindowHours: number;
  readonly rules: {
    /** Consecutive polls a service must be down before `service-down` is raised. */
    readonly downAfterPolls: number;
    /** Samples over which a queue's waiting count must grow for `queue-backlog-growing`. */
    readonly backlogSamples: number;
    /** Days before a certificate's notAfter at which `certificate-expiring` is raised, largest first. */
    readonly certificateThresholdsDays: readonly number[];
  };
  readonly certificates: { readonly sources: readonly CertificateSource[]; readonly refreshSeconds: number };
  /** Alert changes POSTed to a receiver, signed as Standard Webhooks; absent: no webhook. */
  readonly webhook?: {
    readonly url: string;
    /** `whsec_` + base64 of the HMAC key (Standard Webhooks). */
    readonly secret: string;
    readonly maxAttempts: number;
    /** First retry delay; later ones double, up to ten minutes. */
    readonly retryBaseMs: number;
  };
}

type Env = Readonly<Record<string, string | undefined>>;

const ALGORITHMS = ['ES256', 'ES384', 'ES512', 'PS256', 'PS384', 'PS512', 'RS256', 'RS384', 'RS512', 'EdDSA'];
const SERVICE_NAME = /^[a-z][a-z0-9-]{0,62}$/;

/**
 * Reads and validates the configuration; every problem is reported at once and no value is
 * echoed (service URLs and the webhook URL may carry credentials). `process.env` is read nowhere
 * else in the service.
 */
export function loadMonitorConfig(env: Env): MonitorConfig {
  const reader = new EnvironmentReader(env);
  const { problems, text, url, integer, bool, list, origins } = reader;
  const issuer = url('CZ_OIDC_ISSUER', ['https:', 'http:']);

  const services = parseServices(text('CZ_MONITOR_SERVICES'), problems);
  applyDependencies(services, text('CZ_MONITOR_DEPENDENCIES', ''), problems);

  const thresholds = text('CZ_MONITOR_CERTIFICATE_THRESHOLDS_DAYS', '90,30,7').split(',').map((value) => Number(value.trim()));
  if (!thresholds.every((days) => Number.isInteger(days) && days >= 1 && days <= 3650) || new Set(thresholds).size !== thresholds.length) problems.push('CZ_MONITOR_CERTIFICATE_THRESHOLDS_DAYS must be distinct whole numbers of days from 1 to 3650, comma-separated');

  const webhookUrl = text('CZ_MONITOR_WEBHOOK_URL', '');
  const config: MonitorConfig = {
    http: { host: text('CZ_MONITOR_HOST', '127.0.0.1'), port: integer('CZ_MONITOR_PORT', 3400, 0, 65535), corsOrigins: origins('CZ_CORS_ORIGINS') },
    databaseUrl: url('CZ_MONITOR_DATABASE_URL', ['postgres:', 'postgresql:']),
    runMigrations: bool('CZ_MONITOR_RUN_MIGRATIONS', true),
    oidc: {
      issuer,
      audience: text('CZ_MONITOR_OIDC_AUDIENCE', 'citizen-zero-monitor'),
      jwksUrl: url('CZ_OIDC_JWKS_URL', ['https:', 'http:'], issuer ? `${issuer.replace(/\/$/, '')}/jwks` : undefined),
      algorithms: list('CZ_OIDC_ALGORITHMS', ['ES256', 'PS256', 'RS256'], ALGORITHMS),
      rolesClaim: text('CZ_OIDC_ROLES_CLAIM', 'roles'),
    },
    services: services.map((service) => ({ name: service.name, url: service.url, dependsOn: [...service.dependsOn] })),
    polling: {
      enabled: bool('CZ_MONITOR_POLLING', true),
      intervalMs: integer('CZ_MONITOR_POLL_INTERVAL_MS', 15_000, 200, 3_600_000),
      timeoutMs: integer('CZ_MONITOR_REQUEST_TIMEOUT_MS', 5000, 100, 60_000),
    },
    historyWindowHours: integer('CZ_MONITOR_HISTORY_WINDOW_HOURS', 168, 1, 8760),
    rules: {
      downAfterPolls: integer('CZ_MONITOR_DOWN_AFTER_POLLS', 2, 1, 100),
      backlogSamples: integer('CZ_MONITOR_BACKLOG_SAMPLES', 5, 2, 100),
      certificateThresholdsDays: [...thresholds].sort((a, b) => b - a),
    },
    certificates: {
      sources: parseCertificateSources(text('CZ_MONITOR_CERTIFICATES', ''), problems),
      refreshSeconds: integer('CZ_MONITOR_CERTIFICATE_REFRESH_SECONDS', 3600, 1, 86_400),
    },
    ...(webhookUrl && { webhook: readWebhook(reader, webhookUrl) }),
  };
  const pollsKept = Math.max(config.rules.downAfterPolls, config.rules.backlogSamples);
  if (pollsKept * config.polling.intervalMs > config.historyWindowHours * 3_600_000) problems.push('CZ_MONITOR_HISTORY_WINDOW_HOURS must keep at least max(CZ_MONITOR_DOWN_AFTER_POLLS, CZ_MONITOR_BACKLOG_SAMPLES) polls');
  if (problems.length > 0) throw new ConfigError('monitor', problems);
  return config;
}

function readWebhook(reader: EnvironmentReader, webhookUrl: string): NonNullable<MonitorConfig['webhook']> {
  const { problems, text, integer, bool } = reader;
  const allowHttp = bool('CZ_MONITOR_WEBHOOK_ALLOW_HTTP', false);
  try {
    const protocol = new URL(webhookUrl).protocol;
    if (protocol !== 'https:' && !(allowHttp && protocol === 'http:')) problems.push('CZ_MONITOR_WEBHOOK_URL must be an https URL (http only with CZ_MONITOR_WEBHOOK_ALLOW_HTTP=true, for development)');
  } catch {
    problems.push('CZ_MONITOR_WEBHOOK_URL is not a URL');
  }
  const secret = text('CZ_MONITOR_WEBHOOK_SECRET', '');
  if (!secret) problems.push('CZ_MONITOR_WEBHOOK_SECRET is required when CZ_MONITOR_WEBHOOK_URL is set');
  else if (!/^whsec_[A-Za-z0-9+/]+={0,2}$/.test(secret) || Buffer.from(secret.slice('whsec_'.length), 'base64').length < 24) problems.push('CZ_MONITOR_WEBHOOK_SECRET must be whsec_ followed by the base64 of at least 24 random bytes');
  return { url: webhookUrl, secret, maxAttempts: integer('CZ_MONITOR_WEBHOOK_MAX_ATTEMPTS', 8, 1, 50), retryBaseMs: integer('CZ_MONITOR_WEBHOOK_RETRY_BASE_MS', 1000, 10, 600_000) };
}

interface MutableService {
  name: string;
  url: string;
  dependsOn: string[];
}

/** `name=url,name=url`: each name once, each URL http(s) without query or fragment. */
function parseServices(raw: string, problems: string[]): MutableService[] {
  const services: MutableService[] = [];
  if (!raw) return services;
  raw.split(',').map((entry) => entry.trim()).filter(Boolean).forEach((entry, index) => {
    const separator = entry.indexOf('=');
    const name = entry.slice(0, separator).trim();
    const address = entry.slice(separator + 1).trim();
    if (separator <= 0 || !SERVICE_NAME.test(name)) {
      problems.push(`CZ_MONITOR_SERVICES entry ${index + 1} must be name=http(s)://host[:port] with a lowercase name (a-z, 0-9, -)`);
      return;
    }
    let parsed: URL;
    try {
      parsed = new URL(address);
    } catch {
      problems.push(`CZ_MONITOR_SERVICES: the URL of ${name} is not a URL`);
      return;
    }
    if (!['http:', 'https:'].includes(parsed.protocol) || parsed.search || parsed.hash) {
      problems.push(`CZ_MONITOR_SERVICES: the URL of ${name} must be an http(s) base URL without query or fragment`);
      return;
    }
    if (services.some((service) => service.name === name)) {
      problems.push(`CZ_MONITOR_SERVICES names ${name} twice`);
      return;
    }
    services.push({ name, url: parsed.toString().replace(/\/$/, ''), dependsOn: [] });
  });
  return services;
}

/** `from->to,from->to`: both ends watched services, no self-dependency. */
function applyDependencies(services: MutableService[], raw: string, problems: string[]): void {
  for (const entry of raw.split(',').map((value) => value.trim()).filter(Boolean)) {
    const [from, to, ...rest] = entry.split('->').map((value) => value.trim());
    const source = services.find((service) => service.name === from);
    const target = services.find((service) => service.name === to);
    if (rest.length > 0 || !from || !to) problems.push(`CZ_MONITOR_DEPENDENCIES entries must be service->dependency ("${entry}" is not)`);
    else if (!source || !target) problems.push(`CZ_MONITOR_DEPENDENCIES: "${entry}" names a service not in CZ_MONITOR_SERVICES`);
    else if (source === target) problems.push(`CZ_MONITOR_DEPENDENCIES: ${from} cannot depend on itself`);
    else if (!source.dependsOn.includes(target.name)) source.dependsOn.push(target.name);
  }
}

function parseCertificateSources(raw: string, problems: string[]): CertificateSource[] {
  return raw.split(',').map((value) => value.trim()).filter(Boolean).flatMap((entry, index): CertificateSource[] => {
    if (/^[a-z][a-z0-9+.-]*:\/\//i.test(entry)) {
      try {
        const parsed = new URL(entry);
        if (parsed.protocol === 'http:' || parsed.protocol === 'https:') return [{ kind: 'url', url: parsed.toString() }];
      } catch {
        // reported below
      }
      problems.push(`CZ_MONITOR_CERTIFICATES entry ${index + 1} must be an http(s) URL or a file or directory path`);
      return [];
    }
    return [{ kind: 'path', path: entry }];
  });
}

export const MONITOR_CONFIG = Symbol('MonitorConfig');
