import { Check, Column, CreateDateColumn, Entity, ForeignKey, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import { ConversationEntity } from '../conversations/conversation.entity';

/** A visitor's answer to the satisfaction question after a resolve; the last answer counts. */
@Entity('conversation_satisfaction')
// (conversation, workspace) together, as messages do: the row can never point into another tenant.
@ForeignKey(() => ConversationEntity, ['conversationId', 'workspaceId'], ['id', 'workspaceId'], {
  name: 'fk_conversation_satisfaction_conversation',
  onDelete: 'CASCADE',
})
@Check('ck_conversation_satisfaction_score', 'score BETWEEN 1 AND 5')
export class ConversationSatisfactionEntity {
  @PrimaryColumn({ name: 'conversation_id', type: 'uuid' })
  conversationId!: string;

  @Column({ name: 'workspace_id', type: 'uuid' })
  workspaceId!: string;

  @Column({ type: 'smallint' })
  score!: number;

  @Column({ type: 'text', nullable: true })
  comment!: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
