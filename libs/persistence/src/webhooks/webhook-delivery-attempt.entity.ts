import { Check, Column, Entity, ForeignKey, PrimaryGeneratedColumn, Unique } from 'typeorm';
import { WorkspaceEntity } from '../workspaces/workspace.entity';
import { WebhookDeliveryEntity } from './webhook-delivery.entity';

/** One try at sending a delivery: what the receiver answered, or why nothing was sent or answered. */
@Entity('webhook_delivery_attempts')
@Unique('uq_webhook_delivery_attempts_attempt', ['deliveryId', 'attempt'])
@Check('ck_webhook_delivery_attempts_attempt', 'attempt > 0')
export class WebhookDeliveryAttemptEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'workspace_id', type: 'uuid' })
  @ForeignKey(() => WorkspaceEntity, { name: 'fk_webhook_delivery_attempts_workspace', onDelete: 'CASCADE' })
  workspaceId!: string;

  @Column({ name: 'delivery_id', type: 'uuid' })
  @ForeignKey(() => WebhookDeliveryEntity, { name: 'fk_webhook_delivery_attempts_delivery', onDelete: 'CASCADE' })
  deliveryId!: string;

  @Column({ type: 'integer' })
  attempt!: number;

  @Column({ name: 'started_at', type: 'timestamptz' })
  startedAt!: Date;

  /** Null when the sender stopped before the attempt ended (it was found abandoned after its lease). */
  @Column({ name: 'duration_ms', type: 'integer', nullable: true })
  durationMs!: number | null;

  @Column({ name: 'response_status', type: 'integer', nullable: true })
  responseStatus!: number | null;

  @Column({ type: 'text', nullable: true })
  error!: string | null;
}
