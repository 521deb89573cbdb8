import { Injectable } from '@nestjs/common';
import { DataSource, IsNull } from 'typeorm';
import { CredentialOfferEntity } from './issued-document.entity';

export interface StoredCredentialOffer {
  readonly id: string;
  readonly documentId: string;
  readonly txCodeHash: Uint8Array;
  readonly failedAttempts: number;
  readonly expiresAt: Date;
  readonly accessTokenExpiresAt: Date | undefined;
  readonly redeemedAt: Date | undefined;
}

/** One-time credential offers (OpenID4VCI pre-authorised code flow); codes and tokens are stored hashed. */
@Injectable()
export class CredentialOfferRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Replaces any earlier, unredeemed offer for the document: only the newest QR code works. */
  async replace(offer: { id: string; documentId: string; codeHash: Uint8Array; txCodeHash: Uint8Array; expiresAt: Date }): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      await manager.getRepository(CredentialOfferEntity).delete({ documentId: offer.documentId, redeemedAt: IsNull() });
      await manager.getRepository(CredentialOfferEntity).insert({ id: offer.id, documentId: offer.documentId, preAuthorizedCodeHash: Buffer.from(offer.codeHash), txCodeHash: Buffer.from(offer.txCodeHash), failedAttempts: 0, expiresAt: offer.expiresAt, createdAt: new Date() });
    });
  }

  async findByCode(codeHash: Uint8Array): Promise<StoredCredentialOffer | undefined> {
    const row = await this.dataSource.getRepository(CredentialOfferEntity).findOneBy({ preAuthorizedCodeHash: Buffer.from(codeHash) });
    return row ? offerOf(row) : undefined;
  }

  /** Counts a wrong transaction code; returns the new count. */
  async countFailure(id: string): Promise<number> {
    const rows = (await this.dataSource.query(`UPDATE credential_offers SET failed_attempts = failed_attempts + 1 WHERE id = $1 RETURNING failed_attempts`, [id])) as [Array<{ failed_attempts: number }>, number];
    return rows[0]?.[0]?.failed_attempts ?? Number.MAX_SAFE_INTEGER;
  }

  /** Exchanges the code for an access token, once: the first exchange wins. */
  async exchange(id: string, token: { hash: Uint8Array; expiresAt: Date }): Promise<boolean> {
    const result = await this.dataSource.getRepository(CredentialOfferEntity).update({ id, accessTokenHash: IsNull() }, { accessTokenHash: Buffer.from(token.hash), accessTokenExpiresAt: token.expiresAt });
    return (result.affected ?? 0) === 1;
  }

  async findByAccessToken(tokenHash: Uint8Array): Promise<StoredCredentialOffer | undefined> {
    const row = await this.dataSource.getRepository(CredentialOfferEntity).findOneBy({ accessTokenHash: Buffer.from(tokenHash) });
    return row ? offerOf(row) : undefined;
  }

  async markRedeemed(id: string, now: Date): Promise<boolean> {
    const result = await this.dataSource.getRepository(CredentialOfferEntity).update({ id, redeemedAt: IsNull() }, { redeemedAt: now });
    return (result.affected ?? 0) === 1;
  }
}

function offerOf(row: CredentialOfferEntity): StoredCredentialOffer {
  return { id: row.id, documentId: row.documentId, txCodeHash: new Uint8Array(row.txCodeHash), failedAttempts: row.failedAttempts, expiresAt: row.expiresAt, accessTokenExpiresAt: row.accessTokenExpiresAt ?? undefined, redeemedAt: row.redeemedAt ?? undefined };
}
