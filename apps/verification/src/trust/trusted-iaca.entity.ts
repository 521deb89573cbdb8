import { Column, Entity, PrimaryColumn } from 'typeorm';

@Entity('trusted_iacas')
export class TrustedIacaEntity {
  @PrimaryColumn({ type: 'uuid' }) id!: string;
  @Column({ type: 'bytea' }) fingerprint!: Buffer;
  @Column({ type: 'bytea' }) certificate!: Buffer;
  @Column({ type: 'text' }) subject!: string;
  @Column({ type: 'text' }) country!: string;
  @Column({ name: 'doc_types', type: 'text', array: true }) docTypes!: string[];
  @Column({ name: 'not_before', type: 'timestamptz' }) notBefore!: Date;
  @Column({ name: 'not_after', type: 'timestamptz' }) notAfter!: Date;
  @Column({ name: 'added_by', type: 'text' }) addedBy!: string;
  @Column({ name: 'added_at', type: 'timestamptz' }) addedAt!: Date;
  @Column({ name: 'retired_at', type: 'timestamptz', nullable: true }) retiredAt!: Date | null;
  @Column({ name: 'retired_by', type: 'text', nullable: true }) retiredBy!: string | null;
  @Column({ name: 'retirement_reason', type: 'text', nullable: true }) retirementReason!: string | null;
}
