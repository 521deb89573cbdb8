import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { DocumentKind, DocumentStatus, IssuanceState } from './issued-document';

@Entity('issued_documents')
export class IssuedDocumentEntity {
  @PrimaryColumn({ type: 'uuid' }) id!: string;
  @Column({ name: 'application_id', type: 'uuid' }) applicationId!: string;
  @Column({ name: 'person_id', type: 'uuid' }) personId!: string;
  @Column({ type: 'text' }) kind!: DocumentKind;
  @Column({ type: 'text' }) state!: IssuanceState;
  @Column({ type: 'text' }) status!: DocumentStatus;
  @Column({ name: 'signing_key', type: 'text' }) signingKey!: string;
  @Column({ name: 'status_list_index', type: 'integer' }) statusListIndex!: number;
  @Column({ name: 'sealed_data', type: 'bytea', nullable: true }) sealedData!: Buffer | null;
  @Column({ name: 'wrapped_key', type: 'bytea', nullable: true }) wrappedKey!: Buffer | null;
  @Column({ name: 'key_label', type: 'text', nullable: true }) keyLabel!: string | null;
  @Column({ name: 'issued_at', type: 'timestamptz', nullable: true }) issuedAt!: Date | null;
  @Column({ name: 'valid_until', type: 'timestamptz', nullable: true }) validUntil!: Date | null;
  @Column({ type: 'integer' }) attempts!: number;
  @Column({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
  @Column({ name: 'updated_at', type: 'timestamptz' }) updatedAt!: Date;
}

@Entity('credential_offers')
export class CredentialOfferEntity {
  @PrimaryColumn({ type: 'uuid' }) id!: string;
  @Column({ name: 'document_id', type: 'uuid' }) documentId!: string;
  @Column({ name: 'pre_authorized_code_hash', type: 'bytea' }) preAuthorizedCodeHash!: Buffer;
  @Column({ name: 'tx_code_hash', type: 'bytea' }) txCodeHash!: Buffer;
  @Column({ name: 'failed_attempts', type: 'integer' }) failedAttempts!: number;
  @Column({ name: 'expires_at', type: 'timestamptz' }) expiresAt!: Date;
  @Column({ name: 'access_token_hash', type: 'bytea', nullable: true }) accessTokenHash!: Buffer | null;
  @Column({ name: 'access_token_expires_at', type: 'timestamptz', nullable: true }) accessTokenExpiresAt!: Date | null;
  @Column({ name: 'c_nonce', type: 'text', nullable: true }) cNonce!: string | null;
  @Column({ name: 'redeemed_at', type: 'timestamptz', nullable: true }) redeemedAt!: Date | null;
  @Column({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
}

@Entity('dead_letters')
export class DeadLetterEntity {
  @PrimaryColumn({ type: 'uuid' }) id!: string;
  @Column({ type: 'text' }) queue!: string;
  @Column({ name: 'job_name', type: 'text' }) jobName!: string;
  @Column({ name: 'job_id', type: 'text' }) jobId!: string;
  @Column({ type: 'jsonb' }) payload!: Record<string, unknown>;
  @Column({ name: 'error_code', type: 'text' }) errorCode!: string;
  @Column({ name: 'error_message', type: 'text' }) errorMessage!: string;
  @Column({ type: 'integer' }) attempts!: number;
  @Column({ name: 'failed_at', type: 'timestamptz' }) failedAt!: Date;
  @Column({ name: 'replayed_at', type: 'timestamptz', nullable: true }) replayedAt!: Date | null;
  @Column({ name: 'replayed_by', type: 'text', nullable: true }) replayedBy!: string | null;
}
