import type { GuardrailAction, GuardrailRule } from '@neodesk/contracts';
import { Column, CreateDateColumn, Entity, ForeignKey, Index, PrimaryGeneratedColumn } from 'typeorm';
import { ConversationEntity } from '../conversations/conversation.entity';

/** One decision a guardrail made on a conversation (a reply stopped, a handoff, a flag). */
@Entity('guardrail_decisions')
@ForeignKey(() => ConversationEntity, ['conversationId', 'workspaceId'], ['id', 'workspaceId'], {
  name: 'fk_guardrail_decisions_conversation',
  onDelete: 'CASCADE',
})
@Index('ix_guardrail_decisions_conversation', ['conversationId', 'createdAt'])
export class GuardrailDecisionEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'workspace_id', type: 'uuid' })
  workspaceId!: string;

  @Column({ name: 'conversation_id', type: 'uuid' })
  conversationId!: string;

  @Column({ type: 'varchar', length: 32 })
  rule!: GuardrailRule;

  @Column({ type: 'varchar', length: 32 })
  action!: GuardrailAction;

  @Column({ name: 'reply_id', type: 'uuid', nullable: true })
  replyId!: string | null;

  @Column({ name: 'message_seq', type: 'integer', nullable: true })
  messageSeq!: number | null;

  @Column({ type: 'text' })
  excerpt!: string;

  @Column({ type: 'text' })
  detail!: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
