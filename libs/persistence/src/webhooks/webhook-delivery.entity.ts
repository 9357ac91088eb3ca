import { Check, Column, CreateDateColumn, Entity, ForeignKey, Index, PrimaryGeneratedColumn, Unique } from 'typeorm';
import { WorkspaceEntity } from '../workspaces/workspace.entity';
import { WebhookEntity } from './webhook.entity';

export const WEBHOOK_DELIVERY_STATUSES = ['pending', 'succeeded', 'failed'] as const;
export type WebhookDeliveryStatus = (typeof WEBHOOK_DELIVERY_STATUSES)[number];

/** One event owed to one webhook: the outbox row, written with the event and sent later. */
@Entity('webhook_deliveries')
@Unique('uq_webhook_deliveries_event', ['webhookId', 'eventId'])
@Check('ck_webhook_deliveries_status', "status IN ('pending', 'succeeded', 'failed')")
@Index('ix_webhook_deliveries_due', { synchronize: false })
@Index('ix_webhook_deliveries_webhook', { synchronize: false })
@Index('ix_webhook_deliveries_finished', { synchronize: false })
@Index('ix_webhook_deliveries_conversation_order', { synchronize: false })
export class WebhookDeliveryEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'workspace_id', type: 'uuid' })
  @ForeignKey(() => WorkspaceEntity, { name: 'fk_webhook_deliveries_workspace', onDelete: 'CASCADE' })
  workspaceId!: string;

  @Column({ name: 'webhook_id', type: 'uuid' })
  @ForeignKey(() => WebhookEntity, { name: 'fk_webhook_deliveries_webhook', onDelete: 'CASCADE' })
  webhookId!: string;

  @Column({ name: 'event_type', type: 'varchar', length: 64 })
  eventType!: string;

  @Column({ name: 'event_id', type: 'uuid' })
  eventId!: string;

  @Column({ type: 'jsonb' })
  payload!: Record<string, unknown>;

  @Column({ type: 'varchar', length: 16, default: 'pending' })
  status!: WebhookDeliveryStatus;

  @Column({ type: 'integer', default: 0 })
  attempts!: number;

  @Column({ name: 'next_attempt_at', type: 'timestamptz', default: () => 'now()' })
  nextAttemptAt!: Date;

  @Column({ name: 'last_attempt_at', type: 'timestamptz', nullable: true })
  lastAttemptAt!: Date | null;

  @Column({ name: 'last_response_status', type: 'integer', nullable: true })
  lastResponseStatus!: number | null;

  @Column({ name: 'last_error', type: 'text', nullable: true })
  lastError!: string | null;

  /** Set while a dispatcher is sending it; next_attempt_at is then the end of that dispatcher's lease. */
  @Column({ name: 'claim_token', type: 'uuid', nullable: true })
  claimToken!: string | null;

  /** Attempts made before the last redelivery: the retry schedule and its limit count from there. */
  @Column({ name: 'requeued_attempts', type: 'integer', default: 0 })
  requeuedAttempts!: number;

  @Column({ name: 'delivered_at', type: 'timestamptz', nullable: true })
  deliveredAt!: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
