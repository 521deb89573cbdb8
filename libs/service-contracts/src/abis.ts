import type { BiometricModality } from './queues';

/**
 * The biometric service's ABIS queue contract, after the MOSIP ABIS API (MOSIP "ABIS API
 * Specification" v1.1: `mosip.abis.insert`, `.identify`, `.delete`, `.ping`, `.pendingJobs`,
 * `.referenceCount`), so an external ABIS could take the biometric service's place behind the same
 * queues. As in MOSIP, requests carry reference ids only — no personal data, no biometric samples:
 *
 * - a **referenceId** names an enrolled subject (here: the identity service's person id);
 * - where MOSIP passes a `referenceURL` to fetch a CBEFF record, this contract passes the
 *   **template references** the biometric service returned at capture (templates it already holds).
 *
 * Responses go to `QUEUES.abisResponses` with the request's `requestId`; `returnValue` is MOSIP's
 * 1 (success) or 2 (failure, with a `failureReason`: MOSIP's numeric reasons are replaced by the
 * service's stable error codes).
 */
export const ABIS_OPERATIONS = ['mosip.abis.insert', 'mosip.abis.identify', 'mosip.abis.delete', 'mosip.abis.ping', 'mosip.abis.pendingJobs', 'mosip.abis.referenceCount'] as const;
export type AbisOperation = (typeof ABIS_OPERATIONS)[number];

export const ABIS_VERSION = '1.1';

interface AbisRequestBase {
  readonly version: typeof ABIS_VERSION;
  /** Unique per request; the response carries it back. Re-sending a request id is idempotent. */
  readonly requestId: string;
  /** ISO 8601, UTC. */
  readonly requesttime: string;
  /** For tracing across services (not part of MOSIP's shape). */
  readonly correlationId?: string;
}

/** Adds captured templates to the gallery under a subject (`referenceId`). */
export interface AbisInsertRequest extends AbisRequestBase {
  readonly id: 'mosip.abis.insert';
  readonly referenceId: string;
  readonly templateReferences: readonly string[];
}

/** 1:N search of a subject's (or loose templates') biometrics against the gallery, or a part of it. */
export interface AbisIdentifyRequest extends AbisRequestBase {
  readonly id: 'mosip.abis.identify';
  /** The probe: an enrolled subject… */
  readonly referenceId?: string;
  /** …or captured templates not (yet) in the gallery. */
  readonly templateReferences?: readonly string[];
  /** Search only these subjects (MOSIP `gallery.referenceIds`); absent: the whole gallery. */
  readonly gallery?: { readonly referenceIds: readonly string[] };
  readonly flags?: { readonly maxResults?: number; readonly targetFPIR?: number };
}

/** Removes a subject and erases all its templates. */
export interface AbisDeleteRequest extends AbisRequestBase {
  readonly id: 'mosip.abis.delete';
  readonly referenceId: string;
}

export interface AbisPingRequest extends AbisRequestBase {
  readonly id: 'mosip.abis.ping';
}

export interface AbisPendingJobsRequest extends AbisRequestBase {
  readonly id: 'mosip.abis.pendingJobs';
}

export interface AbisReferenceCountRequest extends AbisRequestBase {
  readonly id: 'mosip.abis.referenceCount';
}

export type AbisRequest = AbisInsertRequest | AbisIdentifyRequest | AbisDeleteRequest | AbisPingRequest | AbisPendingJobsRequest | AbisReferenceCountRequest;

export interface AbisCandidate {
  readonly referenceId: string;
  /** Calibrated similarity in [0, 1] of the best-matching modality (MOSIP `analytics`). */
  readonly analytics: { readonly score: number };
  readonly modalities: readonly { readonly biometricType: BiometricModality; readonly analytics: { readonly score: number } }[];
}

export interface AbisResponse {
  readonly id: AbisOperation;
  readonly requestId: string;
  readonly responsetime: string;
  /** 1 = success, 2 = failure (MOSIP). */
  readonly returnValue: 1 | 2;
  readonly failureReason?: string;
  readonly correlationId?: string;
  /** identify */
  readonly candidateList?: { readonly count: number; readonly candidates: readonly AbisCandidate[] };
  /** pendingJobs */
  readonly jobscount?: number;
  /** referenceCount */
  readonly referenceCount?: number;
}
