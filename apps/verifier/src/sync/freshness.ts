import type { SyncedStatusList, SyncedZkIssuerKeys } from './sync';
import type { SyncedTrustList } from './trust-list';

export type FreshnessState = 'fresh' | 'stale' | 'missing';

export interface PartFreshness {
  readonly label: string;
  readonly state: FreshnessState;
  readonly fetchedAt?: Date;
  /** Why it is stale, in words a clerk understands. */
  readonly reason?: string;
}

export interface Freshness {
  readonly parts: readonly PartFreshness[];
  /** Every part synced and none stale: offline verification is fully backed. */
  readonly ok: boolean;
}

/**
 * How fresh the synced trust material is at `now`: each part is stale past the configured maximum
 * age since its fetch, and also when its issuer says so (the VICAL's nextUpdate, a status list's
 * `exp`/`ttl`); missing when never synced.
 */
export function freshnessOf(material: { trustList?: SyncedTrustList; statusLists?: readonly SyncedStatusList[]; zkIssuerKeys?: SyncedZkIssuerKeys }, expectedStatusLists: readonly string[], maxAgeHours: number, now: Date): Freshness {
  const maxAgeMs = maxAgeHours * 3_600_000;
  const part = (label: string, fetchedAt: Date | undefined, issuerDeadline?: Date, deadlineWhat?: string): PartFreshness => {
    if (!fetchedAt) return { label, state: 'missing', reason: 'never synchronised' };
    const age = now.getTime() - fetchedAt.getTime();
    if (age > maxAgeMs) return { label, state: 'stale', fetchedAt, reason: `older than ${maxAgeHours} h` };
    if (issuerDeadline && issuerDeadline.getTime() <= now.getTime()) return { label, state: 'stale', fetchedAt, reason: `past its ${deadlineWhat}` };
    return { label, state: 'fresh', fetchedAt };
  };
  const trust = material.trustList;
  const parts: PartFreshness[] = [part('Trust list (issuing authorities)', trust?.fetchedAt, trust?.nextUpdate, 'next update date')];
  for (const uri of expectedStatusLists) {
    const list = material.statusLists?.find((candidate) => candidate.uri === uri);
    parts.push(part(`Status list ${new URL(uri).pathname}`, list?.fetchedAt, list?.expiresAt, 'expiry time'));
  }
  parts.push(part('Zero-knowledge issuer keys', material.zkIssuerKeys?.fetchedAt));
  return { parts, ok: parts.every((entry) => entry.state === 'fresh') };
}
