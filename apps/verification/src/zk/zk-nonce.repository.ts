import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

/** The zk_nonces table: a nonce is taken once, by the relying party it was issued to, before it expires. */
@Injectable()
export class ZkNonceRepository {
  constructor(private readonly dataSource: DataSource) {}

  async insert(nonce: { nonce: string; relyingParty: string; audience: string; issuedAt: Date; expiresAt: Date }): Promise<void> {
    await this.dataSource.query(`INSERT INTO zk_nonces (nonce, relying_party, audience, issued_at, expires_at) VALUES ($1, $2, $3, $4, $5)`, [nonce.nonce, nonce.relyingParty, nonce.audience, nonce.issuedAt, nonce.expiresAt]);
  }

  /**
   * Marks the nonce used and returns its audience, in one statement: of two concurrent requests
   * with the same nonce, exactly one gets it. Undefined when unknown, used, expired, or issued to
   * another relying party.
   */
  async take(nonce: string, relyingParty: string, at: Date): Promise<{ audience: string } | undefined> {
    const [rows] = (await this.dataSource.query(`UPDATE zk_nonces SET used_at = $3 WHERE nonce = $1 AND relying_party = $2 AND used_at IS NULL AND expires_at > $3 RETURNING audience`, [nonce, relyingParty, at])) as [Array<{ audience: string }>, number];
    return rows[0];
  }

  /** Forgets nonces that expired more than a day ago (used ones included): they can never be taken again. */
  async purgeExpired(before: Date): Promise<void> {
    await this.dataSource.query(`DELETE FROM zk_nonces WHERE expires_at < $1`, [before]);
  }
}
