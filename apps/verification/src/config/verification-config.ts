import { ConfigError, EnvironmentReader } from '@citizen-zero/nest-platform';
import { loadOid4vpConfig, type Oid4vpConfig } from '../oid4vp/oid4vp-config';
import { loadReaderCaConfig, type ReaderCaConfig } from '../readers/reader-ca-config';

export { ConfigError };

/** The verification service's whole configuration, read once from the environment and validated at boot. */
export interface VerificationConfig {
  readonly http: { readonly host: string; readonly port: number; readonly corsOrigins: readonly string[] };
  readonly databaseUrl: string;
  /** Redis: relying parties' rate limits and usage meters. */
  readonly redisUrl: string;
  /** Prefix of every Redis key, so several deployments can share one Redis. */
  readonly redisPrefix: string;
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
  /** The ISO/IEC 18013-5 session relay (`/relay/sessions/{id}`, relay/session-relay.ts): its limits. */
  readonly relay: {
    /** Largest binary frame (one SessionEstablishment/SessionData message) relayed; a larger one closes the session (1009). */
    readonly maxFrameBytes: number;
    /** Lifetime of a session from its first connection, whatever its traffic. */
    readonly sessionTtlSeconds: number;
    /** A session without a frame or connection for this long is closed (4408): e.g. a peer that never comes. */
    readonly idleTimeoutSeconds: number;
    /** Frames and bytes waiting for a peer (not yet connected, or not reading) before the session is closed (4413). */
    readonly maxBufferedFrames: number;
    readonly maxBufferedBytes: number;
    /** Sessions open at once; beyond, new ones are refused (1013). */
    readonly maxSessions: number;
    /** Connection attempts per client address per minute (0: no limit). */
    readonly connectionsPerMinute: number;
  };
  /** Signing of the trust bundle (VICAL) with a key in the HSM; absent: only the PEM bundle is published. */
  readonly bundleSigning?: { readonly modulePath: string; readonly tokenLabel: string; readonly pin: string; readonly keyLabel: string; readonly certificateFile: string };
  /** Online presentation with OpenID4VP (oid4vp/oid4vp-config.ts); absent unless CZ_OPENID4VP_PROFILE is set. */
  readonly oid4vp?: Oid4vpConfig;
  /**
   * Zero-knowledge proofs (BBS, zk/): the issuer keys trusted for them — a file in the form the
   * identity service publishes at `GET /zk/issuer-keys` (and `cz bbs keygen` writes), read at boot;
   * absent: every proof is refused (ZK_NOT_CONFIGURED) — and how long a nonce may wait for its proof.
   */
  readonly zk: { readonly trustedIssuerKeysFile?: string; readonly nonceTtlSeconds: number };
  /** The reader CA issuing reader authentication certificates to verifier devices (readers/); absent unless CZ_VERIFICATION_READER_CA_KEY_LABEL is set. */
  readonly readers?: ReaderCaConfig;
}

type Env = Readonly<Record<string, string | undefined>>;

export function loadVerificationConfig(env: Env): VerificationConfig {
  const { problems, text, url, integer, bool, origins } = new EnvironmentReader(env);
  const issuer = url('CZ_OIDC_ISSUER', ['https:', 'http:']);
  const config: VerificationConfig = {
    http: { host: text('CZ_VERIFICATION_HOST', '127.0.0.1'), port: integer('CZ_VERIFICATION_PORT', 3300, 0, 65535), corsOrigins: origins('CZ_CORS_ORIGINS') },
    databaseUrl: url('CZ_VERIFICATION_DATABASE_URL', ['postgres:', 'postgresql:']),
    redisUrl: url('CZ_REDIS_URL', ['redis:', 'rediss:']),
    redisPrefix: text('CZ_QUEUE_PREFIX', 'cz'),
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
    relay: {
      maxFrameBytes: integer('CZ_RELAY_MAX_FRAME_BYTES', 1_048_576, 1024, 16_777_216),
      sessionTtlSeconds: integer('CZ_RELAY_SESSION_TTL_SECONDS', 600, 1, 86_400),
      idleTimeoutSeconds: integer('CZ_RELAY_IDLE_TIMEOUT_SECONDS', 120, 1, 3600),
      maxBufferedFrames: integer('CZ_RELAY_MAX_BUFFERED_FRAMES', 16, 1, 1024),
      maxBufferedBytes: integer('CZ_RELAY_MAX_BUFFERED_BYTES', 2_097_152, 1024, 67_108_864),
      maxSessions: integer('CZ_RELAY_MAX_SESSIONS', 10_000, 1, 1_000_000),
      connectionsPerMinute: integer('CZ_RELAY_CONNECTIONS_PER_MINUTE', 60, 0, 1_000_000),
    },
    ...(env['CZ_VERIFICATION_BUNDLE_KEY_LABEL']?.trim() && {
      bundleSigning: {
        modulePath: text('CZ_HSM_MODULE', '/usr/lib/softhsm/libsofthsm2.so'),
        tokenLabel: text('CZ_HSM_TOKEN', 'citizen-zero'),
        pin: text('CZ_HSM_PIN'),
        keyLabel: text('CZ_VERIFICATION_BUNDLE_KEY_LABEL'),
        certificateFile: text('CZ_VERIFICATION_BUNDLE_CERTIFICATE'),
      },
    }),
    zk: {
      ...(env['CZ_VERIFICATION_ZK_ISSUER_KEYS_FILE']?.trim() && { trustedIssuerKeysFile: text('CZ_VERIFICATION_ZK_ISSUER_KEYS_FILE') }),
      nonceTtlSeconds: integer('CZ_VERIFICATION_ZK_NONCE_TTL_SECONDS', 300, 10, 3600),
    },
  };
  if (config.relay.maxBufferedBytes < config.relay.maxFrameBytes) problems.push('CZ_RELAY_MAX_BUFFERED_BYTES must be at least CZ_RELAY_MAX_FRAME_BYTES');
  const oid4vp = loadOid4vpConfig(env, config.publicUrl);
  problems.push(...oid4vp.problems);
  const readers = loadReaderCaConfig(env);
  problems.push(...readers.problems);
  if (problems.length > 0) throw new ConfigError('verification', problems);
  return { ...config, ...(oid4vp.config && { oid4vp: oid4vp.config }), ...(readers.config && { readers: readers.config }) };
}

export const VERIFICATION_CONFIG = Symbol('VerificationConfig');
