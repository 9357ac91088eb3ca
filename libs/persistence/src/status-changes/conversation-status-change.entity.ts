import { type ConversationStatus, HANDOFF_REASONS, type HandoffReason } from '@neodesk/contracts';
import { Check, Column, CreateDateColumn, Entity, ForeignKey, Index, PrimaryGeneratedColumn } from 'typeorm';
import { ConversationEntity } from '../conversations/conversation.entity';
import { UserEntity } from '../users/user.entity';

/** One change of a conversation's status, written in the transaction of the change itself. */
@Entity('conversation_status_changes')
@ForeignKey(() => ConversationEntity, ['conversationId', 'workspaceId'], ['id', 'workspaceId'], {
  name: 'fk_conversation_status_changes_conversation',
  onDelete: 'CASCADE',
})
@Check(
  'ck_conversation_status_changes_reason',
  `reason IN (${HANDOFF_REASONS.map((reason) => `'${reason}'`).join(', ')})`,
)
@Index('ix_conversation_status_changes_conversation', ['conversationId', 'createdAt'])
export class ConversationStatusChangeEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'workspace_id', type: 'uuid' })
  workspaceId!: string;

  @Column({ name: 'conversation_id', type: 'uuid' })
  conversationId!: string;

  @Column({ name: 'from_status', type: 'varchar', length: 16 })
  fromStatus!: ConversationStatus;

  @Column({ name: 'to_status', type: 'varchar', length: 16 })
  toStatus!: ConversationStatus;

  /** Why it went to a person (`waiting_human`, or `human` by an agent's takeover); null otherwise. */
  @Column({ type: 'varchar', length: 32, nullable: true })
  reason!: HandoffReason | null;

  /** The assigned agent after the change. */
  @Column({ name: 'agent_id', type: 'uuid', nullable: true })
  @ForeignKey(() => UserEntity, { name: 'fk_conversation_status_changes_agent', onDelete: 'SET NULL' })
  agentId!: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
