import { digest } from '@citizen-zero/signing';

/**
 * One entry of an append-only, hash-chained audit log. Entries carry identifiers, never
 * personal data: `details` holds codes, counts and ids only.
 */
export interface AuditEntry {
  /** 1, 2, 3, … without gaps. */
  readonly sequence: number;
  readonly occurredAt: Date;
  /** Who acted: the official's subject at the identity provider, or `service:<name>`. */
  readonly actor: string;
  /** What happened, e.g. `person.register`, `person.read`, `application.approve`. */
  readonly action: string;
  readonly resourceType: string;
  readonly resourceId: string;
  readonly details: Readonly<Record<string, string | number | boolean | null>>;
}

export interface ChainedAuditEntry extends AuditEntry {
  /** The previous entry's hash (32 zero bytes for the first entry). */
  readonly previousHash: Uint8Array;
  /** SHA-256 over the previous hash and the entry's canonical encoding. */
  readonly entryHash: Uint8Array;
}

export const GENESIS_HASH = new Uint8Array(32);

/**
 * The canonical encoding hashed for an entry: JSON with a fixed member order and the details'
 * keys sorted, so the hash does not depend on how a database returns JSON.
 */
export function canonicalAuditEntry(entry: AuditEntry): string {
  const details = Object.fromEntries(Object.entries(entry.details).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  return JSON.stringify([entry.sequence, entry.occurredAt.toISOString(), entry.actor, entry.action, entry.resourceType, entry.resourceId, details]);
}

export async function hashAuditEntry(entry: AuditEntry, previousHash: Uint8Array): Promise<Uint8Array> {
  const body = new TextEncoder().encode(canonicalAuditEntry(entry));
  const input = new Uint8Array(previousHash.length + body.length);
  input.set(previousHash);
  input.set(body, previousHash.length);
  return digest('SHA-256', input);
}

export async function chainAuditEntry(entry: AuditEntry, previousHash: Uint8Array): Promise<ChainedAuditEntry> {
  return { ...entry, previousHash, entryHash: await hashAuditEntry(entry, previousHash) };
}
