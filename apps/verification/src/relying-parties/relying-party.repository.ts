import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Purpose } from './purposes';

export interface RelyingParty {
  readonly id: string;
  readonly name: string;
  readonly purposes: readonly Purpose[];
  readonly rateLimitPerMinute: number;
  readonly registeredBy: string;
  readonly registeredAt: Date;
  readonly suspendedAt: Date | undefined;
}

export interface RelyingPartyKey {
  readonly id: string;
  readonly relyingPartyId: string;
  readonly secretHash: Buffer;
  readonly createdBy: string;
  readonly createdAt: Date;
  readonly revokedAt: Date | undefined;
  readonly lastUsedAt: Date | undefined;
}

interface PartyRow {
  id: string;
  name: string;
  purposes: Purpose[];
  rate_limit_per_minute: number;
  registered_by: string;
  registered_at: Date;
  suspended_at: Date | null;
}

interface KeyRow {
  id: string;
  relying_party_id: string;
  secret_hash: Buffer;
  created_by: string;
  created_at: Date;
  revoked_at: Date | null;
  last_used_at: Date | null;
}

@Injectable()
export class RelyingPartyRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Registers the party with its first key, in one transaction; false when the name is taken. */
  async register(party: RelyingParty, key: Omit<RelyingPartyKey, 'revokedAt' | 'lastUsedAt'>): Promise<boolean> {
    return this.dataSource.transaction(async (manager) => {
      const inserted = (await manager.query(
        `INSERT INTO relying_parties (id, name, purposes, rate_limit_per_minute, registered_by, registered_at) VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (name) DO NOTHING RETURNING id`,
        [party.id, party.name, [...party.purposes], party.rateLimitPerMinute, party.registeredBy, party.registeredAt],
      )) as unknown[];
      if (inserted.length === 0) return false;
      await manager.query(`INSERT INTO relying_party_keys (id, relying_party_id, secret_hash, created_by, created_at) VALUES ($1, $2, $3, $4, $5)`, [key.id, key.relyingPartyId, key.secretHash, key.createdBy, key.createdAt]);
      return true;
    });
  }

  async find(id: string): Promise<RelyingParty | undefined> {
    const [row] = (await this.dataSource.query(`SELECT * FROM relying_parties WHERE id = $1`, [id])) as PartyRow[];
    return row && partyOf(row);
  }

  async list(): Promise<RelyingParty[]> {
    return ((await this.dataSource.query(`SELECT * FROM relying_parties ORDER BY registered_at`)) as PartyRow[]).map(partyOf);
  }

  async addKey(key: Omit<RelyingPartyKey, 'revokedAt' | 'lastUsedAt'>): Promise<void> {
    await this.dataSource.query(`INSERT INTO relying_party_keys (id, relying_party_id, secret_hash, created_by, created_at) VALUES ($1, $2, $3, $4, $5)`, [key.id, key.relyingPartyId, key.secretHash, key.createdBy, key.createdAt]);
  }

  async keysOf(relyingPartyId: string): Promise<RelyingPartyKey[]> {
    return ((await this.dataSource.query(`SELECT * FROM relying_party_keys WHERE relying_party_id = $1 ORDER BY created_at`, [relyingPartyId])) as KeyRow[]).map(keyOf);
  }

  /** The key and its party, for authentication. */
  async findKey(keyId: string): Promise<{ key: RelyingPartyKey; party: RelyingParty } | undefined> {
    const [row] = (await this.dataSource.query(
      `SELECT k.*, p.name, p.purposes, p.rate_limit_per_minute, p.registered_by, p.registered_at, p.suspended_at FROM relying_party_keys k JOIN relying_parties p ON p.id = k.relying_party_id WHERE k.id = $1`,
      [keyId],
    )) as (KeyRow & Omit<PartyRow, 'id'>)[];
    return row && { key: keyOf(row), party: partyOf({ ...row, id: row.relying_party_id }) };
  }

  /** Revokes a key of the party; false when there is no such active key. */
  async revokeKey(relyingPartyId: string, keyId: string): Promise<boolean> {
    const [rows] = (await this.dataSource.query(`UPDATE relying_party_keys SET revoked_at = now() WHERE id = $1 AND relying_party_id = $2 AND revoked_at IS NULL RETURNING id`, [keyId, relyingPartyId])) as [unknown[], number];
    return rows.length > 0;
  }

  async touchKey(keyId: string): Promise<void> {
    // At most once a minute per key: the column says "in use lately", not every request.
    await this.dataSource.query(`UPDATE relying_party_keys SET last_used_at = now() WHERE id = $1 AND (last_used_at IS NULL OR last_used_at < now() - interval '1 minute')`, [keyId]);
  }
}

function partyOf(row: PartyRow): RelyingParty {
  return { id: row.id, name: row.name, purposes: row.purposes, rateLimitPerMinute: row.rate_limit_per_minute, registeredBy: row.registered_by, registeredAt: row.registered_at, suspendedAt: row.suspended_at ?? undefined };
}

function keyOf(row: KeyRow): RelyingPartyKey {
  return { id: row.id, relyingPartyId: row.relying_party_id, secretHash: row.secret_hash, createdBy: row.created_by, createdAt: row.created_at, revokedAt: row.revoked_at ?? undefined, lastUsedAt: row.last_used_at ?? undefined };
}
