import { Column, Entity, PrimaryColumn } from 'typeorm';

@Entity('audit_log')
export class AuditEntryEntity {
  @PrimaryColumn({ type: 'bigint' })
  sequence!: string;

  @Column({ name: 'occurred_at', type: 'timestamptz' })
  occurredAt!: Date;

  @Column({ type: 'text' })
  actor!: string;

  @Column({ type: 'text' })
  action!: string;

  @Column({ name: 'resource_type', type: 'text' })
  resourceType!: string;

  @Column({ name: 'resource_id', type: 'text' })
  resourceId!: string;

  @Column({ type: 'jsonb' })
  details!: Record<string, string | number | boolean | null>;

  @Column({ name: 'previous_hash', type: 'bytea' })
  previousHash!: Buffer;

  @Column({ name: 'entry_hash', type: 'bytea' })
  entryHash!: Buffer;
}
