import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  ForeignKey,
  Index,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
} from 'typeorm';
import { WorkspaceEntity } from '../workspaces/workspace.entity';

/** A workspace's HTTP endpoint subscribed to events. */
@Entity('webhooks')
@Check('ck_webhooks_events', 'cardinality(events) > 0')
@Index('ix_webhooks_workspace', ['workspaceId'])
export class WebhookEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'workspace_id', type: 'uuid' })
  @ForeignKey(() => WorkspaceEntity, { name: 'fk_webhooks_workspace', onDelete: 'CASCADE' })
  workspaceId!: string;

  @Column({ type: 'text' })
  url!: string;

  @Column({ type: 'varchar', length: 200, nullable: true })
  description!: string | null;

  /** HMAC key for signing deliveries; must be readable to sign, so it is never returned after creation. */
  @Column({ name: 'signing_secret', type: 'text', select: false })
  signingSecret!: string;

  @Column({ type: 'text', array: true })
  events!: string[];

  @Column({ name: 'is_active', type: 'boolean', default: true })
  isActive!: boolean;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
