import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A registry row: ciphertext, wrapped key and blind indexes — no personal data in clear. */
@Entity('persons')
export class PersonEntity {
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  @Column({ name: 'nin_index', type: 'bytea' })
  ninIndex!: Buffer;

  @Column({ name: 'name_birth_date_index', type: 'bytea' })
  nameBirthDateIndex!: Buffer;

  @Column({ name: 'blind_index_key', type: 'text' })
  blindIndexKey!: string;

  @Column({ name: 'sealed_data', type: 'bytea' })
  sealedData!: Buffer;

  @Column({ name: 'wrapped_key', type: 'bytea' })
  wrappedKey!: Buffer;

  @Column({ name: 'key_label', type: 'text' })
  keyLabel!: string;

  @Column({ type: 'text' })
  status!: 'active' | 'deceased';

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;

  @Column({ type: 'integer' })
  version!: number;
}
