import { ConfigError, EnvironmentReader } from '@citizen-zero/nest-platform';

export { ConfigError };

/** Which biometric modalities deduplication compares, and the score from which a candidate is a possible duplicate. */
export interface DeduplicationRules {
  readonly modalities: readonly ('face' | 'fingerprint')[];
  readonly thresholds: Readonly<Record<'face' | 'fingerprint', number>>;
  /** How long an application waits for the biometric service before it is sent to manual review. */
  readonly timeoutSeconds: number;
}

/** The identity service's whole configuration, read once from the environment and validated at boot. */
export interface IdentityConfig {
  readonly http: {
    readonly host: string;
    readonly port: number;
    /**
     * Browser origins allowed to call the API (CORS), e.g. the admin portal's
     * `https://admin.example.gov`. Empty: no cross-origin browser access.
     */
    readonly corsOrigins: readonly string[];
  };
  readonly databaseUrl: string;
  readonly redisUrl: string;
  /** Prefix of every Redis key and queue, so several deployments can share one Redis. */
  readonly queuePrefix: string;
  readonly runMigrations: boolean;
  /** Whether this process runs the queue workers and recovery sweeps (API-only replicas set false). */
  readonly workers: boolean;
  readonly recoveryIntervalSeconds: number;
  /** How long a worker holds a job before another may take it over (a dead worker's jobs resume after this). */
  readonly jobLockSeconds: number;
  /** Signing keys (HSM labels) and their certificates (PEM files) for what the service issues. */
  readonly signing: {
    /**
     * Document signers for mdocs (mDL, national ID), ISO/IEC 18013-5 Annex B: one or more HSM key
     * labels with their certificate files, in the same order. Each key has its own issuance queue;
     * credentials are spread over the keys, so several keys sign in parallel.
     */
    readonly mdocSigners: readonly { readonly keyLabel: string; readonly certificateFile: string }[];
    /** Signer of the printed documents' QR seals. */
    readonly sealKeyLabel: string;
    readonly sealCertificateFile: string;
  };
  readonly webhooks: {
    /** Plain-http receivers, for development only. */
    readonly allowHttp: boolean;
    /** First retry delay; later ones double. */
    readonly retryBaseMs: number;
  };
  /** The issuing authority, as printed on documents and put in credentials. */
  readonly issuer: { readonly country: string; readonly authority: string };
  /** Public base URL of this service (credential issuer identifier, status list URIs). */
  readonly publicUrl: string;
  readonly hsm: {
    readonly modulePath: string;
    readonly tokenLabel: string;
    readonly pin: string;
    /** Label of the AES key-encryption key that wraps new records' data keys; older labels stay readable. */
    readonly keyEncryptionKeyLabel: string;
    readonly blindIndexKeyLabel: string;
  };
  readonly oidc: {
    readonly issuer: string;
    readonly audience: string;
    /** JWKS endpoint of the identity provider. */
    readonly jwksUrl: string;
    readonly algorithms: readonly string[];
    /** Claim holding the official's roles (a dotted path, e.g. `realm_access.roles`). */
    readonly rolesClaim: string;
  };
  readonly deduplication: DeduplicationRules;
  /**
   * Zero-knowledge age and nationality credentials (BBS, ADR 10). Absent: not offered. The key
   * file is the one `cz bbs keygen` writes: the public key and the BBS secret key sealed under an
   * AES key in the HSM, unsealed into memory at boot.
   */
  readonly zk?: { readonly issuerKeyFile: string; readonly validityMonths: number };
}

type Env = Readonly<Record<string, string | undefined>>;

const ALGORITHMS = ['ES256', 'ES384', 'ES512', 'PS256', 'PS384', 'PS512', 'RS256', 'RS384', 'RS512', 'EdDSA'];

/**
 * Reads and validates the configuration; every problem is reported at once, and secrets are
 * never echoed. `process.env` is read nowhere else in the service.
 */
export function loadIdentityConfig(env: Env): IdentityConfig {
  const { problems, text, url, integer, fraction: score, bool, list, origins } = new EnvironmentReader(env);

  /** Comma-separated key labels and certificate files that must pair up one to one. */
  const pairs = (labelsName: string, labelsFallback: string, filesName: string) => {
    const labels = text(labelsName, labelsFallback).split(',').map((label) => label.trim());
    const files = text(filesName).split(',').map((file) => file.trim());
    if (files.length !== labels.length) problems.push(`${filesName} must name one certificate file per key in ${labelsName} (${labels.length})`);
    if (new Set(labels).size !== labels.length) problems.push(`${labelsName} names a key twice`);
    return labels.map((keyLabel, index) => ({ keyLabel, certificateFile: files[index] ?? '' }));
  };

  const issuer = url('CZ_OIDC_ISSUER', ['https:', 'http:']);
  const config: IdentityConfig = {
    http: { host: text('CZ_IDENTITY_HOST', '127.0.0.1'), port: integer('CZ_IDENTITY_PORT', 3100, 0, 65535), corsOrigins: origins('CZ_CORS_ORIGINS') },
    databaseUrl: url('CZ_IDENTITY_DATABASE_URL', ['postgres:', 'postgresql:']),
    redisUrl: url('CZ_REDIS_URL', ['redis:', 'rediss:']),
    queuePrefix: text('CZ_QUEUE_PREFIX', 'cz'),
    runMigrations: bool('CZ_IDENTITY_RUN_MIGRATIONS', true),
    workers: bool('CZ_IDENTITY_WORKERS', true),
    recoveryIntervalSeconds: integer('CZ_IDENTITY_RECOVERY_INTERVAL_SECONDS', 30, 1, 3600),
    jobLockSeconds: integer('CZ_QUEUE_JOB_LOCK_SECONDS', 30, 1, 600),
    signing: {
      mdocSigners: pairs('CZ_IDENTITY_MDOC_KEY_LABEL', 'ds', 'CZ_IDENTITY_MDOC_CERTIFICATE'),
      sealKeyLabel: text('CZ_IDENTITY_SEAL_KEY_LABEL', 'seal'),
      sealCertificateFile: text('CZ_IDENTITY_SEAL_CERTIFICATE'),
    },
    webhooks: { allowHttp: bool('CZ_WEBHOOKS_ALLOW_HTTP', false), retryBaseMs: integer('CZ_WEBHOOKS_RETRY_BASE_MS', 5000, 10, 3_600_000) },
    issuer: { country: text('CZ_ISSUING_COUNTRY', 'UT'), authority: text('CZ_ISSUING_AUTHORITY', 'Utopia Civil Registry') },
    publicUrl: url('CZ_IDENTITY_PUBLIC_URL', ['https:', 'http:'], 'http://127.0.0.1:3100'),
    hsm: {
      modulePath: text('CZ_HSM_MODULE', '/usr/lib/softhsm/libsofthsm2.so'),
      tokenLabel: text('CZ_HSM_TOKEN', 'citizen-zero'),
      pin: text('CZ_HSM_PIN'),
      keyEncryptionKeyLabel: text('CZ_IDENTITY_KEK_LABEL', 'identity-kek-1'),
      blindIndexKeyLabel: text('CZ_IDENTITY_BLIND_INDEX_KEY_LABEL', 'identity-blind-index-1'),
    },
    oidc: {
      issuer,
      audience: text('CZ_OIDC_AUDIENCE', 'citizen-zero-identity'),
      jwksUrl: url('CZ_OIDC_JWKS_URL', ['https:', 'http:'], issuer ? `${issuer.replace(/\/$/, '')}/jwks` : undefined),
      algorithms: list('CZ_OIDC_ALGORITHMS', ['ES256', 'PS256', 'RS256'], ALGORITHMS),
      rolesClaim: text('CZ_OIDC_ROLES_CLAIM', 'roles'),
    },
    deduplication: {
      modalities: list('CZ_DEDUP_MODALITIES', ['face', 'fingerprint'], ['face', 'fingerprint']),
      thresholds: { face: score('CZ_DEDUP_FACE_THRESHOLD', 0.6), fingerprint: score('CZ_DEDUP_FINGERPRINT_THRESHOLD', 0.99) },
      timeoutSeconds: integer('CZ_DEDUP_TIMEOUT_SECONDS', 600, 1, 86_400),
    },
    ...(env['CZ_IDENTITY_ZK_ISSUER_KEY_FILE']?.trim() && {
      zk: { issuerKeyFile: text('CZ_IDENTITY_ZK_ISSUER_KEY_FILE'), validityMonths: integer('CZ_IDENTITY_ZK_VALIDITY_MONTHS', 12, 1, 60) },
    }),
  };
  if (problems.length > 0) throw new ConfigError('identity', problems);
  return config;
}

export const IDENTITY_CONFIG = Symbol('IdentityConfig');
