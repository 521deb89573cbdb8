import { parsePemBundle } from '@citizen-zero/pki';
import { STATUS_LIST_CWT_MEDIA_TYPE, verifyStatusListToken, type StatusListTokenVerdict } from '@citizen-zero/status-list';
import { parsePublishedIssuerKeySet, type IssuerPublicKey } from '@citizen-zero/zk-credentials';
import type { VerifierConfig } from '../config';
import type { VerifierStore } from '../storage/verifier-store';
import { parsePemTrustList, TrustListError, verifyVical, type SyncedTrustList } from './trust-list';

/** A Status List Token as fetched: re-verified from these bytes at every verification, offline. */
export interface SyncedStatusList {
  readonly uri: string;
  readonly bytes: Uint8Array;
  readonly fetchedAt: Date;
  /**
   * The token's `exp`: after it the issuer no longer vouches for the list. (Its `ttl`, minutes, is the
   * online refresh hint; an offline verifier goes by `exp` and its own maximum age.)
   */
  readonly expiresAt?: Date;
}

/** The identity service's BBS issuer keys (GET /zk/issuer-keys), as published. */
export interface SyncedZkIssuerKeys {
  readonly json: string;
  readonly kids: readonly string[];
  readonly fetchedAt: Date;
}

export type SyncPart = 'trust-list' | 'status-lists' | 'zk-issuer-keys';

export interface SyncOutcome {
  readonly at: Date;
  /** Per part: synced, or the reason it was not (the previous copy, if any, is kept). */
  readonly results: Readonly<Record<SyncPart, { readonly ok: true } | { readonly ok: false; readonly message: string }>>;
}

export interface SyncDependencies {
  readonly config: VerifierConfig;
  readonly store: VerifierStore;
  readonly fetch: typeof fetch;
  readonly now?: () => Date;
}

/**
 * One sync: the trust list (the signed VICAL when trust-list anchors are configured, else the PEM
 * bundle), every configured status list (verified against that trust list) and the BBS issuer keys,
 * each kept in the store with its fetch time. A part that fails keeps its previous copy.
 */
export async function synchronise(dependencies: SyncDependencies): Promise<SyncOutcome> {
  const now = dependencies.now ?? (() => new Date());
  const at = now();
  const { config, store } = dependencies;
  const fetchOk = async (url: string, accept: string): Promise<Response> => {
    const response = await dependencies.fetch(url, { headers: { accept }, cache: 'no-store', redirect: 'error' });
    if (!response.ok) throw new Error(`${url} answered ${response.status}`);
    return response;
  };
  const attempt = async (part: () => Promise<void>) => {
    try {
      await part();
      return { ok: true as const };
    } catch (error) {
      return { ok: false as const, message: (error as Error).message };
    }
  };

  const trustResult = await attempt(async () => {
    const signerAnchors = config.trustListSignerAnchorsPem ? parsePemBundle(config.trustListSignerAnchorsPem) : [];
    const trustList =
      signerAnchors.length > 0
        ? await verifyVical(new Uint8Array(await (await fetchOk(`${config.verificationUrl}/trust/bundle.vical`, 'application/cose')).arrayBuffer()), signerAnchors, at)
        : await parsePemTrustList(await (await fetchOk(`${config.verificationUrl}/trust/bundle.pem`, 'application/x-pem-file')).text());
    if (trustList.anchors.length === 0) throw new TrustListError('TRUST_LIST_EMPTY', 'the trust list names no issuing authority');
    await store.put<SyncedTrustList>('trust-list', { ...trustList, fetchedAt: at });
  });

  const statusResult = await attempt(async () => {
    const trustList = await store.get<SyncedTrustList>('trust-list');
    if (!trustList) throw new Error('no trust list to verify the status lists with');
    const previous = (await store.get<SyncedStatusList[]>('status-lists')) ?? [];
    const synced = new Map(previous.map((list) => [list.uri, list]));
    const failures: string[] = [];
    for (const uri of config.statusListUrls) {
      try {
        const bytes = new Uint8Array(await (await fetchOk(uri, STATUS_LIST_CWT_MEDIA_TYPE)).arrayBuffer());
        const verdict = await verifyStatusList({ uri, bytes, fetchedAt: at }, trustList, at);
        if (!verdict.statusList) throw new Error(`${uri}: ${verdict.errors.map((error) => error.code).join(', ')}`);
        synced.set(uri, { uri, bytes: Uint8Array.from(bytes), fetchedAt: at, ...(verdict.claims?.expiresAt && { expiresAt: verdict.claims.expiresAt }) });
      } catch (error) {
        failures.push((error as Error).message);
      }
    }
    await store.put<SyncedStatusList[]>('status-lists', [...synced.values()]);
    if (failures.length > 0) throw new Error(failures.join('; '));
  });

  const zkResult = await attempt(async () => {
    const json = await (await fetchOk(`${config.identityUrl}/zk/issuer-keys`, 'application/json')).text();
    const keys = await parsePublishedIssuerKeySet(JSON.parse(json));
    await store.put<SyncedZkIssuerKeys>('zk-issuer-keys', { json, kids: keys.map((key) => key.kid), fetchedAt: at });
  });

  return { at, results: { 'trust-list': trustResult, 'status-lists': statusResult, 'zk-issuer-keys': zkResult } };
}

/** Verifies a synced Status List Token against the synced trust list (its `ttl` counted from the fetch). */
export function verifyStatusList(list: Pick<SyncedStatusList, 'uri' | 'bytes' | 'fetchedAt'>, trustList: Pick<SyncedTrustList, 'anchors'>, at: Date): Promise<StatusListTokenVerdict> {
  return verifyStatusListToken(list.bytes, { trustAnchors: [...trustList.anchors], expectedUri: list.uri, at, resolvedAt: list.fetchedAt });
}

/** The synced BBS issuer keys, parsed. */
export async function zkIssuerKeys(synced: SyncedZkIssuerKeys | undefined): Promise<IssuerPublicKey[]> {
  return synced ? parsePublishedIssuerKeySet(JSON.parse(synced.json)) : [];
}
