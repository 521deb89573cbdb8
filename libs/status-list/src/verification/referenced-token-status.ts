import type { StatusListReference } from '../referenced-token';
import { STALE_STATUS_LIST_CODES, StatusListError } from '../status-list-error';
import { statusTypeName, type StatusTypeName } from '../status-type';
import { verifyStatusListToken, type StatusListProblem, type StatusListTokenVerdict, type VerifyStatusListTokenOptions } from './verify-status-list-token';

/** The status of one Referenced Token, read from a verified Status List (§8.3 steps 6–7). */
export interface ReferencedTokenStatus {
  /** The raw status value (§7). */
  readonly value: number;
  /** What the value means (§7.1). */
  readonly type: StatusTypeName;
  /** The status information is stale (the token is expired or past its ttl): say so to the user. */
  readonly stale: boolean;
}

export interface StatusOfOptions {
  /** Read the status even if the only errors are stale ones (`STATUS_LIST_EXPIRED`, `STATUS_LIST_TTL_ELAPSED`). */
  readonly acceptStale?: boolean;
}

/**
 * The status of the entry `reference` points to, from a verdict of {@link verifyStatusListToken}
 * (§8.3 steps 6–7). Throws {@link StatusListError} when no statement about the status can be made:
 * the verdict's first error, `STATUS_LIST_URI_MISMATCH` when the list is not the one the reference
 * names, or `STATUS_INDEX_OUT_OF_RANGE` (§8.3 step 6: the Referenced Token MUST then be rejected).
 */
export function statusOf(reference: StatusListReference, verdict: StatusListTokenVerdict, options: StatusOfOptions = {}): ReferencedTokenStatus {
  const blocking = verdict.errors.filter((problem) => !(options.acceptStale && STALE_STATUS_LIST_CODES.includes(problem.code)));
  const first = blocking[0];
  if (first) throw new StatusListError(first.code, first.message);
  if (!verdict.statusList || !verdict.claims) throw new StatusListError('STATUS_LIST_MALFORMED', 'the verdict carries no verified Status List');
  if (reference.uri !== verdict.claims.subject) {
    throw new StatusListError('STATUS_LIST_URI_MISMATCH', `the reference names ${JSON.stringify(reference.uri)}, the Status List Token is about ${JSON.stringify(verdict.claims.subject)} (§8.3 step 4a)`);
  }
  const value = verdict.statusList.get(reference.idx);
  return { value, type: statusTypeName(value), stale: verdict.stale };
}

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

export type CheckReferencedTokenStatusOptions = DistributiveOmit<VerifyStatusListTokenOptions, 'expectedUri'> & StatusOfOptions;

export interface ReferencedTokenStatusCheck {
  /** Present when a statement about the status can be made. */
  readonly status?: ReferencedTokenStatus;
  /** Why no statement can be made (empty when `status` is present). */
  readonly errors: readonly StatusListProblem[];
  readonly verdict: StatusListTokenVerdict;
}

/**
 * §8.3 steps 3–7 for one Referenced Token: verifies the Status List Token fetched from
 * `reference.uri` (which its subject must equal) and reads the entry at `reference.idx`. Never throws
 * on bad input. The Referenced Token itself must have been validated first (§8.3: its own expiry
 * and signature take precedence over any status).
 */
export async function checkReferencedTokenStatus(
  reference: StatusListReference,
  token: string | Uint8Array,
  options: CheckReferencedTokenStatusOptions,
): Promise<ReferencedTokenStatusCheck> {
  const verdict = await verifyStatusListToken(token, { ...options, expectedUri: reference.uri } as VerifyStatusListTokenOptions);
  try {
    return { status: statusOf(reference, verdict, options), errors: [], verdict };
  } catch (error) {
    const problem = error instanceof StatusListError ? { code: error.code, message: error.message } : { code: 'STATUS_LIST_MALFORMED' as const, message: (error as Error).message };
    const reported = verdict.errors.some((existing) => existing.code === problem.code && existing.message === problem.message);
    return { errors: reported ? verdict.errors : [...verdict.errors, problem], verdict };
  }
}
