import { CitizenZeroError } from '@citizen-zero/errors';
import { EnvironmentReader } from '@citizen-zero/nest-platform';

export class ConfigError extends CitizenZeroError<'CONFIG_INVALID'> {
  readonly code = 'CONFIG_INVALID';
  constructor(readonly problems: readonly string[]) {
    super(`verification service configuration is invalid:\n  - ${problems.join('\n  - ')}`, { problems: problems.length });
  }
}

/** The verification service's whole configuration, read once from the environment and validated at boot. */
export interface VerificationConfig {
  readonly http: { readonly host: string; readonly port: number };
  readonly databaseUrl: string;
  readonly runMigrations: boolean;
  readonly oidc: { readonly issuer: string; readonly audience: string; readonly jwksUrl: string; readonly algorithms: readonly string[]; readonly rolesClaim: string };
  readonly statusLists: {
    /** Hosts status lists may be fetched from (a credential names its list's URI; nothing else is fetched). */
    readonly allowedHosts: readonly string[];
    /** Plain-http status list URIs, for development only. */
    readonly allowHttp: boolean;
    readonly fetchTimeoutMs: number;
  };
  /** Public base URL (the trust bundle names it as provider). */
  readonly publicUrl: string;
  /** Signing of the trust bundle (VICAL) with a key in the HSM; absent: only the PEM bundle is published. */
  readonly bundleSigning?: { readonly modulePath: string; readonly tokenLabel: string; readonly pin: string; readonly keyLabel: string; readonly certificateFile: string };
}

type Env = Readonly<Record<string, string | undefined>>;

export function loadVerificationConfig(env: Env): VerificationConfig {
  const { problems, text, url, integer, bool } = new EnvironmentReader(env);
  const issuer = url('CZ_OIDC_ISSUER', ['https:', 'http:']);
  const config: VerificationConfig = {
    http: { host: text('CZ_VERIFICATION_HOST', '127.0.0.1'), port: integer('CZ_VERIFICATION_PORT', 3300, 0, 65535) },
    databaseUrl: url('CZ_VERIFICATION_DATABASE_URL', ['postgres:', 'postgresql:']),
    runMigrations: bool('CZ_VERIFICATION_RUN_MIGRATIONS', true),
    oidc: {
      issuer,
      audience: text('CZ_VERIFICATION_OIDC_AUDIENCE', 'citizen-zero-verification'),
      jwksUrl: url('CZ_OIDC_JWKS_URL', ['https:', 'http:'], issuer ? `${issuer.replace(/\/$/, '')}/jwks` : undefined),
      algorithms: (env['CZ_OIDC_ALGORITHMS']?.split(',').map((value) => value.trim()) ?? ['ES256', 'PS256', 'RS256']),
      rolesClaim: text('CZ_OIDC_ROLES_CLAIM', 'roles'),
    },
    statusLists: {
      allowedHosts: text('CZ_STATUS_LIST_HOSTS', '').split(',').map((host) => host.trim()).filter(Boolean),
      allowHttp: bool('CZ_STATUS_LIST_ALLOW_HTTP', false),
      fetchTimeoutMs: integer('CZ_STATUS_LIST_FETCH_TIMEOUT_MS', 5000, 100, 60_000),
    },
    publicUrl: url('CZ_VERIFICATION_PUBLIC_URL', ['https:', 'http:'], 'http://127.0.0.1:3300'),
    ...(env['CZ_VERIFICATION_BUNDLE_KEY_LABEL']?.trim() && {
      bundleSigning: {
        modulePath: text('CZ_HSM_MODULE', '/usr/lib/softhsm/libsofthsm2.so'),
        tokenLabel: text('CZ_HSM_TOKEN', 'citizen-zero'),
        pin: text('CZ_HSM_PIN'),
        keyLabel: text('CZ_VERIFICATION_BUNDLE_KEY_LABEL'),
        certificateFile: text('CZ_VERIFICATION_BUNDLE_CERTIFICATE'),
      },
    }),
  };
  if (problems.length > 0) throw new ConfigError(problems);
  return config;
}

export const VERIFICATION_CONFIG = Symbol('VerificationConfig');
