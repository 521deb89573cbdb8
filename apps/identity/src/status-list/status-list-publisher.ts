import { Inject, Injectable } from '@nestjs/common';
import { createStatusListCwt, createStatusListJwt, StatusList, StatusType } from '@citizen-zero/status-list';
import { IDENTITY_CONFIG, type IdentityConfig } from '../config/identity-config';
import { DocumentSigners } from '../issuance/document-signers';
import type { DocumentStatus } from '../issuance/issued-document';
import { IssuedDocumentRepository } from '../issuance/issued-document.repository';

/** Smallest list published: a large list hides how many documents exist and who changed (draft §13 privacy). */
const MINIMUM_ENTRIES = 1 << 17;
/** A verifier may cache the token this long (`ttl`)… */
const TIME_TO_LIVE_SECONDS = 300;
/** …and must not trust it after this (`exp`). */
const LIFETIME_MS = 24 * 3600_000;
/** Replicas re-sign at least this often, so a change made on another replica shows within it. */
const MAX_CACHE_MS = 30_000;

const STATUS_VALUE: Readonly<Record<DocumentStatus, number>> = { valid: StatusType.VALID, revoked: StatusType.INVALID, expired: StatusType.INVALID, suspended: StatusType.SUSPENDED };

/** Where the (single) status list is served; credentials name it in their MSO status. */
export function statusListUri(publicUrl: string): string {
  return `${publicUrl.replace(/\/$/, '')}/status-lists/1`;
}

/**
 * Publishes the status of every issued document as an IETF Token Status List (2 bits per entry:
 * valid, invalid, suspended), signed with the document signer key in the HSM and carrying its
 * certificate, so offline verifiers check it against the same IACA as the credentials.
 */
@Injectable()
export class StatusListPublisher {
  private cached: { at: number; cwt: Uint8Array; jwt: string } | undefined;

  constructor(
    private readonly documents: IssuedDocumentRepository,
    private readonly signers: DocumentSigners,
    @Inject(IDENTITY_CONFIG) private readonly config: IdentityConfig,
  ) {}

  get uri(): string {
    return statusListUri(this.config.publicUrl);
  }

  /** Drops the cached token (after a status change on this replica). */
  invalidate(): void {
    this.cached = undefined;
  }

  async token(format: 'cwt' | 'jwt'): Promise<{ token: Uint8Array | string; ttl: number }> {
    if (!this.cached || Date.now() - this.cached.at > MAX_CACHE_MS) this.cached = await this.sign();
    return { token: format === 'cwt' ? this.cached.cwt : this.cached.jwt, ttl: TIME_TO_LIVE_SECONDS };
  }

  private async sign(): Promise<{ at: number; cwt: Uint8Array; jwt: string }> {
    const entries = await this.documents.statusEntries();
    const size = Math.max(MINIMUM_ENTRIES, 2 ** Math.ceil(Math.log2(Math.max(...entries.map((entry) => entry.index + 1), 1))));
    const list = StatusList.create(size, 2);
    for (const entry of entries) if (entry.status !== 'valid') list.set(entry.index, STATUS_VALUE[entry.status]);
    const issuedAt = new Date(Math.floor(Date.now() / 1000) * 1000);
    const params = { signer: this.signers.primaryMdoc.signer, certificateChain: this.signers.primaryMdoc.certificateChain.slice(0, 1), statusList: list, uri: this.uri, issuedAt, expiresAt: new Date(issuedAt.getTime() + LIFETIME_MS), timeToLive: TIME_TO_LIVE_SECONDS };
    return { at: Date.now(), cwt: await createStatusListCwt(params), jwt: await createStatusListJwt(params) };
  }
}
