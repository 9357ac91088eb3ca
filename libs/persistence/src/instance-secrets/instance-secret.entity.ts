import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/** A key the installation generated for itself, shared by every replica (never sent to a client). */
@Entity('instance_secrets')
export class InstanceSecretEntity {
  @PrimaryColumn({ type: 'varchar', length: 64 })
  name!: string;

  @Column({ type: 'text' })
  value!: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
