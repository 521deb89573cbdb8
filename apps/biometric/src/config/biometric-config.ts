import { ConfigError, EnvironmentReader } from '@citizen-zero/nest-platform';

export { ConfigError };

/**
 * Where face 1:N searches run:
 * - `pgvector-exact`: a sequential cosine scan of the `halfvec` column in PostgreSQL (exact);
 * - `pgvector-hnsw`: pgvector's HNSW index gives `rerank × k` candidates, re-ranked exactly in
 *   single precision from the same rows (use where the benchmark's recall is acceptable);
 * - `memory`: an exact scan of the gallery held in this process (small galleries, tests).
 */
export type FaceGalleryIndexKind = 'pgvector-exact' | 'pgvector-hnsw' | 'memory';

/** The biometric service's whole configuration, read once from the environment and validated at boot. */
export interface BiometricConfig {
  readonly http: { readonly host: string; readonly port: number; readonly maxImageBytes: number; readonly corsOrigins: readonly string[] };
  readonly databaseUrl: string;
  readonly redisUrl: string;
  readonly queuePrefix: string;
  readonly runMigrations: boolean;
  /** Whether this process consumes the deduplication and ABIS queues (API-only replicas set false). */
  readonly workers: boolean;
  readonly jobLockSeconds: number;
  /** Captures never enrolled (abandoned or rejected applications) are erased after this many days. */
  readonly unenrolledRetentionDays: number;
  readonly hsm: {
    readonly modulePath: string;
    readonly tokenLabel: string;
    readonly pin: string;
    /** AES key-encryption key that wraps each template's data key; older labels stay readable. */
    readonly keyEncryptionKeyLabel: string;
    /** HMAC key the gallery's secret orthogonal rotation is derived from. */
    readonly galleryRotationKeyLabel: string;
  };
  readonly oidc: { readonly issuer: string; readonly audience: string; readonly jwksUrl: string; readonly algorithms: readonly string[]; readonly rolesClaim: string };
  readonly face: {
    /** Directory of the converted models (`npm run build:face-models`). */
    readonly modelsDir: string;
    /**
     * `tiny-then-ssd` (default): enrolment captures through the SSD MobileNet v1, verification and
     * identification probes through the tiny detector with the SSD as fallback (see
     * CascadeFaceDetector); or one detector for everything.
     */
    readonly detector: FaceDetectorChoice;
    /** onnxruntime intra-op threads per model. */
    readonly threads: number;
    /** A JSON `OnnxEmbedderSpec` file for a drop-in embedder (e.g. a licensed ArcFace model); absent: face-api's. */
    readonly embedderSpecFile?: string;
    /** Calibrated score from which two faces are the same person, per model (`id@version`). */
    readonly thresholds: Readonly<Record<string, number>>;
    /**
     * Largest head pose (yaw, pitch, roll in degrees, estimated from 2-D landmarks) an enrolment
     * capture may have; libs/face-analysis's ICAO-minded defaults (8°, 10°, 8°) unless set.
     */
    readonly enrolmentMaxPose?: HeadPoseLimits;
    /** The same for verification captures (defaults 30°, 25°, 45°). */
    readonly verificationMaxPose?: HeadPoseLimits;
    /** Quality score (0–100) an enrolment capture needs; verification captures need `minVerificationQuality`. */
    readonly minEnrolmentQuality: number;
    readonly minVerificationQuality: number;
    /** PAD models fused with the image cues (`human/antispoof`, `human/liveness`); empty: cues only. */
    readonly padModels: readonly PadModelName[];
    /** Bona fide score below which a capture is treated as a presentation attack. */
    readonly livenessThreshold: number;
    /** Whether enrolment refuses captures the PAD baseline flags (off by default: the baseline is not certified). */
    readonly livenessEnforced: boolean;
  };
  readonly gallery: {
    readonly index: FaceGalleryIndexKind;
    /** HNSW candidates re-ranked exactly = rerankFactor × k. */
    readonly rerankFactor: number;
    readonly hnswEfSearch: number;
  };
  readonly fingerprint: {
    /**
     * Calibrated score (σ of the fused log-likelihood ratio) from which two finger sets are the
     * same person. 0.99 (LLR 4.6) by default, not the even-odds 0.5: in 1:N the prior odds of any
     * one gallery entry are 1/N, and at 0.5 a search of a few dozen subjects already meets
     * impostors. Set it from the false-positive identification rate measured at the gallery's size.
     */
    readonly threshold: number;
    readonly fusion: 'sum-llr' | 'max-llr';
    /** Share of the gallery the global-descriptor pre-filter passes to the fine matcher, (0, 1]. */
    readonly preselect: number;
  };
}

export const FACE_DETECTOR_CHOICES = ['tiny-then-ssd', 'ssd-mobilenetv1', 'tiny-face-detector'] as const;
export type FaceDetectorChoice = (typeof FACE_DETECTOR_CHOICES)[number];

export const PAD_MODEL_NAMES = ['human/antispoof', 'human/liveness'] as const;
export type PadModelName = (typeof PAD_MODEL_NAMES)[number];

export interface HeadPoseLimits {
  readonly yaw: number;
  readonly pitch: number;
  readonly roll: number;
}

type Env = Readonly<Record<string, string | undefined>>;

const ALGORITHMS = ['ES256', 'ES384', 'ES512', 'PS256', 'PS384', 'PS512', 'RS256', 'RS384', 'RS512', 'EdDSA'];

/**
 * Default thresholds of the shipped model. face-api's scores are calibrated with the logistic
 * fitted on the fixtures (see face/face-score.ts), so 0.5 is even odds; see docs/benchmarks.md
 * for the error rates behind it and measure on your own data (`npm run eval:face`).
 */
export const DEFAULT_FACE_THRESHOLDS: Readonly<Record<string, number>> = { 'face-api/face-recognition@1.7.15+onnx.1': 0.5 };

/**
 * Reads and validates the configuration; every problem is reported at once, and secrets are
 * never echoed. `process.env` is read nowhere else in the service.
 */
export function loadBiometricConfig(env: Env): BiometricConfig {
  const { problems, text, url, integer, fraction, bool, list, origins } = new EnvironmentReader(env);
  const issuer = url('CZ_OIDC_ISSUER', ['https:', 'http:']);

  const thresholds: Record<string, number> = { ...DEFAULT_FACE_THRESHOLDS };
  for (const pair of text('CZ_FACE_THRESHOLDS', '').split(',').map((entry) => entry.trim()).filter(Boolean)) {
    const match = /^([^=@\s]+@[^=\s]+)=(0(?:\.\d+)?|1(?:\.0+)?)$/.exec(pair);
    if (match) thresholds[match[1]!] = Number(match[2]);
    else problems.push(`CZ_FACE_THRESHOLDS must be a comma-separated list of model-id@version=score (score in [0, 1]); "${pair}" is not`);
  }
  const embedderSpecFile = text('CZ_FACE_EMBEDDER_SPEC', '');
  const poseLimits = (name: string): { enrolmentMaxPose?: HeadPoseLimits } | { verificationMaxPose?: HeadPoseLimits } | undefined => {
    const raw = text(name, '');
    if (!raw) return undefined;
    const pose = raw.split(',').map((value) => Number(value.trim()));
    if (!(pose.length === 3 && pose.every((value) => value > 0 && value <= 90))) {
      problems.push(`${name} must be yaw,pitch,roll in degrees, each in (0, 90]`);
      return undefined;
    }
    return { [name.includes('ENROLMENT') ? 'enrolmentMaxPose' : 'verificationMaxPose']: { yaw: pose[0]!, pitch: pose[1]!, roll: pose[2]! } };
  };

  const config: BiometricConfig = {
    http: { host: text('CZ_BIOMETRIC_HOST', '127.0.0.1'), port: integer('CZ_BIOMETRIC_PORT', 3200, 0, 65535), maxImageBytes: integer('CZ_BIOMETRIC_MAX_IMAGE_BYTES', 8 * 1024 * 1024, 1024, 64 * 1024 * 1024), corsOrigins: origins('CZ_CORS_ORIGINS') },
    databaseUrl: url('CZ_BIOMETRIC_DATABASE_URL', ['postgres:', 'postgresql:']),
    redisUrl: url('CZ_REDIS_URL', ['redis:', 'rediss:']),
    queuePrefix: text('CZ_QUEUE_PREFIX', 'cz'),
    runMigrations: bool('CZ_BIOMETRIC_RUN_MIGRATIONS', true),
    workers: bool('CZ_BIOMETRIC_WORKERS', true),
    jobLockSeconds: integer('CZ_QUEUE_JOB_LOCK_SECONDS', 30, 1, 600),
    unenrolledRetentionDays: integer('CZ_BIOMETRIC_UNENROLLED_RETENTION_DAYS', 90, 1, 3650),
    hsm: {
      modulePath: text('CZ_HSM_MODULE', '/usr/lib/softhsm/libsofthsm2.so'),
      tokenLabel: text('CZ_HSM_TOKEN', 'citizen-zero'),
      pin: text('CZ_HSM_PIN'),
      keyEncryptionKeyLabel: text('CZ_BIOMETRIC_KEK_LABEL', 'biometric-kek-1'),
      galleryRotationKeyLabel: text('CZ_BIOMETRIC_ROTATION_KEY_LABEL', 'biometric-gallery-rotation-1'),
    },
    oidc: {
      issuer,
      audience: text('CZ_BIOMETRIC_OIDC_AUDIENCE', 'citizen-zero-biometric'),
      jwksUrl: url('CZ_OIDC_JWKS_URL', ['https:', 'http:'], issuer ? `${issuer.replace(/\/$/, '')}/jwks` : undefined),
      algorithms: list('CZ_OIDC_ALGORITHMS', ['ES256', 'PS256', 'RS256'], ALGORITHMS),
      rolesClaim: text('CZ_OIDC_ROLES_CLAIM', 'roles'),
    },
    face: {
      modelsDir: text('CZ_FACE_MODELS_DIR', 'models'),
      detector: list('CZ_FACE_DETECTOR', ['tiny-then-ssd'], FACE_DETECTOR_CHOICES)[0] ?? 'tiny-then-ssd',
      threads: integer('CZ_FACE_THREADS', 1, 1, 64),
      ...(embedderSpecFile && { embedderSpecFile }),
      thresholds,
      ...poseLimits('CZ_FACE_ENROLMENT_MAX_POSE_DEGREES'),
      ...poseLimits('CZ_FACE_VERIFICATION_MAX_POSE_DEGREES'),
      minEnrolmentQuality: integer('CZ_FACE_MIN_ENROLMENT_QUALITY', 50, 0, 100),
      minVerificationQuality: integer('CZ_FACE_MIN_VERIFICATION_QUALITY', 30, 0, 100),
      padModels: list('CZ_FACE_PAD_MODELS', [...PAD_MODEL_NAMES], [...PAD_MODEL_NAMES, 'none'] as const).filter((name): name is PadModelName => name !== 'none'),
      livenessThreshold: fraction('CZ_FACE_LIVENESS_THRESHOLD', 0.5),
      livenessEnforced: bool('CZ_FACE_LIVENESS_ENFORCED', false),
    },
    gallery: {
      index: list('CZ_FACE_GALLERY_INDEX', ['pgvector-exact'], ['pgvector-exact', 'pgvector-hnsw', 'memory'])[0] ?? 'pgvector-exact',
      rerankFactor: integer('CZ_FACE_GALLERY_RERANK_FACTOR', 10, 1, 100),
      hnswEfSearch: integer('CZ_FACE_GALLERY_HNSW_EF_SEARCH', 200, 10, 1000),
    },
    fingerprint: {
      threshold: fraction('CZ_FINGERPRINT_THRESHOLD', 0.99),
      fusion: list('CZ_FINGERPRINT_FUSION', ['sum-llr'], ['sum-llr', 'max-llr'])[0] ?? 'sum-llr',
      preselect: fraction('CZ_FINGERPRINT_PRESELECT', 0.2),
    },
  };
  if (config.fingerprint.preselect === 0) problems.push('CZ_FINGERPRINT_PRESELECT must be above 0');
  if (problems.length > 0) throw new ConfigError('biometric', problems);
  return config;
}

export const BIOMETRIC_CONFIG = Symbol('BiometricConfig');
