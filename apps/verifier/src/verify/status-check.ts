import type { MsoStatus } from '@citizen-zero/mdoc';
import { statusOf, StatusListError, StatusType } from '@citizen-zero/status-list';
import { verifyStatusList, type SyncedStatusList } from '../sync/sync';
import type { SyncedTrustList } from '../sync/trust-list';
import type { CheckView } from './verdict';

const LABEL = 'Not revoked or suspended (status list)';

/**
 * The credential's status from the synced Status List Token (draft-ietf-oauth-status-list §8.3),
 * offline: the token is re-verified from the bytes kept at sync (signature to the synced trust list,
 * subject = the MSO's URI) and the credential's entry read. A list past its `exp` still answers, as
 * the last known status, marked as a warning; a list never synced, or a credential that names none,
 * fails the check — the verifier cannot tell revoked from valid then.
 */
export async function statusCheck(status: MsoStatus | undefined, lists: readonly SyncedStatusList[], trustList: SyncedTrustList, now: Date): Promise<CheckView> {
  if (!status) return { label: LABEL, passed: false, code: 'STATUS_NOT_PUBLISHED', detail: 'the credential names no status list' };
  const reference = status.statusList;
  const list = lists.find((candidate) => candidate.uri === reference.uri);
  if (!list) return { label: LABEL, passed: false, code: 'STATUS_LIST_NOT_SYNCED', detail: `the status list ${reference.uri} is not on this device: synchronise` };
  try {
    const verdict = await verifyStatusList(list, trustList, now);
    const entry = statusOf(reference, verdict, { acceptStale: true });
    const synced = `synchronised ${list.fetchedAt.toISOString()}`;
    if (entry.value === StatusType.VALID) return { label: LABEL, passed: true, ...(entry.stale && { warning: true }), detail: entry.stale ? `valid when last known (the list is past its expiry; ${synced})` : `valid (${synced})` };
    if (entry.value === StatusType.SUSPENDED) return { label: LABEL, passed: false, code: 'CREDENTIAL_SUSPENDED', detail: `the issuer has suspended this credential (${synced})` };
    return { label: LABEL, passed: false, code: 'CREDENTIAL_REVOKED', detail: `the issuer has revoked this credential (${synced})` };
  } catch (error) {
    return { label: LABEL, passed: false, code: error instanceof StatusListError ? error.code : 'STATUS_LIST_INVALID', detail: (error as Error).message };
  }
}
