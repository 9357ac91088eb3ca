import type { FinishReason, MessageAuthor, MessageFeedback } from '@neodesk/contracts';
import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

@Entity('messages')
export class MessageEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'workspace_id', type: 'uuid' })
  workspaceId!: string;

  @Column({ name: 'conversation_id', type: 'uuid' })
  conversationId!: string;

  @Column({ type: 'integer' })
  seq!: number;

  @Column({ type: 'varchar', length: 16 })
  author!: MessageAuthor;

  @Column({ name: 'author_user_id', type: 'uuid', nullable: true })
  authorUserId!: string | null;

  @Column({ type: 'text' })
  text!: string;

  @Column({ name: 'client_message_id', type: 'varchar', length: 128, nullable: true })
  clientMessageId!: string | null;

  @Column({ name: 'model_id', type: 'varchar', length: 200, nullable: true })
  modelId!: string | null;

  @Column({ name: 'model_version', type: 'varchar', length: 100, nullable: true })
  modelVersion!: string | null;

  @Column({ name: 'prompt_tokens', type: 'integer', nullable: true })
  promptTokens!: number | null;

  @Column({ name: 'completion_tokens', type: 'integer', nullable: true })
  completionTokens!: number | null;

  @Column({ name: 'queue_ms', type: 'integer', nullable: true })
  queueMs!: number | null;

  @Column({ name: 'time_to_first_token_ms', type: 'integer', nullable: true })
  timeToFirstTokenMs!: number | null;

  @Column({ name: 'total_ms', type: 'integer', nullable: true })
  totalMs!: number | null;

  @Column({ name: 'finish_reason', type: 'varchar', length: 16, nullable: true })
  finishReason!: FinishReason | null;

  @Column({ type: 'varchar', length: 16, nullable: true })
  feedback!: MessageFeedback | null;

  @Column({ name: 'feedback_comment', type: 'text', nullable: true })
  feedbackComment!: string | null;

  @Column({ name: 'feedback_at', type: 'timestamptz', nullable: true })
  feedbackAt!: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
