import { checkReferencedTokenStatus, StatusType, STATUS_LIST_CWT_MEDIA_TYPE } from '@citizen-zero/status-list';
import { parseHeldIssuerSigned, type CredentialStatusRecord, type HeldMdoc } from './held-credential';

/**
 * The credential's status from its issuer's Token Status List (draft-ietf-oauth-status-list §8.3),
 * as named by the MSO's `status` (ISO/IEC 18013-5 second edition, §9.1.2.4): the Status List Token
 * (CWT) is fetched, its signature and certificate chain checked against the issuing authorities'
 * roots, and the credential's entry read. Offline, or when the list cannot be verified, the
 * previous status is kept and only the problem is reported — the citizen sees when it was last
 * checked.
 */
export async function refreshStatus(credential: HeldMdoc, dependencies: { readonly fetch: typeof fetch; readonly issuerTrustAnchors: readonly Uint8Array[]; readonly now?: () => Date }): Promise<CredentialStatusRecord> {
  const reference = parseHeldIssuerSigned(credential).mso.status?.statusList;
  const previous = credential.status;
  const keep = (problem: string): CredentialStatusRecord => ({ ...(previous ?? { state: 'unknown' }), problem });
  if (!reference) return { state: 'unknown', problem: 'this credential names no status list' };
  if (dependencies.issuerTrustAnchors.length === 0) return keep('the trust list is not available');
  const now = dependencies.now?.() ?? new Date();
  let token: Uint8Array;
  try {
    const response = await dependencies.fetch(reference.uri, { headers: { accept: STATUS_LIST_CWT_MEDIA_TYPE }, cache: 'no-store' });
    if (!response.ok) return keep(`the status list answered HTTP ${response.status}`);
    token = new Uint8Array(await response.arrayBuffer());
  } catch {
    return keep('offline: the status list could not be fetched');
  }
  const check = await checkReferencedTokenStatus(reference, token, { trustAnchors: [...dependencies.issuerTrustAnchors], at: now, resolvedAt: now, acceptStale: true });
  if (!check.status) return keep(`the status list does not verify (${check.errors.map((error) => error.code).join(', ')})`);
  const state = check.status.value === StatusType.VALID ? 'valid' : check.status.value === StatusType.SUSPENDED ? 'suspended' : 'revoked';
  return { state, checkedAt: now.toISOString(), ...(check.status.stale && { stale: true }) };
}
