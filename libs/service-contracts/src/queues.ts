/**
 * The Redis (BullMQ) queues between Citizen Zero services, and what travels on them. Payloads
 * carry identifiers and references only — never personal data: anything personal is fetched
 * by id from the owning service, which audits the read.
 *
 * Every queue name is prefixed per deployment (`CZ_QUEUE_PREFIX`) by BullMQ's `prefix` option.
 */
export const QUEUES = {
  /** identity → biometric: compare an applicant's biometrics with the gallery. */
  deduplicationRequests: 'biometric.deduplication-requests',
  /** biometric → identity: the answer to a deduplication request. */
  deduplicationResults: 'identity.deduplication-results',
  /** any caller → biometric: MOSIP-ABIS-shaped requests (see abis.ts). */
  abisRequests: 'biometric.abis-requests',
  /** biometric → caller: the answers to ABIS requests, by request id. */
  abisResponses: 'biometric.abis-responses',
  /** identity, internal: issuance steps, one queue per signing key (see `issuanceQueueFor`). */
  issuancePrefix: 'identity.issuance',
  /** identity, internal: webhook deliveries to relying parties. */
  webhookDeliveries: 'identity.webhook-deliveries',
} as const;

/** One queue per signing key: jobs for one key run in order, different keys in parallel. */
export function issuanceQueueFor(signingKeyLabel: string): string {
  return `${QUEUES.issuancePrefix}.${signingKeyLabel.replace(/[^A-Za-z0-9_-]/g, '_')}`;
}

export type BiometricModality = 'face' | 'fingerprint';

export interface DeduplicationRequest {
  readonly applicationId: string;
  /** Correlation id of the request that started the enrolment, for tracing across services. */
  readonly correlationId: string;
  /** The applicant's templates in the biometric service, by modality. */
  readonly probes: readonly { readonly modality: BiometricModality; readonly reference: string }[];
  /** Scores at or above these are possible duplicates. */
  readonly thresholds: Readonly<Partial<Record<BiometricModality, number>>>;
  /** Persons whose own templates must not count as candidates (e.g. the applicant on a renewal). */
  readonly excludePersonIds: readonly string[];
}

export interface DeduplicationCandidate {
  readonly personId: string;
  readonly modality: BiometricModality;
  /** Calibrated similarity in [0, 1]. */
  readonly score: number;
}

export interface DeduplicationResult {
  readonly applicationId: string;
  readonly correlationId: string;
  readonly outcome: 'no-match' | 'possible-duplicate' | 'failed';
  readonly candidates: readonly DeduplicationCandidate[];
  /** When the outcome is `failed`: a stable code saying why (e.g. `TEMPLATE_NOT_FOUND`). */
  readonly errorCode?: string;
  /** Model identifiers and versions used, for the record. */
  readonly models: readonly string[];
}
