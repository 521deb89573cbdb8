import { Column, Entity, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';
import type { ApplicationState, ApplicationType, DeduplicationOutcome } from './application';

@Entity('applications')
export class ApplicationEntity {
  @PrimaryColumn({ type: 'uuid' }) id!: string;
  @Column({ type: 'text' }) type!: ApplicationType;
  @Column({ type: 'text' }) state!: ApplicationState;
  @Column({ name: 'person_id', type: 'uuid', nullable: true }) personId!: string | null;
  @Column({ name: 'sealed_data', type: 'bytea' }) sealedData!: Buffer;
  @Column({ name: 'wrapped_key', type: 'bytea' }) wrappedKey!: Buffer;
  @Column({ name: 'key_label', type: 'text' }) keyLabel!: string;
  @Column({ type: 'jsonb', nullable: true }) deduplication!: DeduplicationOutcome | null;
  @Column({ name: 'deduplication_requested_at', type: 'timestamptz', nullable: true }) deduplicationRequestedAt!: Date | null;
  @Column({ name: 'created_by', type: 'text' }) createdBy!: string;
  @Column({ name: 'submitted_by', type: 'text', nullable: true }) submittedBy!: string | null;
  @Column({ name: 'decided_by', type: 'text', nullable: true }) decidedBy!: string | null;
  @Column({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
  @Column({ name: 'updated_at', type: 'timestamptz' }) updatedAt!: Date;
  @Column({ type: 'integer' }) version!: number;
}

@Entity('application_journal')
export class ApplicationJournalEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' }) id!: string;
  @Column({ name: 'application_id', type: 'uuid' }) applicationId!: string;
  @Column({ name: 'from_state', type: 'text', nullable: true }) fromState!: ApplicationState | null;
  @Column({ name: 'to_state', type: 'text' }) toState!: ApplicationState;
  @Column({ type: 'text' }) actor!: string;
  @Column({ type: 'text' }) reason!: string;
  @Column({ type: 'timestamptz' }) at!: Date;
}
