import type { KeyValueStore } from '../storage/key-value-store';

/**
 * The certificate bundles the wallet trusts (public data, so kept in clear): the issuing
 * authorities' roots (IACA) from the verification service's trust list, the reader CAs, and the
 * roots of relying parties' OpenID4VP access certificates. Each is fetched when online and the
 * last good copy is kept, so reader authentication works offline.
 */
export type TrustBundleName = 'issuers' | 'readers' | 'verifiers';

export interface TrustBundle {
  readonly certificates: readonly Uint8Array[];
  readonly fetchedAt: string;
}

/** The DER certificates of a PEM bundle (RFC 7468), in order; anything between them is ignored. */
export function pemCertificates(pem: string): Uint8Array[] {
  const blocks = pem.match(/-----BEGIN CERTIFICATE-----[\s\S]*?-----END CERTIFICATE-----/g) ?? [];
  return blocks.map((block) => {
    const base64 = block.replace(/-----(BEGIN|END) CERTIFICATE-----/g, '').replace(/\s+/g, '');
    const binary = atob(base64);
    return Uint8Array.from(binary, (character) => character.charCodeAt(0));
  });
}

/**
 * The bundle `name` from `url`: fetched (and stored) when possible, else the stored copy, else
 * undefined. An empty or unreadable answer never replaces a good stored copy.
 */
export async function trustBundle(store: KeyValueStore, name: TrustBundleName, url: string | undefined, fetchFn: typeof fetch = fetch): Promise<TrustBundle | undefined> {
  const key = `trust:${name}`;
  if (url) {
    try {
      const response = await fetchFn(url, { cache: 'no-store' });
      if (response.ok) {
        const certificates = pemCertificates(await response.text());
        if (certificates.length > 0) {
          const bundle: TrustBundle = { certificates, fetchedAt: new Date().toISOString() };
          await store.put('cache', key, bundle);
          return bundle;
        }
      }
    } catch {
      // Offline: the stored copy below.
    }
  }
  return store.get<TrustBundle>('cache', key);
}
