import { Inject, Injectable } from '@nestjs/common';
import { observedFetch, PlatformMetrics } from '@citizen-zero/nest-platform';
import { type StatusListTokenVerdict, statusOf, StatusType, verifyStatusListToken } from '@citizen-zero/status-list';
import { VERIFICATION_CONFIG, type VerificationConfig } from '../config/verification-config';

export interface CredentialStatus {
  /** valid, invalid (revoked or expired), suspended, or unknown when no verified list could be had. */
  readonly status: 'valid' | 'invalid' | 'suspended' | 'unknown';
  /** The list is past its `exp` or `ttl`: the answer is the last known one. */
  readonly stale: boolean;
  /** Stable code when the status could not be established or is not valid. */
  readonly code?: string;
  readonly checkedAt: Date;
}

const MAX_CACHED_LISTS = 1000;

interface CachedList {
  readonly verdict: StatusListTokenVerdict;
  readonly fetchedAt: Date;
}

/**
 * Status lists named by credentials (MSO `status`), fetched only from allowed hosts, verified
 * against the trust anchors, cached until the token says to refresh (`ttl`/`exp`). When a fresh
 * copy cannot be fetched, the last verified one is used and the answer is marked stale.
 */
@Injectable()
export class StatusListCache {
  private readonly lists = new Map<string, CachedList>();

  constructor(
    @Inject(VERIFICATION_CONFIG) private readonly config: VerificationConfig,
    private readonly metrics: PlatformMetrics,
  ) {}

  async statusOf(reference: { idx: number; uri: string }, trustAnchors: readonly Uint8Array[], now = new Date()): Promise<CredentialStatus> {
    let url: URL;
    try {
      url = new URL(reference.uri);
    } catch {
      return { status: 'unknown', stale: false, code: 'STATUS_LIST_URI_INVALID', checkedAt: now };
    }
    const allowedProtocol = url.protocol === 'https:' || (this.config.statusLists.allowHttp && url.protocol === 'http:');
    if (!allowedProtocol || !this.config.statusLists.allowedHosts.includes(url.host)) return { status: 'unknown', stale: false, code: 'STATUS_LIST_HOST_NOT_ALLOWED', checkedAt: now };

    let cached = this.lists.get(reference.uri);
    if (!cached || !cached.verdict.refreshAfter || cached.verdict.refreshAfter.getTime() <= now.getTime()) {
      const fresh = await this.fetch(reference.uri, trustAnchors, now).catch(() => undefined);
      if (fresh?.verdict.statusList) {
        cached = fresh;
        // Bounded: credentials choose the URI (within the allowed hosts), so drop the oldest beyond the cap.
        if (this.lists.size >= MAX_CACHED_LISTS && !this.lists.has(reference.uri)) this.lists.delete(this.lists.keys().next().value!);
        this.lists.delete(reference.uri);
        this.lists.set(reference.uri, fresh);
      }
    }
    if (!cached?.verdict.statusList) return { status: 'unknown', stale: false, code: 'STATUS_LIST_UNAVAILABLE', checkedAt: now };
    try {
      const entry = statusOf(reference, cached.verdict, { acceptStale: true });
      const stale = entry.stale || (cached.verdict.refreshAfter !== undefined && cached.verdict.refreshAfter.getTime() <= now.getTime());
      const status = entry.value === StatusType.VALID ? 'valid' : entry.value === StatusType.SUSPENDED ? 'suspended' : 'invalid';
      return { status, stale, ...(status === 'invalid' && { code: 'CREDENTIAL_REVOKED' }), ...(status === 'suspended' && { code: 'CREDENTIAL_SUSPENDED' }), checkedAt: now };
    } catch (error) {
      return { status: 'unknown', stale: false, code: (error as { code?: string }).code ?? 'STATUS_LIST_INVALID', checkedAt: now };
    }
  }

  private async fetch(uri: string, trustAnchors: readonly Uint8Array[], now: Date): Promise<CachedList> {
    // Observed (latency per host, for the monitor's topology) and carrying the verification request's correlation id.
    const response = await observedFetch(this.metrics, uri, { headers: { accept: 'application/statuslist+cwt' }, redirect: 'error', signal: AbortSignal.timeout(this.config.statusLists.fetchTimeoutMs) });
    if (!response.ok) throw new Error(`status list ${uri} answered ${response.status}`);
    const token = new Uint8Array(await response.arrayBuffer());
    const verdict = await verifyStatusListToken(token, { trustAnchors, expectedUri: uri, at: now, resolvedAt: now });
    return { verdict, fetchedAt: now };
  }
}
